#include "kb/htmltext.h"

#include <QTest>

namespace {

QStringList headings(const html::Text &text)
{
    QStringList list;
    for (const KbSection &section : text.sections)
        list.append(section.heading);
    return list;
}

QString allText(const html::Text &text)
{
    QStringList parts;
    for (const KbSection &section : text.sections)
        parts.append(section.text);
    return parts.join(QStringLiteral("\n\n"));
}

} // namespace

// HTML pages as the knowledge base reads them: visible text, split at headings.
class TestHtmlText : public QObject
{
    Q_OBJECT

private slots:
    void readsPage()
    {
        QString error;
        const auto text = html::extractText(QStringLiteral(R"(<!DOCTYPE html>
<html><head><title>  Installing   the app </title><style>p { color: red }</style>
<script>var hidden = "script text";</script></head>
<body>
<nav><a href="/">Home</a> | <a href="/help">Help</a></nav>
<p>Read   this
   first.</p>
<h1>Install</h1>
<p>Fish &amp; chips &eacute;t&eacute;&nbsp;here.</p>
<h2>On <em>Linux</em></h2>
<p>Run the installer.</p><p>Then restart.</p>
<div hidden>secret hidden div</div><span aria-hidden="true">decoration</span>
<noscript>enable javascript</noscript><template><p>template text</p></template>
<!-- a comment -->
<h2>On Windows</h2>
<ul><li>Download</li><li>Double-click</li></ul>
<h3>Older versions</h3>
<p>Not supported.</p>
<h1>Uninstall</h1>
<p>Drag it to the bin.</p>
</body></html>)"),
                                            &error);
        QVERIFY2(text, qPrintable(error));
        QCOMPARE(text->title, QStringLiteral("Installing the app"));
        QCOMPARE(headings(*text), (QStringList{QString(), QStringLiteral("Install"),
                                               QStringLiteral("Install > On Linux"),
                                               QStringLiteral("Install > On Windows"),
                                               QStringLiteral("Install > On Windows > Older versions"),
                                               QStringLiteral("Uninstall")}));
        QCOMPARE(text->sections.at(0).text, QStringLiteral("Read this first."));
        QCOMPARE(text->sections.at(1).text, QString::fromUtf8("Fish & chips \u00e9t\u00e9 here."));
        QCOMPARE(text->sections.at(2).text, QStringLiteral("Run the installer.\n\nThen restart."));
        QCOMPARE(text->sections.at(3).text, QStringLiteral("Download\n\nDouble-click"));
        const QString all = allText(*text);
        for (const char *invisible : {"script text", "color: red", "Home", "secret", "decoration", "javascript",
                                      "template text", "a comment"})
            QVERIFY2(!all.contains(QLatin1String(invisible)), invisible);
    }

    void titleFallsBackToFirstH1()
    {
        const auto text = html::extractText(QStringLiteral("<p>Intro</p><h2>Sub</h2><h1>The <b>Title</b></h1><p>x</p><h1>Second</h1>"));
        QVERIFY(text);
        QCOMPARE(text->title, QStringLiteral("The Title"));
        QVERIFY(html::extractText(QStringLiteral("<p>No headings at all.</p>"))->title.isEmpty());
    }

    void blocksAndWhitespace_data()
    {
        QTest::addColumn<QString>("html");
        QTest::addColumn<QString>("text");
        QTest::newRow("br ends a paragraph") << "<p>one<br>two</p>" << "one\n\ntwo";
        QTest::newRow("inline markup joins") << "<p>sp<b>lit</b> word</p>" << "split word";
        QTest::newRow("table cells") << "<table><tr><td>a</td><td>b</td></tr><tr><th>c</th><td>d</td></tr></table>"
                                     << "a b\n\nc d";
        QTest::newRow("pre keeps lines") << "<pre>line  one\n  line two\n</pre>" << "line one\nline two";
        QTest::newRow("nested divs") << "<div><div>a</div>b<div>c</div></div>" << "a\n\nb\n\nc";
        QTest::newRow("entities") << "<p>&lt;tag&gt; &quot;q&quot; &#8364;5 &copy;</p>"
                                  << QString::fromUtf8("<tag> \"q\" \u20ac5 \u00a9");
        QTest::newRow("text without body") << "just text" << "just text";
        QTest::newRow("images have no text") << "<p>a<img src=x alt=\"picture\">b</p>" << "ab";
    }

    void blocksAndWhitespace()
    {
        QFETCH(QString, html);
        QFETCH(QString, text);
        QString error;
        const auto result = html::extractText(html, &error);
        QVERIFY2(result, qPrintable(error));
        QCOMPARE(allText(*result), text);
    }

    void malformedMarkupStillReads_data()
    {
        QTest::addColumn<QString>("html");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unclosed paragraphs") << "<p>one<p>two" << "two";
        QTest::newRow("misnested") << "<b><i>bold italic</b> rest</i>" << "rest";
        QTest::newRow("stray closers") << "</div></p>text</span></body>" << "text";
        QTest::newRow("unterminated tag") << "<p>kept</p><div class=\"x" << "kept";
        QTest::newRow("unterminated comment") << "<p>kept</p><!-- never closed" << "kept";
        QTest::newRow("unknown tags") << "<foo><bar>inside</bar></foo>" << "inside";
        QTest::newRow("heading never closed") << "<h2>Head<p>body" << "body";
    }

    void malformedMarkupStillReads()
    {
        QFETCH(QString, html);
        QFETCH(QString, expected);
        QString error;
        const auto result = html::extractText(html, &error);
        QVERIFY2(result, qPrintable(error));
        QVERIFY2(allText(*result).contains(expected) || headings(*result).join(QLatin1Char('|')).contains(expected),
                 qPrintable(allText(*result)));
    }

    void deepNestingDoesNotCrash()
    {
        QString page;
        for (int i = 0; i < 20000; ++i)
            page += QStringLiteral("<div>");
        page += QStringLiteral("deep");
        QString error;
        const auto result = html::extractText(page, &error); // libxml2 may refuse the depth; either way, no crash
        QVERIFY(result || !error.isEmpty());
    }

    void encodingDeclarationDoesNotGarble()
    {
        const auto result = html::extractText(QString::fromUtf8(
            "<html><head><meta charset=\"iso-8859-1\"><title>Caf\u00e9</title></head><body><p>Cr\u00e8me br\u00fbl\u00e9e \u20ac</p></body></html>"));
        QVERIFY(result);
        QCOMPARE(result->title, QString::fromUtf8("Caf\u00e9"));
        QCOMPARE(allText(*result), QString::fromUtf8("Cr\u00e8me br\u00fbl\u00e9e \u20ac"));
    }

    void rejects_data()
    {
        QTest::addColumn<QString>("html");
        QTest::addColumn<QString>("error");
        QTest::newRow("empty") << QString() << "empty";
        QTest::newRow("white space") << " \n\t " << "empty";
        QTest::newRow("binary") << QString::fromLatin1("PK\x03\x04\0\0abc", 9) << "binary";
        QTest::newRow("only invisible") << "<html><head><title>T</title><script>x()</script></head><body><nav>menu</nav></body></html>"
                                        << "no visible text";
        QTest::newRow("only markup") << "<html><body><div></div></body></html>" << "no visible text";
    }

    void rejects()
    {
        QFETCH(QString, html);
        QFETCH(QString, error);
        QString message;
        QVERIFY(!html::extractText(html, &message));
        QVERIFY2(message.contains(error), qPrintable(message));
        QVERIFY(!html::extractText(html)); // no error pointer: still fine
    }
};

QTEST_GUILESS_MAIN(TestHtmlText)
#include "tst_htmltext.moc"

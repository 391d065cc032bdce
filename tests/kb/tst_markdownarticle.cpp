#include "kb/markdownarticle.h"

#include <QTest>

class TestMarkdownArticle : public QObject
{
    Q_OBJECT

private slots:
    void parsesFrontMatter()
    {
        QString error;
        const auto doc = markdown::parseArticle(
            QStringLiteral("delivery-times"), QStringLiteral("bundled:delivery-times.md"),
            QStringLiteral("---\ntitle: How long does delivery take?\nchannels: web, Slack\nupdated: 2026-10-01\n---\n\n"
                           "# How long does delivery take?\n\nStandard delivery takes 3-5 working days.\n"),
            QStringLiteral("https://help.example/"), &error);
        QVERIFY2(doc, qPrintable(error));
        QCOMPARE(doc->title, QStringLiteral("How long does delivery take?"));
        QCOMPARE(doc->url, QStringLiteral("https://help.example/delivery-times"));
        QCOMPARE(doc->allowedChannels, (QStringList{QStringLiteral("web"), QStringLiteral("slack")}));
        QVERIFY(doc->updatedAt > 0);
        QVERIFY(!doc->text.contains(QStringLiteral("# How long"))); // the title is not repeated in the text
        QVERIFY(doc->text.startsWith(QStringLiteral("Standard delivery")));
    }

    void titleFromHeadingWithoutFrontMatter()
    {
        QString error;
        const auto doc = markdown::parseArticle(QStringLiteral("a"), QString(), QStringLiteral("# Returns\n\nText."),
                                                QStringLiteral("u/"), &error);
        QVERIFY(doc);
        QCOMPARE(doc->title, QStringLiteral("Returns"));
        QVERIFY(doc->allowedChannels.isEmpty());
    }

    void rejectsBrokenArticles_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("unterminated front matter") << "---\ntitle: x\n# x\n\ntext";
        QTest::newRow("no title") << "just text";
        QTest::newRow("no text") << "# Only a title";
    }

    void rejectsBrokenArticles()
    {
        QFETCH(QString, text);
        QString error;
        QVERIFY(!markdown::parseArticle(QStringLiteral("a"), QString(), text, QString(), &error));
        QVERIFY(!error.isEmpty());
    }

    void plainTextAndSentences()
    {
        const QString plain = markdown::toPlainText(QStringLiteral(
            "## Costs\n\n- **Standard**: free over €50\n- Express [see here](https://x.example/y)\n\nWe ship fast. Really fast!"));
        QVERIFY(!plain.contains(QLatin1Char('*')));
        QVERIFY(!plain.contains(QStringLiteral("https://")));
        QVERIFY(plain.contains(QStringLiteral("Express see here.")));
        const QStringList sentences = markdown::sentences(plain);
        QVERIFY(sentences.contains(QStringLiteral("We ship fast.")));
        QVERIFY(sentences.contains(QStringLiteral("Really fast!")));
        QVERIFY(sentences.contains(QStringLiteral("Costs.")));
    }
};

QTEST_GUILESS_MAIN(TestMarkdownArticle)
#include "tst_markdownarticle.moc"

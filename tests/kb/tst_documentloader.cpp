#include "kb/documentloader.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

namespace {

const KbDocument *findDoc(const kb::LoadResult &result, const QString &id)
{
    for (const KbDocument &doc : result.documents) {
        if (doc.id == id)
            return &doc;
    }
    return nullptr;
}

QStringList ids(const kb::LoadResult &result)
{
    QStringList list;
    for (const KbDocument &doc : result.documents)
        list.append(doc.id);
    return list;
}

QString errorsContaining(const kb::LoadResult &result, const QString &part)
{
    for (const QString &error : result.errors) {
        if (error.contains(part))
            return error;
    }
    return {};
}

} // namespace

// Loading knowledge-base files: formats, ids, folders and every kind of bad input.
class TestDocumentLoader : public QObject
{
    Q_OBJECT

private:
    QString write(const QString &relative, const QByteArray &content)
    {
        const QString path = m_dir->filePath(relative);
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(path));
        file.write(content);
        return path;
    }

    std::unique_ptr<QTemporaryDir> m_dir;

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void markdownWithFrontMatter()
    {
        write(QStringLiteral("kb/Returns/Refund Times.md"),
              "---\ntitle: How long do refunds take?\nurl: https://help.example/refunds\nchannels: web, Email\n"
              "updated: 2026-10-01T10:00:00Z\n---\n\n# How long do refunds take?\n\nRefunds take 5 days.\n\n"
              "## By card\n\nCard refunds take 3 days.\n");
        const auto result = kb::loadPaths({m_dir->filePath(QStringLiteral("kb"))}, QStringLiteral("https://h.example/"));
        QVERIFY2(result.errors.isEmpty(), qPrintable(result.errors.join(QLatin1Char('\n'))));
        QCOMPARE(result.documents.size(), 1);
        const KbDocument &doc = result.documents.first();
        QCOMPARE(doc.id, QStringLiteral("returns-refund-times"));
        QCOMPARE(doc.title, QStringLiteral("How long do refunds take?"));
        QCOMPARE(doc.url, QStringLiteral("https://help.example/refunds"));
        QCOMPARE(doc.format, QStringLiteral("markdown"));
        QCOMPARE(doc.source, QStringLiteral("file:Returns/Refund Times.md"));
        QCOMPARE(doc.allowedChannels, (QStringList{QStringLiteral("web"), QStringLiteral("email")}));
        QCOMPARE(doc.updatedAt, QDateTime(QDate(2026, 10, 1), QTime(10, 0), Qt::UTC).toMSecsSinceEpoch());
        const QList<KbSection> sections = kb::sectionsOf(doc);
        QCOMPARE(sections.size(), 2);
        QCOMPARE(sections.at(0).heading, QString());
        QCOMPARE(sections.at(1).heading, QStringLiteral("By card"));
    }

    void htmlAndTextFiles()
    {
        const QString page = write(QStringLiteral("Guide.HTML"),
                                   "<html><head><title>Sizing guide</title></head><body><h1>Sizes</h1><p>Boots run small.</p></body></html>");
        const QString notes = write(QStringLiteral("notes.txt"), "Opening hours\r\n\r\nWe are open 9 to 5.\r\n\r\n\r\nClosed on Sundays.\n");
        const auto result = kb::loadPaths({page, notes}, QStringLiteral("https://h.example/"));
        QVERIFY2(result.errors.isEmpty(), qPrintable(result.errors.join(QLatin1Char('\n'))));
        QCOMPARE(ids(result), (QStringList{QStringLiteral("guide"), QStringLiteral("notes")}));

        const KbDocument &html = result.documents.at(0);
        QCOMPARE(html.title, QStringLiteral("Sizing guide"));
        QCOMPARE(html.format, QStringLiteral("html"));
        QCOMPARE(html.url, QStringLiteral("https://h.example/guide"));
        QCOMPARE(html.source, QStringLiteral("file:Guide.HTML"));
        QCOMPARE(html.updatedAt, QFileInfo(page).lastModified().toMSecsSinceEpoch()); // no date in the file
        QCOMPARE(kb::sectionsOf(html).constFirst().heading, QStringLiteral("Sizes"));

        const KbDocument &text = result.documents.at(1);
        QCOMPARE(text.title, QStringLiteral("Opening hours"));
        QCOMPARE(text.format, QStringLiteral("text"));
        const QList<KbSection> sections = kb::sectionsOf(text);
        QCOMPARE(sections.size(), 1);
        QCOMPARE(sections.at(0).heading, QString());
        QCOMPARE(sections.at(0).text, QStringLiteral("Opening hours\n\nWe are open 9 to 5.\n\nClosed on Sundays."));
    }

    void byteOrderMarkIsIgnored()
    {
        const QString path = write(QStringLiteral("bom.md"), "\xEF\xBB\xBF---\ntitle: With BOM\n---\nText.");
        const auto result = kb::loadPaths({path});
        QVERIFY2(result.errors.isEmpty(), qPrintable(result.errors.join(QLatin1Char('\n'))));
        QCOMPARE(result.documents.first().title, QStringLiteral("With BOM"));
    }

    void noUrlWithoutBase()
    {
        const QString path = write(QStringLiteral("a.md"), "# A\n\ntext");
        const auto result = kb::loadPaths({path});
        QCOMPARE(result.documents.size(), 1);
        QVERIFY(result.documents.first().url.isEmpty());
    }

    void jsonLines()
    {
        const QString path = write(
            QStringLiteral("export.jsonl"),
            R"({"id":"faq-1","title":"Returns","text":"Send it back within 30 days.","url":"https://x.example/1","allowed_channels":["web","slack"],"updated_at":"2026-01-02T03:04:05Z"})"
            "\n"
            R"({"id":"faq-2","text":"No title here."})"
            "\n"
            "\n"
            R"({"id":"faq-3", "title": broken json)"
            "\n"
            R"({"id":"faq-4","title":"Epoch","text":"<p>Some <b>HTML</b>.</p>","format":"html","updated_at":1700000000000,"section":"Misc"})"
            "\n"
            R"(["not","an","object"])"
            "\n"
            R"({"id":"faq-5","title":"Sms","text":"x","allowed_channels":["sms"]})"
            "\n"
            R"({"id":"faq-6","title":"Bad time","text":"x","updated_at":"yesterday"})"
            "\n"
            R"({"id":"faq-7","title":"Bad format","text":"x","format":"pdf"})"
            "\n"
            R"({"id":"faq 8","title":"Bad id","text":"x"})"
            "\n"
            R"({"id":"faq-9","title":"No date","text":"Plain."})"
            "\n");
        const auto result = kb::loadPaths({path}, QStringLiteral("https://h.example/"));
        QCOMPARE(ids(result), (QStringList{QStringLiteral("faq-1"), QStringLiteral("faq-4"), QStringLiteral("faq-9")}));

        const KbDocument *first = findDoc(result, QStringLiteral("faq-1"));
        QCOMPARE(first->title, QStringLiteral("Returns"));
        QCOMPARE(first->url, QStringLiteral("https://x.example/1"));
        QCOMPARE(first->format, QStringLiteral("text"));
        QCOMPARE(first->source, QStringLiteral("file:export.jsonl"));
        QCOMPARE(first->allowedChannels, (QStringList{QStringLiteral("web"), QStringLiteral("slack")}));
        QCOMPARE(first->updatedAt, QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC).toMSecsSinceEpoch());
        const KbDocument *epoch = findDoc(result, QStringLiteral("faq-4"));
        QCOMPARE(epoch->updatedAt, Q_INT64_C(1700000000000));
        QCOMPARE(epoch->format, QStringLiteral("html"));
        QCOMPARE(findDoc(result, QStringLiteral("faq-9"))->url, QStringLiteral("https://h.example/faq-9"));
        QCOMPARE(findDoc(result, QStringLiteral("faq-9"))->updatedAt, QFileInfo(path).lastModified().toMSecsSinceEpoch());

        QCOMPARE(result.errors.size(), 7);
        const QStringList expected{QStringLiteral("export.jsonl:2: \"title\""), QStringLiteral("export.jsonl:4: not valid JSON"),
                                   QStringLiteral("export.jsonl:6: not a JSON object"),
                                   QStringLiteral("export.jsonl:7: unknown channel 'sms'"),
                                   QStringLiteral("export.jsonl:8: \"updated_at\""),
                                   QStringLiteral("export.jsonl:9: unknown \"format\""),
                                   QStringLiteral("export.jsonl:10: \"id\"")};
        for (const QString &part : expected)
            QVERIFY2(!errorsContaining(result, part).isEmpty(), qPrintable(part + QStringLiteral(" not in\n") + result.errors.join(QLatin1Char('\n'))));
    }

    void duplicateIdsKeepTheFirst()
    {
        write(QStringLiteral("kb/delivery.md"), "# Delivery (markdown)\n\nThree days.");
        write(QStringLiteral("kb/delivery.txt"), "Delivery (text)\n\nFour days.");
        write(QStringLiteral("kb/more.jsonl"), R"j({"id":"delivery","title":"Delivery (jsonl)","text":"Five days."})j"
                                               "\n"
                                               R"({"id":"x","title":"X","text":"x"})"
                                               "\n"
                                               R"({"id":"x","title":"X again","text":"y"})"
                                               "\n");
        const auto result = kb::loadPaths({m_dir->filePath(QStringLiteral("kb"))});
        QCOMPARE(ids(result), (QStringList{QStringLiteral("delivery"), QStringLiteral("x")}));
        QCOMPARE(result.documents.first().title, QStringLiteral("Delivery (markdown)"));
        QCOMPARE(findDoc(result, QStringLiteral("x"))->title, QStringLiteral("X"));
        QCOMPARE(result.errors.size(), 3);
        QVERIFY(!errorsContaining(result, QStringLiteral("delivery.txt: duplicate document id 'delivery'")).isEmpty());
        QVERIFY(!errorsContaining(result, QStringLiteral("more.jsonl:1: duplicate document id 'delivery'")).isEmpty());
        QVERIFY(!errorsContaining(result, QStringLiteral("more.jsonl:3: duplicate document id 'x' (first loaded from")).isEmpty());
    }

    void rejectsBadFiles_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("error");
        QTest::newRow("too large") << "big.txt" << QByteArray(kb::maxFileSize + 1, 'a') << "too large";
        QTest::newRow("binary (NUL)") << "image.md" << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) << "binary";
        QTest::newRow("not UTF-8") << "latin1.txt" << QByteArray("caf\xe9 au lait") << "not UTF-8";
        QTest::newRow("empty") << "empty.md" << QByteArray() << "empty file";
        QTest::newRow("white space only") << "blank.txt" << QByteArray(" \n\n\t\n") << "empty file";
        QTest::newRow("unknown channel") << "chan.md" << QByteArray("---\ntitle: T\nchannels: web, fax\n---\nText.")
                                         << "unknown channel 'fax' (known: web, slack, email)";
        QTest::newRow("markdown without title") << "notitle.md" << QByteArray("Just text.") << "title";
        QTest::newRow("html without title") << "notitle.html" << QByteArray("<p>Just text.</p>") << "no title";
        QTest::newRow("html without text") << "script.html"
                                           << QByteArray("<title>T</title><script>x()</script>") << "no visible text";
        QTest::newRow("unknown extension") << "data.pdf" << QByteArray("%PDF-1.4") << "unknown file type";
        QTest::newRow("empty jsonl") << "e.jsonl" << QByteArray("\n\n") << "empty file";
    }

    void rejectsBadFiles()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, content);
        QFETCH(QString, error);
        const QString path = write(name, content);
        const auto result = kb::loadPaths({path});
        QVERIFY(result.documents.isEmpty());
        QCOMPARE(result.errors.size(), 1);
        QVERIFY2(result.errors.first().startsWith(path + QStringLiteral(": ")), qPrintable(result.errors.first()));
        QVERIFY2(result.errors.first().contains(error), qPrintable(result.errors.first()));
    }

    void badFilesDoNotStopTheRest()
    {
        write(QStringLiteral("kb/a.md"), "# A\n\nFine.");
        write(QStringLiteral("kb/b.md"), QByteArray("\0\0\0", 3));
        write(QStringLiteral("kb/c.txt"), "");
        write(QStringLiteral("kb/d.txt"), "D\n\nFine too.");
        const auto result = kb::loadPaths({m_dir->filePath(QStringLiteral("kb"))});
        QCOMPARE(ids(result), (QStringList{QStringLiteral("a"), QStringLiteral("d")}));
        QCOMPARE(result.errors.size(), 2);
    }

    void foldersRecursively()
    {
        write(QStringLiteral("kb/zeta.md"), "# Zeta\n\nz");
        write(QStringLiteral("kb/alpha.txt"), "Alpha\n\na");
        write(QStringLiteral("kb/guides/Install Linux.md"), "# Install\n\ni");
        write(QStringLiteral("kb/guides/deep/er/page.htm"), "<h1>Deep</h1><p>d</p>");
        write(QStringLiteral("kb/.hidden.md"), "# Hidden\n\nh");
        write(QStringLiteral("kb/.git/config.md"), "# Git\n\ng");
        write(QStringLiteral("kb/README"), "not loaded");
        write(QStringLiteral("kb/logo.png"), QByteArray("\x89PNG\0", 5));
        write(QStringLiteral("kb/guides/notes.v2.txt"), "Notes\n\nn");
        const auto result = kb::loadPaths({m_dir->filePath(QStringLiteral("kb"))});
        QVERIFY2(result.errors.isEmpty(), qPrintable(result.errors.join(QLatin1Char('\n'))));
        QCOMPARE(ids(result), (QStringList{QStringLiteral("alpha"), QStringLiteral("guides-install-linux"),
                                           QStringLiteral("guides-deep-er-page"), QStringLiteral("guides-notes.v2"),
                                           QStringLiteral("zeta")}));
        QCOMPARE(findDoc(result, QStringLiteral("guides-deep-er-page"))->source,
                 QStringLiteral("file:guides/deep/er/page.htm"));
        for (const KbDocument &doc : result.documents)
            QVERIFY2(!doc.source.contains(m_dir->path()), qPrintable(doc.source)); // never an absolute path
    }

    void missingPath()
    {
        const auto result = kb::loadPaths({m_dir->filePath(QStringLiteral("nope"))});
        QVERIFY(result.documents.isEmpty());
        QCOMPARE(result.errors.size(), 1);
        QVERIFY(result.errors.first().contains(QStringLiteral("no such file or folder")));
    }

    void customChannels()
    {
        const QString path = write(QStringLiteral("sms.md"), "---\ntitle: T\nchannels: SMS\n---\nText.");
        QVERIFY(!kb::loadPaths({path}).errors.isEmpty());
        const auto result = kb::loadPaths({path}, QString(), {QStringLiteral("web"), QStringLiteral("sms")});
        QVERIFY(result.errors.isEmpty());
        QCOMPARE(result.documents.first().allowedChannels, QStringList{QStringLiteral("sms")});
    }

    void docIds_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("id");
        QTest::newRow("plain") << "delivery-times.md" << "delivery-times";
        QTest::newRow("no extension") << "delivery-times" << "delivery-times";
        QTest::newRow("case and spaces") << "Refund Times.TXT" << "refund-times";
        QTest::newRow("folders") << "guides/setup/Linux.html" << "guides-setup-linux";
        QTest::newRow("dotted folder") << "v2.0/notes" << "v2.0-notes";
        QTest::newRow("last extension only") << "v1.2_notes.md" << "v1.2_notes";
        QTest::newRow("other characters") << QString::fromUtf8("caf\u00e9 & bar#1.md") << "caf----bar-1";
    }

    void docIds()
    {
        QFETCH(QString, path);
        QFETCH(QString, id);
        QCOMPARE(kb::docIdForPath(path), id);
    }

    void markdownSections()
    {
        KbDocument doc;
        doc.format = QStringLiteral("markdown");
        doc.text = QStringLiteral("Intro line one\nwrapped here.\n\n## Returns\n\nSend it back.\n\n"
                                  "### Refund **times**\n\n- Card: 3 days\n- PayPal: 1 day\n\n```\n# not a heading\n```\n\n"
                                  "## Exchanges ##\n\nSwap sizes.\n\n#hashtag is text\n");
        const QList<KbSection> sections = kb::sectionsOf(doc);
        QCOMPARE(sections.size(), 4);
        QCOMPARE(sections.at(0).heading, QString());
        QCOMPARE(sections.at(0).text, QStringLiteral("Intro line one wrapped here."));
        QCOMPARE(sections.at(1).heading, QStringLiteral("Returns"));
        QCOMPARE(sections.at(2).heading, QStringLiteral("Returns > Refund times"));
        QCOMPARE(sections.at(2).text, QStringLiteral("Card: 3 days.\nPayPal: 1 day.\n\n# not a heading"));
        QCOMPARE(sections.at(3).heading, QStringLiteral("Exchanges"));
        QCOMPARE(sections.at(3).text, QStringLiteral("Swap sizes.\n\n#hashtag is text."));
    }

    void sectionsOfEmptyDocuments()
    {
        for (const char *format : {"markdown", "html", "text", "unknown"}) {
            KbDocument doc;
            doc.format = QLatin1String(format);
            doc.text = QStringLiteral("  \n\n ");
            QVERIFY2(kb::sectionsOf(doc).isEmpty(), format);
        }
    }
};

QTEST_GUILESS_MAIN(TestDocumentLoader)
#include "tst_documentloader.moc"

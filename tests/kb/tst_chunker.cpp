#include "kb/chunker.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>

namespace {

const QStringList words{
    QStringLiteral("order"),  QStringLiteral("refund"),   QStringLiteral("parcel"), QStringLiteral("boots"),
    QStringLiteral("tent"),   QStringLiteral("delivery"), QStringLiteral("card"),   QStringLiteral("size"),
    QStringLiteral("return"), QStringLiteral("label"),    QStringLiteral("days"),   QStringLiteral("store")};

// A unique, deterministic sentence of about 14 tokens: "S12 the parcel, boots ... order."
QString sentence(int paragraph, int index, int length = 12)
{
    QString text = QStringLiteral("S%1x%2 the").arg(paragraph).arg(index);
    for (int i = 0; i < length; ++i)
        text += QLatin1Char(' ') + words.at((paragraph * 7 + index * 3 + i) % words.size());
    return text + QLatin1Char('.');
}

QString paragraph(int number, int sentences = 5)
{
    QStringList list;
    for (int i = 0; i < sentences; ++i)
        list.append(sentence(number, i));
    return list.join(QLatin1Char(' '));
}

// A Markdown document of `sections` sections of `paragraphs` paragraphs each (~75 tokens a paragraph).
KbDocument makeLongDocument(int sections, int paragraphs)
{
    KbDocument doc;
    doc.id = QStringLiteral("guide");
    doc.format = QStringLiteral("markdown");
    int number = 0;
    QStringList parts{paragraph(number++)}; // text before the first heading
    for (int s = 0; s < sections; ++s) {
        parts.append(QStringLiteral("## Part %1").arg(s + 1));
        if (s == 1)
            parts.append(QStringLiteral("### Detail"));
        for (int p = 0; p < paragraphs; ++p)
            parts.append(paragraph(number++));
    }
    doc.text = parts.join(QStringLiteral("\n\n"));
    return doc;
}

QStringList chunkIds(const QList<KbChunk> &chunks)
{
    QStringList ids;
    for (const KbChunk &chunk : chunks)
        ids.append(chunk.id);
    return ids;
}

// The longest suffix of `a` that starts `b`.
QString overlapOf(const QString &a, const QString &b)
{
    for (qsizetype length = std::min(a.size(), b.size()); length > 0; --length) {
        if (a.endsWith(QStringView(b).left(length)))
            return b.left(length);
    }
    return {};
}

} // namespace

// Chunking documents for retrieval: budgets, cut points, overlap, stable ids.
class TestChunker : public QObject
{
    Q_OBJECT

private slots:
    void countTokens_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("tokens");
        QTest::newRow("empty") << QString() << 0;
        QTest::newRow("white space") << " \n\t " << 0;
        QTest::newRow("words") << "hello  world" << 2;
        QTest::newRow("punctuation") << "Don't panic!" << 5;
        QTest::newRow("numbers") << "3.5 kg, 20%" << 7;
        QTest::newRow("accents") << QString::fromUtf8("Caf\u00e9 cre\u0300me") << 2;
        QTest::newRow("non-BMP symbol") << QString::fromUtf8("ok \U0001F44D") << 2;
        QTest::newRow("url") << "https://x.example/a" << 9;
        QTest::newRow("24 letters") << QString(24, QLatin1Char('a')) << 1;
        QTest::newRow("25 letters") << QString(25, QLatin1Char('a')) << 2;
        QTest::newRow("long blob") << QString(240, QLatin1Char('7')) + QStringLiteral(" x") << 11;
    }

    void countTokens()
    {
        QFETCH(QString, text);
        QFETCH(int, tokens);
        QCOMPARE(kb::countTokens(text), tokens);
    }

    void shortDocumentIsOneChunk()
    {
        KbDocument doc;
        doc.id = QStringLiteral("delivery-times");
        doc.text = QStringLiteral("Standard delivery takes 3-5 working days.\n\n## Express\n\nExpress takes one day.");
        const QList<KbChunk> chunks = kb::chunkDocument(doc);
        QCOMPARE(chunks.size(), 1);
        const KbChunk &chunk = chunks.first();
        QCOMPARE(chunk.docId, doc.id);
        QCOMPARE(chunk.ordinal, 0);
        QCOMPARE(chunk.section, QString());
        // the merged section keeps its heading as a line
        QCOMPARE(chunk.text, QStringLiteral("Standard delivery takes 3-5 working days.\n\nExpress\n\nExpress takes one day."));
        QCOMPARE(chunk.tokenCount, kb::countTokens(chunk.text));
        QVERIFY(QRegularExpression(QStringLiteral("^delivery-times#[0-9a-f]{16}$")).match(chunk.id).hasMatch());
        QCOMPARE(chunk.id, kb::chunkId(doc.id, chunk.section, chunk.text));
        QVERIFY(chunk.embeddingModel.isEmpty());
        QVERIFY(chunk.embedding.isEmpty());
    }

    void noTextNoChunks_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("text");
        QTest::newRow("markdown empty") << "markdown" << "";
        QTest::newRow("markdown blank") << "markdown" << "  \n\n  ";
        QTest::newRow("headings only") << "markdown" << "## One\n\n## Two";
        QTest::newRow("text blank") << "text" << "\n\n";
        QTest::newRow("html invisible") << "html" << "<script>x()</script>";
        QTest::newRow("html broken") << "html" << QString::fromLatin1("\0\x01", 2);
    }

    void noTextNoChunks()
    {
        QFETCH(QString, format);
        QFETCH(QString, text);
        KbDocument doc;
        doc.id = QStringLiteral("x");
        doc.format = format;
        doc.text = text;
        QVERIFY(kb::chunkDocument(doc).isEmpty());
    }

    void longDocument()
    {
        const KbDocument doc = makeLongDocument(4, 10); // ~3000 tokens
        const int total = kb::countTokens(doc.text);
        QVERIFY2(total > 2800 && total < 3500, qPrintable(QString::number(total)));

        // Paragraph ends, to check the cut points against.
        QSet<QString> paragraphEnds;
        for (int p = 0; p < 50; ++p)
            paragraphEnds.insert(sentence(p, 4));

        const QList<KbChunk> chunks = kb::chunkDocument(doc);
        QVERIFY(chunks.size() >= 4);
        const QSet<QString> headings{QString(), QStringLiteral("Part 1"), QStringLiteral("Part 2"),
                                     QStringLiteral("Part 2 > Detail"), QStringLiteral("Part 3"), QStringLiteral("Part 4")};
        int overlaps = 0;
        for (int i = 0; i < chunks.size(); ++i) {
            const KbChunk &chunk = chunks.at(i);
            const QString where = QStringLiteral("chunk %1 (%2 tokens, section '%3'): %4")
                                      .arg(i).arg(chunk.tokenCount).arg(chunk.section, chunk.text.left(60));
            QCOMPARE(chunk.ordinal, i);
            QCOMPARE(chunk.docId, doc.id);
            QCOMPARE(chunk.tokenCount, kb::countTokens(chunk.text));
            QVERIFY2(chunk.tokenCount <= 800, qPrintable(where));
            QVERIFY2(headings.contains(chunk.section), qPrintable(where));
            QVERIFY2(!chunk.text.contains(QLatin1Char('#')), qPrintable(where)); // plain text
            if (i + 1 == chunks.size())
                break;
            const KbChunk &next = chunks.at(i + 1);
            const bool cutAtHeading = next.section != chunk.section && !overlapOf(chunk.text, next.text).contains(QLatin1Char(' '));
            if (!cutAtHeading) {
                QVERIFY2(chunk.tokenCount >= 512, qPrintable(where));
                // cut at the end of a paragraph, the next chunk repeats whole sentences of the tail
                const QString lastSentence = chunk.text.section(QStringLiteral(". "), -1);
                QVERIFY2(paragraphEnds.contains(lastSentence), qPrintable(where + QStringLiteral(" ends with ") + lastSentence));
                const QString overlap = overlapOf(chunk.text, next.text);
                const int overlapTokens = kb::countTokens(overlap);
                QVERIFY2(overlapTokens >= 40 && overlapTokens <= 80, qPrintable(where + QStringLiteral(" overlap ") + overlap));
                QVERIFY2(overlap.startsWith(QLatin1Char('S')) && overlap.endsWith(QLatin1Char('.')), qPrintable(overlap));
                ++overlaps;
            }
        }
        QVERIFY(overlaps > 0);
        QCOMPARE(chunks.first().section, QString());
        QVERIFY(chunks.first().text.startsWith(sentence(0, 0)));
        QVERIFY(chunks.last().text.endsWith(sentence(40, 4)));

        // every sentence of the document is in some chunk
        for (int p = 0; p <= 40; ++p) {
            for (int s = 0; s < 5; ++s) {
                bool found = false;
                for (const KbChunk &chunk : chunks)
                    found = found || chunk.text.contains(sentence(p, s));
                QVERIFY2(found, qPrintable(sentence(p, s)));
            }
        }
    }

    void idsAreStable()
    {
        const KbDocument doc = makeLongDocument(4, 10);
        const QList<KbChunk> first = kb::chunkDocument(doc);
        const QList<KbChunk> second = kb::chunkDocument(doc);
        QCOMPARE(chunkIds(first), chunkIds(second));
        const QStringList ids = chunkIds(first);
        QCOMPARE(QSet<QString>(ids.cbegin(), ids.cend()).size(), ids.size()); // unique

        // One word changed (same token count) in the last paragraph: only the last chunk changes.
        KbDocument edited = doc;
        const QString last = sentence(40, 2);
        QVERIFY(edited.text.contains(last));
        edited.text.replace(last, QString(last).replace(QStringLiteral(" the "), QStringLiteral(" one ")));
        const QList<KbChunk> changed = kb::chunkDocument(edited);
        QCOMPARE(changed.size(), first.size());
        for (int i = 0; i + 1 < first.size(); ++i)
            QCOMPARE(changed.at(i).id, first.at(i).id);
        QVERIFY(changed.last().id != first.last().id);

        // A changed heading changes the ids of the chunks in that section.
        KbDocument renamed = doc;
        renamed.text.replace(QStringLiteral("## Part 4"), QStringLiteral("## Part Four"));
        const QList<KbChunk> renamedChunks = kb::chunkDocument(renamed);
        QCOMPARE(renamedChunks.first().id, first.first().id);
        QVERIFY(renamedChunks.last().id != first.last().id);
        QCOMPARE(renamedChunks.last().section, QStringLiteral("Part Four"));
    }

    void smallSectionsMerge()
    {
        KbDocument doc;
        doc.id = QStringLiteral("merge");
        QStringList parts;
        int number = 0;
        // three small sections (~75 tokens each), then a large one
        for (int s = 0; s < 3; ++s)
            parts << QStringLiteral("## Small %1").arg(s) << paragraph(number++);
        parts << QStringLiteral("## Large");
        for (int p = 0; p < 12; ++p)
            parts << paragraph(number++);
        doc.text = parts.join(QStringLiteral("\n\n"));
        const QList<KbChunk> chunks = kb::chunkDocument(doc);
        QVERIFY(chunks.size() >= 2);
        QCOMPARE(chunks.first().section, QStringLiteral("Small 0"));
        QVERIFY(chunks.first().text.contains(QStringLiteral("\n\nSmall 1\n\n") + sentence(1, 0)));
        QVERIFY(chunks.first().text.contains(QStringLiteral("\n\nLarge\n\n") + sentence(3, 0)));
        QVERIFY(chunks.first().tokenCount >= 512);
        for (int i = 1; i < chunks.size(); ++i)
            QCOMPARE(chunks.at(i).section, QStringLiteral("Large"));
    }

    void cutsAtHeadingOnceFull()
    {
        KbDocument doc;
        doc.id = QStringLiteral("h");
        QStringList parts{QStringLiteral("## One")};
        for (int p = 0; p < 8; ++p) // ~600 tokens: over minTokens
            parts << paragraph(p);
        parts << QStringLiteral("## Two");
        for (int p = 8; p < 12; ++p)
            parts << paragraph(p);
        doc.text = parts.join(QStringLiteral("\n\n"));
        const QList<KbChunk> chunks = kb::chunkDocument(doc);
        QCOMPARE(chunks.size(), 2);
        QCOMPARE(chunks.at(0).section, QStringLiteral("One"));
        QCOMPARE(chunks.at(1).section, QStringLiteral("Two"));
        QVERIFY(chunks.at(1).text.startsWith(sentence(8, 0))); // no overlap across a heading
        QVERIFY(chunks.at(0).text.endsWith(sentence(7, 4)));
    }

    void hardCutsInEndlessSentences()
    {
        KbDocument doc;
        doc.id = QStringLiteral("wall");
        doc.format = QStringLiteral("text");
        QStringList tokens;
        for (int i = 0; i < 2500; ++i)
            tokens.append(words.at(i % words.size()) + QString::number(i));
        // words without a full stop, a blob without spaces, punctuation without letters
        doc.text = tokens.join(QLatin1Char(' ')) + QStringLiteral("\n\n") + QString(50000, QLatin1Char('x'))
            + QStringLiteral("\n\n") + QString(3000, QLatin1Char('-'));
        const QList<KbChunk> chunks = kb::chunkDocument(doc);
        QVERIFY(chunks.size() >= 10);
        int covered = 0;
        for (int i = 0; i < chunks.size(); ++i) {
            const KbChunk &chunk = chunks.at(i);
            QVERIFY2(chunk.tokenCount <= 800, qPrintable(QString::number(chunk.tokenCount)));
            QCOMPARE(chunk.tokenCount, kb::countTokens(chunk.text));
            if (i + 1 < chunks.size() && chunks.at(i + 1).text.startsWith(QLatin1Char('-')) == chunk.text.startsWith(QLatin1Char('-')))
                QVERIFY(kb::countTokens(overlapOf(chunk.text, chunks.at(i + 1).text)) >= 40);
            covered += chunk.text.count(QLatin1Char('-'));
        }
        QVERIFY(covered >= 3000);
        QVERIFY(std::any_of(chunks.cbegin(), chunks.cend(), [](const KbChunk &chunk) {
            return chunk.text.contains(QString(24 * 700, QLatin1Char('x'))); // the blob is cut into ~800-token parts
        }));
        QVERIFY(chunks.last().text.endsWith(QLatin1Char('-')));
    }

    void options_data()
    {
        QTest::addColumn<int>("minTokens");
        QTest::addColumn<int>("maxTokens");
        QTest::addColumn<int>("overlapTokens");
        QTest::newRow("defaults") << 512 << 800 << 80;
        QTest::newRow("small") << 50 << 100 << 10;
        QTest::newRow("no overlap") << 200 << 300 << 0;
        QTest::newRow("min over max") << 900 << 300 << 50;
        QTest::newRow("overlap over max") << 10 << 40 << 500;
        QTest::newRow("tiny") << 0 << 1 << 0;
        QTest::newRow("negative") << -5 << -5 << -5;
    }

    void options()
    {
        QFETCH(int, minTokens);
        QFETCH(int, maxTokens);
        QFETCH(int, overlapTokens);
        const kb::ChunkOptions options{minTokens, maxTokens, overlapTokens};
        const KbDocument doc = makeLongDocument(2, 4);
        const QList<KbChunk> chunks = kb::chunkDocument(doc, options);
        QVERIFY(!chunks.isEmpty());
        QCOMPARE(chunkIds(chunks), chunkIds(kb::chunkDocument(doc, options))); // deterministic
        for (const KbChunk &chunk : chunks)
            QVERIFY2(chunk.tokenCount <= std::max(1, maxTokens), qPrintable(chunk.text));
        if (maxTokens >= 40)
            QVERIFY(chunks.last().text.endsWith(sentence(8, 4)));
    }

    void htmlAndText()
    {
        KbDocument page;
        page.id = QStringLiteral("page");
        page.format = QStringLiteral("html");
        page.text = QStringLiteral("<h1>Install</h1><p>Run it.</p><h2>On Linux</h2><p>Use apt.</p>");
        const QList<KbChunk> chunks = kb::chunkDocument(page);
        QCOMPARE(chunks.size(), 1);
        QCOMPARE(chunks.first().section, QStringLiteral("Install"));
        QCOMPARE(chunks.first().text, QStringLiteral("Run it.\n\nOn Linux\n\nUse apt."));

        KbDocument text;
        text.id = QStringLiteral("text");
        text.format = QStringLiteral("text");
        text.text = QStringLiteral("Line one\nline two\n\n\nSecond paragraph.");
        QCOMPARE(kb::chunkDocument(text).first().text, QStringLiteral("Line one\nline two\n\nSecond paragraph."));
    }
};

QTEST_GUILESS_MAIN(TestChunker)
#include "tst_chunker.moc"

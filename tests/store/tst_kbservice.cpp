#include "storetest.h"

#include "kb/embedder.h"
#include "kb/hashingembedder.h"
#include "kb/kbindex.h"
#include "kb/kbservice.h"
#include "store/kbstore.h"

#include <QAtomicInt>
#include <QTest>

namespace {

KbDocument newDoc(const QString &id, const QString &title, const QString &text, const QString &source = {})
{
    KbDocument doc;
    doc.id = id;
    doc.title = title;
    doc.text = text;
    doc.format = QStringLiteral("markdown");
    doc.source = source.isEmpty() ? QStringLiteral("test:") + id : source;
    doc.updatedAt = 1000;
    return doc;
}

// A long Markdown document of several sections (several chunks).
QString longText(const QString &marker)
{
    QString text;
    for (int section = 0; section < 4; ++section) {
        text += QStringLiteral("## Part %1\n\n").arg(section);
        for (int paragraph = 0; paragraph < 6; ++paragraph)
            text += QStringLiteral("Paragraph %1 of part %2 explains the warranty terms for tents, stoves and "
                                   "backpacks in plain words, %3 included, so that customers know what is covered "
                                   "and for how long after delivery.\n\n")
                        .arg(paragraph)
                        .arg(section)
                        .arg(section == 3 ? marker : QStringLiteral("nothing special"));
    }
    return text;
}

// Counts texts embedded (re-embedding is what costs with a paid service) and
// can be told to fail.
class CountingEmbedder : public Embedder
{
public:
    QString modelId() const override { return m_inner.modelId(); }
    QList<QVector<float>> embed(const QStringList &texts, QString *error) override
    {
        if (failing) {
            if (error)
                *error = QStringLiteral("embedding service timed out");
            return {};
        }
        embedded.fetchAndAddRelaxed(int(texts.size()));
        return m_inner.embed(texts, error);
    }
    QAtomicInt embedded;
    bool failing = false;

private:
    HashingEmbedder m_inner;
};

QStringList chunkIds(const QList<KbChunk> &chunks)
{
    QStringList ids;
    for (const KbChunk &chunk : chunks)
        ids.append(chunk.id);
    return ids;
}

} // namespace

// KbService keeps kb_docs, kb_chunks (with vectors) and the search index in
// step, on both engines.
class TestKbService : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(crypto::initialize()); }
    void initTestCase_data() { storetest::addEngineRows(); }

    void savesChunksWithVectorsAndIndexesAtOnce()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        auto embedder = std::make_shared<CountingEmbedder>();
        KbIndex index(embedder);
        KbService kb(db, index);
        QString error;
        QVERIFY2(kb.save(newDoc(QStringLiteral("warranty"), QStringLiteral("Warranty"), longText(QStringLiteral("zeppelin"))),
                         &error),
                 qPrintable(error));
        const QList<KbChunk> chunks = KbStore(db).chunks(QStringLiteral("warranty"));
        QVERIFY(chunks.size() >= 2);
        for (const KbChunk &chunk : chunks) {
            QCOMPARE(chunk.embeddingModel, embedder->modelId());
            QCOMPARE(chunk.embedding.size(), 512);
            QVERIFY(chunk.tokenCount > 0);
        }
        QCOMPARE(index.chunkCount(), int(chunks.size()));
        const QList<KbHit> hits = index.search(QStringLiteral("zeppelin warranty"), 3, QStringLiteral("web"));
        QVERIFY(!hits.isEmpty());
        QCOMPARE(hits.first().docId, QStringLiteral("warranty"));
        QCOMPARE(hits.first().section, QStringLiteral("Part 3"));
    }

    void reimportReplacesExactlyTheChangedChunks()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        auto embedder = std::make_shared<CountingEmbedder>();
        KbIndex index(embedder);
        KbService kb(db, index);
        QString error;
        QVERIFY(kb.save(newDoc(QStringLiteral("warranty"), QStringLiteral("Warranty"), longText(QStringLiteral("zeppelin"))), &error));
        QVERIFY(kb.save(newDoc(QStringLiteral("other"), QStringLiteral("Other"), QStringLiteral("Gift cards never expire.")), &error));
        const QStringList before = chunkIds(KbStore(db).chunks(QStringLiteral("warranty")));
        const QStringList otherBefore = chunkIds(KbStore(db).chunks(QStringLiteral("other")));
        const int embeddedBefore = embedder->embedded.loadRelaxed();

        // Only the last part changes: earlier chunks keep their ids and vectors.
        QVERIFY(kb.save(newDoc(QStringLiteral("warranty"), QStringLiteral("Warranty"), longText(QStringLiteral("dirigible"))), &error));
        const QStringList after = chunkIds(KbStore(db).chunks(QStringLiteral("warranty")));
        QCOMPARE(after.size(), before.size());
        QCOMPARE(after.first(), before.first());
        QVERIFY(after.last() != before.last());
        QVERIFY(embedder->embedded.loadRelaxed() - embeddedBefore < int(before.size()));
        QCOMPARE(chunkIds(KbStore(db).chunks(QStringLiteral("other"))), otherBefore);
        QCOMPARE(storetest::scalar(db, QStringLiteral("SELECT COUNT(*) FROM kb_chunks")), qint64(after.size() + otherBefore.size()));
        QCOMPARE(index.search(QStringLiteral("dirigible"), 3, QStringLiteral("web")).value(0).docId, QStringLiteral("warranty"));
        QVERIFY(index.search(QStringLiteral("zeppelin"), 3, QStringLiteral("web")).isEmpty());
    }

    void importPrunesDocumentsRemovedAtTheSource()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        KbIndex index(std::make_shared<HashingEmbedder>());
        KbService kb(db, index);
        const QString folder = QStringLiteral("file:/kb/");
        KbService::ImportReport report = kb.importDocuments(
            {newDoc(QStringLiteral("a"), QStringLiteral("Alpha"), QStringLiteral("Alpha text about tents."), folder + QStringLiteral("a.md")),
             newDoc(QStringLiteral("b"), QStringLiteral("Beta"), QStringLiteral("Beta text about stoves."), folder + QStringLiteral("b.md")),
             newDoc(QStringLiteral("keep"), QStringLiteral("Kept"), QStringLiteral("From elsewhere."), QStringLiteral("file:/other/keep.md"))});
        QCOMPARE(report.added, 3);
        report = kb.importDocuments(
            {newDoc(QStringLiteral("a"), QStringLiteral("Alpha"), QStringLiteral("Alpha text about tents."), folder + QStringLiteral("a.md"))},
            {folder});
        QCOMPARE(report.unchanged, 1);
        QCOMPARE(report.removed, 1);
        QVERIFY(!KbStore(db).find(QStringLiteral("b")));
        QVERIFY(KbStore(db).find(QStringLiteral("keep")));
        QVERIFY(KbStore(db).chunks(QStringLiteral("b")).isEmpty());
        QCOMPARE(index.documentCount(), 2);
        QVERIFY(index.search(QStringLiteral("stoves"), 3, QStringLiteral("web")).isEmpty());
    }

    void failedEmbeddingStoresNothingAndKeepsServing()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        auto embedder = std::make_shared<CountingEmbedder>();
        KbIndex index(embedder);
        KbService kb(db, index);
        QString error;
        QVERIFY(kb.save(newDoc(QStringLiteral("tents"), QStringLiteral("Tents"), QStringLiteral("Pitch the tent facing away from the wind.")), &error));
        embedder->failing = true;
        QVERIFY(!kb.save(newDoc(QStringLiteral("tents"), QStringLiteral("Tents"), QStringLiteral("Completely new text.")), &error));
        QVERIFY(error.contains(QStringLiteral("timed out")));
        QCOMPARE(KbStore(db).find(QStringLiteral("tents"))->text, QStringLiteral("Pitch the tent facing away from the wind."));
        embedder->failing = false;
        QCOMPARE(index.search(QStringLiteral("pitch tent wind"), 3, QStringLiteral("web")).value(0).docId, QStringLiteral("tents"));
    }

    void rebuildComesFromTheDatabaseAndReembedsOtherModels()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        {
            KbIndex index(std::make_shared<HashingEmbedder>(256));
            KbService kb(db, index);
            QString error;
            QVERIFY(kb.save(newDoc(QStringLiteral("stoves"), QStringLiteral("Stoves"), QStringLiteral("Clean the burner monthly.")), &error));
        }
        auto embedder = std::make_shared<CountingEmbedder>(); // another model (512 dimensions)
        KbIndex index(embedder);
        KbService kb(db, index);
        QString error;
        QVERIFY2(kb.rebuildIndex(&error), qPrintable(error));
        QCOMPARE(index.documentCount(), 1);
        QVERIFY(embedder->embedded.loadRelaxed() > 0);
        for (const KbChunk &chunk : KbStore(db).chunks(QStringLiteral("stoves")))
            QCOMPARE(chunk.embeddingModel, embedder->modelId());
        QCOMPARE(index.search(QStringLiteral("burner"), 3, QStringLiteral("web")).value(0).docId, QStringLiteral("stoves"));
    }

    void freshness()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        KbIndex index(std::make_shared<HashingEmbedder>());
        KbService kb(db, index);
        QString reason;
        QVERIFY(!kb.searchable(&reason));
        QVERIFY(reason.contains(QStringLiteral("not been built")));
        QString error;
        QVERIFY(kb.rebuildIndex(&error));
        QVERIFY(!kb.searchable(&reason));
        QVERIFY(reason.contains(QStringLiteral("empty")));
        QVERIFY(kb.save(newDoc(QStringLiteral("tents"), QStringLiteral("Tents"), QStringLiteral("Pitch the tent.")), &error));
        QVERIFY(kb.searchable(&reason));
        kb.setMaxAgeMs(50);
        QTest::qWait(80);
        QVERIFY(!kb.searchable(&reason));
        QVERIFY(reason.contains(QStringLiteral("maximum age")));
        QVERIFY(!kb.state().ready);
        QVERIFY(kb.save(newDoc(QStringLiteral("tents"), QStringLiteral("Tents"), QStringLiteral("Pitch it.")), &error));
        QVERIFY(kb.searchable());
    }
};

QTEST_GUILESS_MAIN(TestKbService)
#include "tst_kbservice.moc"

// KbDocumentListModel and KbPreviewModel: order by title, live upserts in
// place or moved, the title filter of live events, removal; the preview's
// parsing of the server's ranked chunks (null scores, malformed items).
#include "models/kbdocumentlistmodel.h"
#include "models/kbpreviewmodel.h"

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QPersistentModelIndex>
#include <QSignalSpy>
#include <QTest>

namespace {

KbDocument makeDoc(const QString &id, const QString &title, const QStringList &channels = {}, qint64 updatedAt = 1000)
{
    KbDocument doc;
    doc.id = id;
    doc.title = title;
    doc.allowedChannels = channels;
    doc.updatedAt = updatedAt;
    doc.text = QStringLiteral("text of ") + id;
    return doc;
}

QStringList idsInOrder(const QAbstractItemModel &model)
{
    QStringList ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.index(row, 0).data(KbDocumentListModel::DocIdRole).toString());
    return ids;
}

QJsonObject hitJson(int rank, const QString &docId, const QJsonValue &bm25, const QJsonValue &vector)
{
    return QJsonObject{{"rank", rank},          {"chunk_id", docId + "#0"}, {"doc_id", docId},
                       {"title", "T " + docId}, {"section", "S"},           {"url", ""},
                       {"snippet", "a  snippet\nof text"}, {"score", 0.25 / rank},
                       {"bm25", bm25},          {"bm25_rank", bm25.isNull() ? QJsonValue() : QJsonValue(rank)},
                       {"vector", vector},      {"vector_rank", vector.isNull() ? QJsonValue() : QJsonValue(rank)},
                       {"coverage", 0.5}};
}

} // namespace

class TestKbModels : public QObject
{
    Q_OBJECT

private slots:
    void orderedByTitle_data();
    void orderedByTitle();
    void upsert_data();
    void upsert();
    void upsertKeepsSelectionInPlace();
    void liveEventsFollowTheFilter();
    void removeAndDisplay();
    void preview_data();
    void preview();
    void previewDisplaysScores();
};

void TestKbModels::orderedByTitle_data()
{
    QTest::addColumn<QList<KbDocument>>("docs");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("alphabetical") << QList<KbDocument>{makeDoc("c", "Returns"), makeDoc("a", "Delivery"), makeDoc("b", "Sizes")}
                                  << QStringList{"a", "c", "b"};
    QTest::newRow("case does not matter") << QList<KbDocument>{makeDoc("x", "zip"), makeDoc("y", "Apple"), makeDoc("z", "banana")}
                                          << QStringList{"y", "z", "x"};
    QTest::newRow("same title by id") << QList<KbDocument>{makeDoc("q", "FAQ"), makeDoc("p", "FAQ")} << QStringList{"p", "q"};
    QTest::newRow("empty") << QList<KbDocument>{} << QStringList{};
}

void TestKbModels::orderedByTitle()
{
    QFETCH(QList<KbDocument>, docs);
    QFETCH(QStringList, expected);
    KbDocumentListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDocuments(docs);
    QCOMPARE(idsInOrder(model), expected);
    for (int row = 0; row < model.rowCount(); ++row)
        QVERIFY(model.documentAt(row).text.isEmpty()); // never the texts

    // The same order when they arrive one by one.
    KbDocumentListModel single;
    QAbstractItemModelTester singleTester(&single, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (auto it = docs.crbegin(); it != docs.crend(); ++it)
        single.upsert(*it);
    QCOMPARE(idsInOrder(single), expected);
}

void TestKbModels::upsert_data()
{
    QTest::addColumn<KbDocument>("changed");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<int>("moves");
    QTest::addColumn<int>("inserts");
    // Starting from b "Bravo", d "Delta", f "Foxtrot".
    QTest::newRow("same title: in place") << makeDoc("d", "Delta", {"web"}, 2000) << QStringList{"b", "d", "f"} << 0 << 0;
    QTest::newRow("renamed to the top") << makeDoc("f", "Alpha") << QStringList{"f", "b", "d"} << 1 << 0;
    QTest::newRow("renamed to the bottom") << makeDoc("b", "Zulu") << QStringList{"d", "f", "b"} << 1 << 0;
    QTest::newRow("renamed one step down") << makeDoc("b", "Echo") << QStringList{"d", "b", "f"} << 1 << 0;
    QTest::newRow("new in the middle") << makeDoc("c", "Charlie") << QStringList{"b", "c", "d", "f"} << 0 << 1;
    QTest::newRow("new at the end") << makeDoc("z", "Zulu") << QStringList{"b", "d", "f", "z"} << 0 << 1;
}

void TestKbModels::upsert()
{
    QFETCH(KbDocument, changed);
    QFETCH(QStringList, expected);
    QFETCH(int, moves);
    QFETCH(int, inserts);
    KbDocumentListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDocuments({makeDoc("b", "Bravo"), makeDoc("d", "Delta"), makeDoc("f", "Foxtrot")}, {{"d", 3}});
    QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.upsert(changed);
    QCOMPARE(idsInOrder(model), expected);
    QCOMPARE(moved.size(), moves);
    QCOMPARE(inserted.size(), inserts);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(model.document(changed.id)->title, changed.title);
    QCOMPARE(model.document(changed.id)->updatedAt, changed.updatedAt);
    QVERIFY(model.document(changed.id)->text.isEmpty());
    // An unknown chunk count keeps the one known.
    QCOMPARE(model.index(model.rowOf("d"), 0).data(KbDocumentListModel::ChunkCountRole).toInt(), 3);
}

void TestKbModels::upsertKeepsSelectionInPlace()
{
    KbDocumentListModel model;
    model.setDocuments({makeDoc("a", "A"), makeDoc("b", "B"), makeDoc("c", "C")});
    const QPersistentModelIndex selected = model.index(1, KbDocumentListModel::ChannelsColumn);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.upsert(makeDoc("b", "B", {"email"}));
    QCOMPARE(selected.row(), 1);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(selected.data().toString(), QStringLiteral("email"));
    model.upsert(makeDoc("b", "Zz"));
    QCOMPARE(selected.row(), 2); // moved, and the persistent index with it
    QCOMPARE(selected.data(KbDocumentListModel::DocIdRole).toString(), QStringLiteral("b"));
}

void TestKbModels::liveEventsFollowTheFilter()
{
    KbDocumentListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDocuments({makeDoc("r1", "Returns policy"), makeDoc("r2", "How to return a jacket")}, {}, QStringLiteral(" RETURN "));
    QCOMPARE(model.titleFilter(), QStringLiteral("RETURN"));
    model.upsert(makeDoc("d", "Delivery times")); // does not match: not added
    QCOMPARE(model.rowCount(), 2);
    model.upsert(makeDoc("n", "Return shipping labels")); // matches
    QCOMPARE(model.rowCount(), 3);
    model.upsert(makeDoc("r1", "Refund policy")); // renamed away from the filter: dropped
    QCOMPARE(idsInOrder(model), (QStringList{"r2", "n"}));
}

void TestKbModels::removeAndDisplay()
{
    KbDocumentListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDocuments({makeDoc("a", "A", {"web", "email"}), makeDoc("b", "B")});
    QCOMPARE(model.index(0, KbDocumentListModel::ChannelsColumn).data().toString(), QStringLiteral("web, email"));
    QCOMPARE(model.index(1, KbDocumentListModel::ChannelsColumn).data().toString(), KbDocumentListModel::tr("All channels"));
    QCOMPARE(model.index(0, KbDocumentListModel::ChannelsColumn).data(KbDocumentListModel::ChannelsRole).toStringList(),
             (QStringList{"web", "email"}));
    QVERIFY(!model.index(0, KbDocumentListModel::UpdatedColumn).data().toString().isEmpty());
    QVERIFY(!model.remove("missing"));
    QVERIFY(model.remove("a"));
    QCOMPARE(idsInOrder(model), QStringList{"b"});
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestKbModels::preview_data()
{
    QTest::addColumn<QJsonArray>("results");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QStringList>("docs");

    QTest::newRow("two hits") << QJsonArray{hitJson(1, "returns", 12.5, 0.71), hitJson(2, "refunds", 9.0, 0.64)} << true
                              << QStringList{"returns", "refunds"};
    QTest::newRow("a ranking that did not find it") << QJsonArray{hitJson(1, "sizes", QJsonValue(), 0.5)} << true
                                                     << QStringList{"sizes"};
    QTest::newRow("no results") << QJsonArray{} << true << QStringList{};
    QJsonObject noDoc = hitJson(1, "x", 1.0, 1.0);
    noDoc.remove("doc_id");
    QTest::newRow("no doc_id") << QJsonArray{noDoc} << false << QStringList{};
    QJsonObject textScore = hitJson(1, "x", 1.0, 1.0);
    textScore.insert("bm25", "high");
    QTest::newRow("score as text") << QJsonArray{hitJson(1, "ok", 1.0, 1.0), textScore} << false << QStringList{};
    QTest::newRow("not an object") << QJsonArray{42} << false << QStringList{};
}

void TestKbModels::preview()
{
    QFETCH(QJsonArray, results);
    QFETCH(bool, ok);
    QFETCH(QStringList, docs);
    KbPreviewModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setResults(QJsonArray{hitJson(1, "stale", 1.0, 1.0)}); // replaced either way
    QString error;
    QCOMPARE(model.setResults(results, &error), ok);
    QCOMPARE(error.isEmpty(), ok);
    QStringList got;
    for (int row = 0; row < model.rowCount(); ++row)
        got.append(model.index(row, 0).data(KbPreviewModel::DocIdRole).toString());
    QCOMPARE(got, docs);
    for (int i = 0; i < docs.size(); ++i)
        QCOMPARE(model.rankOf(docs.at(i)), i + 1);
    QCOMPARE(model.rankOf("stale"), 0);
}

void TestKbModels::previewDisplaysScores()
{
    KbPreviewModel model;
    QVERIFY(model.setResults({hitJson(1, "returns", 12.5, QJsonValue()), hitJson(2, "sizes", QJsonValue(), 0.64)}));
    QLocale::setDefault(QLocale::c());
    auto cell = [&](int row, int column, int role = Qt::DisplayRole) { return model.index(row, column).data(role); };
    QCOMPARE(cell(0, KbPreviewModel::RankColumn).toInt(), 1);
    QCOMPARE(cell(0, KbPreviewModel::TitleColumn).toString(), QStringLiteral("T returns"));
    QCOMPARE(cell(0, KbPreviewModel::ScoreColumn).toString(), QStringLiteral("0.250"));
    QCOMPARE(cell(0, KbPreviewModel::LexicalColumn).toString(), QStringLiteral("12.500"));
    QCOMPARE(cell(0, KbPreviewModel::VectorColumn).toString(), QStringLiteral("\u2014"));
    QCOMPARE(cell(0, KbPreviewModel::VectorColumn, KbPreviewModel::SortRole).toDouble(), -1.0);
    QCOMPARE(cell(1, KbPreviewModel::LexicalColumn).toString(), QStringLiteral("\u2014"));
    QCOMPARE(cell(1, KbPreviewModel::VectorColumn).toString(), QStringLiteral("0.640"));
    QCOMPARE(cell(1, KbPreviewModel::ScoreColumn, KbPreviewModel::SortRole).toDouble(), 0.125);
    QCOMPARE(cell(0, KbPreviewModel::SnippetColumn).toString(), QStringLiteral("a snippet of text"));
    QCOMPARE(cell(0, KbPreviewModel::LexicalColumn, Qt::ToolTipRole).toString(), KbPreviewModel::tr("Rank %1 by BM25").arg(1));
    QCOMPARE(model.headerData(KbPreviewModel::LexicalColumn, Qt::Horizontal).toString(), KbPreviewModel::tr("Lexical (BM25)"));
}

QTEST_MAIN(TestKbModels)
#include "tst_kbmodels.moc"

#include "storetest.h"

#include "store/kbstore.h"

#include <QTest>

namespace {

KbDocument newDoc(const QString &id, qint64 updatedAt = 1000)
{
    KbDocument doc;
    doc.id = id;
    doc.title = QStringLiteral("Title of ") + id;
    doc.url = QStringLiteral("https://help.example/articles/") + id;
    doc.text = QStringLiteral("# %1\n\nBody of the article.\n").arg(id);
    doc.source = QStringLiteral("bundled:%1.md").arg(id);
    doc.updatedAt = updatedAt;
    return doc;
}

void compareDocs(const KbDocument &actual, const KbDocument &expected)
{
    QCOMPARE(actual.id, expected.id);
    QCOMPARE(actual.title, expected.title);
    QCOMPARE(actual.url, expected.url);
    QCOMPARE(actual.text, expected.text);
    QCOMPARE(actual.source, expected.source);
    QCOMPARE(actual.allowedChannels, expected.allowedChannels);
    QCOMPARE(actual.updatedAt, expected.updatedAt);
}

} // namespace

class TestKbStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(crypto::initialize()); }
    void initTestCase_data() { storetest::addEngineRows(); }

    void emptyStore()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        KbStore store(db);
        QCOMPARE(store.count(), 0);
        QVERIFY(store.all().isEmpty());
        QVERIFY(!store.find(QStringLiteral("returns")));
        QCOMPARE(store.latestUpdate(), 0);
    }

    void upsertInsertsThenReplaces()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        KbStore store(db);
        KbDocument doc = newDoc(QStringLiteral("returns"));
        QVERIFY(store.upsert(doc));
        QCOMPARE(store.count(), 1);
        compareDocs(*store.find(doc.id), doc);

        doc.title = QStringLiteral("Returns and refunds");
        doc.text = QStringLiteral("You have 30 days.");
        doc.url = QString();
        doc.source = QStringLiteral("api");
        doc.allowedChannels = {QStringLiteral("email")};
        doc.updatedAt = 2000;
        QVERIFY(store.upsert(doc));
        QCOMPARE(store.count(), 1);
        compareDocs(*store.find(doc.id), doc);
        QCOMPARE(store.latestUpdate(), 2000);
    }

    void allIsOrderedAndRemoveDeletes()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        KbStore store(db);
        for (const char *id : {"shipping", "accounts", "returns"})
            QVERIFY(store.upsert(newDoc(QLatin1String(id), id[0] == 's' ? 5000 : 1000)));
        QCOMPARE(store.count(), 3);
        QCOMPARE(store.latestUpdate(), 5000);

        QList<KbDocument> docs = store.all();
        QCOMPARE(docs.size(), 3);
        QCOMPARE(docs.at(0).id, QStringLiteral("accounts"));
        QCOMPARE(docs.at(1).id, QStringLiteral("returns"));
        QCOMPARE(docs.at(2).id, QStringLiteral("shipping"));
        compareDocs(docs.at(1), newDoc(QStringLiteral("returns")));

        QVERIFY(store.remove(QStringLiteral("returns")));
        QCOMPARE(store.count(), 2);
        QVERIFY(!store.find(QStringLiteral("returns")));
        QVERIFY(!store.remove(QStringLiteral("returns")));
        QVERIFY(!store.remove(QStringLiteral("never-there")));
        QCOMPARE(store.count(), 2);
    }

    void allowedChannelsRoundTrip_data()
    {
        QTest::addColumn<QStringList>("channels");
        QTest::newRow("every channel") << QStringList();
        QTest::newRow("one") << QStringList{QStringLiteral("web")};
        QTest::newRow("several")
            << QStringList{QStringLiteral("web"), QStringLiteral("email"), QStringLiteral("slack")};
    }

    void allowedChannelsRoundTrip()
    {
        QFETCH(QStringList, channels);
        OPEN_FRESH_DATABASE(fresh, db);
        KbStore store(db);
        KbDocument doc = newDoc(QStringLiteral("internal-pricing"));
        doc.allowedChannels = channels;
        QVERIFY(store.upsert(doc));
        const KbDocument stored = *store.find(doc.id);
        QCOMPARE(stored.allowedChannels, channels);
        QCOMPARE(stored.allowsChannel(QStringLiteral("web")),
                 channels.isEmpty() || channels.contains(QStringLiteral("web")));
        QCOMPARE(stored.allowsChannel(QStringLiteral("sms")), channels.isEmpty());
        QCOMPARE(store.all().value(0).allowedChannels, channels);
    }
};

QTEST_GUILESS_MAIN(TestKbStore)
#include "tst_kbstore.moc"

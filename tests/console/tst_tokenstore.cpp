// MemoryTokenStore behaves like the keychain (asynchronous answers, an
// unknown key reads as empty), and keys name the server and the operator.
#include "memorytokenstore.h"

#include <QSignalSpy>
#include <QTest>

class TestTokenStore : public QObject
{
    Q_OBJECT

private slots:
    void keys_data();
    void keys();
    void memoryStoreIsAsynchronous();
};

void TestTokenStore::keys_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << "http://127.0.0.1:8080" << "alice" << "alice@http://127.0.0.1:8080";
    QTest::newRow("trailing slash") << "https://support.example.com/" << "bob" << "bob@https://support.example.com";
    QTest::newRow("no scheme") << "support.example.com" << "bob" << "bob@http://support.example.com";
}

void TestTokenStore::keys()
{
    QFETCH(QString, url);
    QFETCH(QString, user);
    QFETCH(QString, expected);
    QCOMPARE(TokenStore::keyFor(url, user), expected);
}

void TestTokenStore::memoryStoreIsAsynchronous()
{
    MemoryTokenStore store;
    QSignalSpy read(&store, &TokenStore::tokenRead);
    QSignalSpy written(&store, &TokenStore::tokenWritten);
    QSignalSpy deleted(&store, &TokenStore::tokenDeleted);

    store.readToken("k");
    QCOMPARE(read.size(), 0); // later, never inside the call
    QVERIFY(read.wait());
    QCOMPARE(read.last().at(1).toString(), QString());
    QCOMPARE(read.last().at(2).toString(), QString());

    store.writeToken("k", "secret");
    QVERIFY(written.wait());
    store.readToken("k");
    QVERIFY(read.wait());
    QCOMPARE(read.last().at(0).toString(), QStringLiteral("k"));
    QCOMPARE(read.last().at(1).toString(), QStringLiteral("secret"));

    store.deleteToken("k");
    QVERIFY(deleted.wait());
    QCOMPARE(store.size(), 0);
}

QTEST_GUILESS_MAIN(TestTokenStore)
#include "tst_tokenstore.moc"

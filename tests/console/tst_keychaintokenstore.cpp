// KeychainTokenStore against a real Secret Service: CTest runs this inside
// dbus-run-session with an unlocked gnome-keyring (see CMakeLists.txt).
#include "keychaintokenstore.h"

#include <QSignalSpy>
#include <QTest>
#include <QUuid>

class TestKeychainTokenStore : public QObject
{
    Q_OBJECT

private slots:
    void writeReadDelete();
};

void TestKeychainTokenStore::writeReadDelete()
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        QSKIP("no D-Bus session bus: run under dbus-run-session with gnome-keyring (ctest does)");
    KeychainTokenStore store(QStringLiteral("support-console-test"));
    QSignalSpy read(&store, &TokenStore::tokenRead);
    QSignalSpy written(&store, &TokenStore::tokenWritten);
    QSignalSpy deleted(&store, &TokenStore::tokenDeleted);
    const QString key = TokenStore::keyFor("https://support.example.com", "alice-" + QUuid::createUuid().toString(QUuid::WithoutBraces));
    const QString token = QUuid::createUuid().toString(QUuid::WithoutBraces) + QStringLiteral("-\u00e9");

    store.readToken(key);
    QVERIFY(read.wait(15000));
    QCOMPARE(read.last().at(2).toString(), QString()); // not there: no error
    QCOMPARE(read.last().at(1).toString(), QString());

    store.writeToken(key, token);
    QVERIFY(written.wait(15000));
    QCOMPARE(written.last().at(1).toString(), QString());

    store.readToken(key);
    QVERIFY(read.wait(15000));
    QCOMPARE(read.last().at(2).toString(), QString());
    QCOMPARE(read.last().at(1).toString(), token);

    store.deleteToken(key);
    QVERIFY(deleted.wait(15000));
    QCOMPARE(deleted.last().at(1).toString(), QString());
    store.readToken(key);
    QVERIFY(read.wait(15000));
    QCOMPARE(read.last().at(1).toString(), QString());
}

QTEST_GUILESS_MAIN(TestKeychainTokenStore)
#include "tst_keychaintokenstore.moc"

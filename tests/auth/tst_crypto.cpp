#include "auth/crypto.h"

#include <QRegularExpression>
#include <QSet>
#include <QDateTime>
#include <QTest>

class TestCrypto : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(crypto::initialize()); }

    void passwordHashIsArgon2id()
    {
        const QString password = QStringLiteral("correct horse battery staple");
        const QString hash = crypto::hashPassword(password);
        QVERIFY2(hash.startsWith(QStringLiteral("$argon2id$")), qPrintable(hash));
        QVERIFY(!hash.contains(password));
        QVERIFY(crypto::verifyPassword(hash, password));
        QVERIFY(!crypto::verifyPassword(hash, QStringLiteral("correct horse battery stapler")));
        QVERIFY(!crypto::verifyPassword(hash, QString()));

        // Salted: the same password never hashes the same way twice.
        const QString again = crypto::hashPassword(password);
        QVERIFY(again != hash);
        QVERIFY(crypto::verifyPassword(again, password));
    }

    void unicodePasswords()
    {
        const QString password = QStringLiteral("pässwörd 🔑 密码");
        const QString hash = crypto::hashPassword(password);
        QVERIFY(crypto::verifyPassword(hash, password));
        QVERIFY(!crypto::verifyPassword(hash, QStringLiteral("passwörd 🔑 密码")));
    }

    void verifyRejectsMalformedHashes_data()
    {
        QTest::addColumn<QString>("storedHash");
        QTest::newRow("empty") << QString();
        QTest::newRow("plain text") << QStringLiteral("secret-password");
        QTest::newRow("truncated") << crypto::hashPassword(QStringLiteral("secret-password")).left(40);
        QTest::newRow("too long") << QString(200, QLatin1Char('$'));
    }

    void verifyRejectsMalformedHashes()
    {
        QFETCH(QString, storedHash);
        QVERIFY(!crypto::verifyPassword(storedHash, QStringLiteral("secret-password")));
    }

    void randomTokensAreLongAndUnique()
    {
        static const QRegularExpression base64url(QStringLiteral("^[A-Za-z0-9_-]{43}$"));
        QSet<QString> seen;
        for (int i = 0; i < 1000; ++i) {
            const QString token = crypto::randomToken();
            QVERIFY2(base64url.match(token).hasMatch(), qPrintable(token));
            seen.insert(token);
        }
        QCOMPARE(seen.size(), 1000);
    }

    void uuidsAreVersion4AndUnique()
    {
        static const QRegularExpression v4(
            QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
        QSet<QString> seen;
        for (int i = 0; i < 1000; ++i) {
            const QString uuid = crypto::uuidV4();
            QVERIFY2(v4.match(uuid).hasMatch(), qPrintable(uuid));
            seen.insert(uuid);
        }
        QCOMPARE(seen.size(), 1000);
    }

    void uuidV7IsTimeOrderedVersion7()
    {
        static const QRegularExpression v7(
            QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        QSet<QString> seen;
        QString previousPrefix;
        for (int i = 0; i < 1000; ++i) {
            const QString uuid = crypto::uuidV7();
            QVERIFY2(v7.match(uuid).hasMatch(), qPrintable(uuid));
            // The first 48 bits are the creation time in milliseconds...
            const qint64 ms = QString(uuid).remove(QLatin1Char('-')).left(12).toLongLong(nullptr, 16);
            QVERIFY(ms >= before && ms <= QDateTime::currentMSecsSinceEpoch());
            // ...so ids sort in creation order (to the millisecond).
            const QString prefix = uuid.left(13);
            QVERIFY(prefix >= previousPrefix);
            previousPrefix = prefix;
            seen.insert(uuid);
        }
        QCOMPARE(seen.size(), 1000); // the 74 random bits keep them unique and unguessable
    }

    void tokenDigestIsSha256Hex()
    {
        static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
        const QString token = crypto::randomToken();
        const QString digest = crypto::tokenDigest(token);
        QVERIFY(hex.match(digest).hasMatch());
        QCOMPARE(crypto::tokenDigest(token), digest);
        QVERIFY(crypto::tokenDigest(crypto::randomToken()) != digest);
        // FIPS 180-2 test vector.
        QCOMPARE(crypto::tokenDigest(QStringLiteral("abc")),
                 QStringLiteral("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    }

    void constantTimeEquals_data()
    {
        QTest::addColumn<QByteArray>("a");
        QTest::addColumn<QByteArray>("b");
        QTest::addColumn<bool>("equal");
        QTest::newRow("same") << QByteArray("0123456789abcdef") << QByteArray("0123456789abcdef") << true;
        QTest::newRow("both empty") << QByteArray() << QByteArray("") << true;
        QTest::newRow("last byte") << QByteArray("0123456789abcdef") << QByteArray("0123456789abcdeF") << false;
        QTest::newRow("first byte") << QByteArray("x123") << QByteArray("0123") << false;
        QTest::newRow("prefix") << QByteArray("0123") << QByteArray("01234") << false;
        QTest::newRow("one empty") << QByteArray() << QByteArray("0") << false;
    }

    void constantTimeEquals()
    {
        QFETCH(QByteArray, a);
        QFETCH(QByteArray, b);
        QFETCH(bool, equal);
        QCOMPARE(crypto::constantTimeEquals(a, b), equal);
        QCOMPARE(crypto::constantTimeEquals(b, a), equal);
    }
};

QTEST_GUILESS_MAIN(TestCrypto)
#include "tst_crypto.moc"

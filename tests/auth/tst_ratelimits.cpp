#include "auth/clientidentity.h"
#include "auth/ratelimits.h"

#include <QTest>

// The public channel's budgets on a simulated clock, and who a client is
// behind proxies.
class TestRateLimits : public QObject
{
    Q_OBJECT

    static ClientIdentity client(const QString &address, const QString &device = {})
    {
        return {address, device};
    }

    static RateLimitConfig small()
    {
        RateLimitConfig config;
        config.newThreadsPerMinute = 3;
        config.messagesPerMinute = 6;
        config.verifiedMessagesPerMinute = 12;
        config.operatorRequestsPerMinute = 5;
        config.devicesPerAddress = 2;
        return config;
    }

private slots:
    void messagesRefuseThenRecover()
    {
        qint64 now = 1000000;
        RateLimits limits(small());
        limits.setClock([&now] { return now; });
        const ClientIdentity shopper = client(QStringLiteral("203.0.113.7"), QStringLiteral("device-aaaa"));
        for (int i = 0; i < 6; ++i)
            QVERIFY(limits.admitPublicMessage(shopper, false).allowed);
        const RateLimits::Verdict refused = limits.admitPublicMessage(shopper, false);
        QVERIFY(!refused.allowed);
        QCOMPARE(refused.budget, QStringLiteral("messages"));
        QCOMPARE(refused.retryAfterMs, 10000); // 6 a minute: one every 10 s
        QCOMPARE(refused.retryAfterSeconds(), 10);
        now += 9990;
        QVERIFY(!limits.admitPublicMessage(shopper, false).allowed);
        now += 20;
        QVERIFY(limits.admitPublicMessage(shopper, false).allowed);
        QVERIFY(!limits.admitPublicMessage(shopper, false).allowed);
    }

    void newThreadsHaveTheirOwnSmallerBudget()
    {
        RateLimits limits(small());
        limits.setClock([] { return qint64(5000); });
        const ClientIdentity shopper = client(QStringLiteral("203.0.113.7"));
        for (int i = 0; i < 3; ++i)
            QVERIFY(limits.admitPublicMessage(shopper, true).allowed);
        const RateLimits::Verdict refused = limits.admitPublicMessage(shopper, true);
        QVERIFY(!refused.allowed);
        QCOMPARE(refused.budget, QStringLiteral("new_threads"));
        // A refused new thread took no message token: three messages are left.
        for (int i = 0; i < 3; ++i)
            QVERIFY(limits.admitPublicMessage(shopper, false).allowed);
        QVERIFY(!limits.admitPublicMessage(shopper, false).allowed);
    }

    void devicesAndAddressesAreSeparateButCappedPerAddress()
    {
        RateLimits limits(small());
        limits.setClock([] { return qint64(5000); });
        const QString address = QStringLiteral("198.51.100.20");
        for (int i = 0; i < 6; ++i)
            QVERIFY(limits.admitPublicMessage(client(address, QStringLiteral("device-one")), false).allowed);
        QVERIFY(!limits.admitPublicMessage(client(address, QStringLiteral("device-one")), false).allowed);
        // Another device behind the same address has its own budget...
        for (int i = 0; i < 6; ++i)
            QVERIFY(limits.admitPublicMessage(client(address, QStringLiteral("device-two")), false).allowed);
        // ...but rotating device ids stops at devicesPerAddress budgets.
        QVERIFY(!limits.admitPublicMessage(client(address, QStringLiteral("device-three")), false).allowed);
        QVERIFY(!limits.admitPublicMessage(client(address), false).allowed);
        // Another address is untouched.
        QVERIFY(limits.admitPublicMessage(client(QStringLiteral("198.51.100.21")), false).allowed);
    }

    void verifiedUsersAndOperatorsHaveTheirOwnBudgets()
    {
        RateLimits limits(small());
        limits.setClock([] { return qint64(5000); });
        const ClientIdentity shopper = client(QStringLiteral("203.0.113.7"));
        for (int i = 0; i < 6; ++i)
            QVERIFY(limits.admitPublicMessage(shopper, false).allowed);
        QVERIFY(!limits.admitPublicMessage(shopper, false).allowed);
        for (int i = 0; i < 10; ++i) // a burst of 10 of the 12 a minute
            QVERIFY(limits.admitVerifiedMessage(QStringLiteral("7"), false).allowed);
        QVERIFY(!limits.admitVerifiedMessage(QStringLiteral("7"), false).allowed);
        QVERIFY(limits.admitVerifiedMessage(QStringLiteral("8"), false).allowed);
        for (int i = 0; i < 5; ++i)
            QVERIFY(limits.admitOperatorRequest(QStringLiteral("alice")).allowed);
        const RateLimits::Verdict refused = limits.admitOperatorRequest(QStringLiteral("alice"));
        QVERIFY(!refused.allowed);
        QCOMPARE(refused.budget, QStringLiteral("operator"));
        QVERIFY(limits.admitOperatorRequest(QStringLiteral("bob")).allowed);
    }

    void offAdmitsEverything()
    {
        RateLimits limits(RateLimitConfig::off());
        for (int i = 0; i < 1000; ++i) {
            QVERIFY(limits.admitPublicMessage(client(QStringLiteral("203.0.113.7")), true).allowed);
            QVERIFY(limits.admitOperatorRequest(QStringLiteral("alice")).allowed);
        }
    }

    void memoryIsBounded()
    {
        RateLimiter limiter(60, 10, 1000);
        for (int i = 0; i < 50000; ++i)
            QVERIFY(limiter.tryAcquire(QString::number(i), 1000 + i / 100));
        QVERIFY2(limiter.trackedKeys() <= 1000, qPrintable(QString::number(limiter.trackedKeys())));
        // The most recent keys are the ones kept.
        for (int i = 0; i < 9; ++i)
            QVERIFY(limiter.tryAcquire(QStringLiteral("49999"), 1500));
        QVERIFY(!limiter.tryAcquire(QStringLiteral("49999"), 1500));
    }

    void forwardedFor_data()
    {
        QTest::addColumn<QString>("peer");
        QTest::addColumn<QByteArray>("forwardedFor");
        QTest::addColumn<QString>("client");
        QTest::newRow("no proxy configured for this peer") << "198.51.100.9" << QByteArray("203.0.113.7") << "198.51.100.9";
        QTest::newRow("trusted proxy") << "127.0.0.1" << QByteArray("203.0.113.7") << "203.0.113.7";
        QTest::newRow("trusted proxy, IPv4-mapped peer") << "::ffff:127.0.0.1" << QByteArray("203.0.113.7") << "203.0.113.7";
        QTest::newRow("right-most untrusted wins over a forged left part")
            << "127.0.0.1" << QByteArray("1.2.3.4, 203.0.113.7") << "203.0.113.7";
        QTest::newRow("proxy chain inside the trusted range")
            << "10.0.0.2" << QByteArray("203.0.113.7, 10.0.0.5") << "203.0.113.7";
        QTest::newRow("with a port") << "127.0.0.1" << QByteArray("203.0.113.7:5555") << "203.0.113.7";
        QTest::newRow("IPv6 in brackets") << "127.0.0.1" << QByteArray("[2001:db8::7]:443") << "2001:db8::7";
        QTest::newRow("IPv6 bare") << "127.0.0.1" << QByteArray("2001:db8::7") << "2001:db8::7";
        QTest::newRow("garbage: the proxy itself") << "127.0.0.1" << QByteArray("not-an-address") << "127.0.0.1";
        QTest::newRow("garbage left of a real hop") << "127.0.0.1" << QByteArray("junk, 203.0.113.7") << "203.0.113.7";
        QTest::newRow("every hop trusted: the left-most") << "127.0.0.1" << QByteArray("10.0.0.9, 10.0.0.5") << "10.0.0.9";
        QTest::newRow("no header") << "127.0.0.1" << QByteArray() << "127.0.0.1";
    }

    void forwardedFor()
    {
        QFETCH(QString, peer);
        QFETCH(QByteArray, forwardedFor);
        QFETCH(QString, client);
        QString error;
        const auto proxies = TrustedProxies::parse({QStringLiteral("127.0.0.1"), QStringLiteral(" 10.0.0.0/8")}, &error);
        QVERIFY2(proxies, qPrintable(error));
        QCOMPARE(ClientIdentity::clientAddress(QHostAddress(peer), forwardedFor, *proxies).toString(), client);
    }

    void proxyListsAndDeviceIds()
    {
        QString error;
        QVERIFY(!TrustedProxies::parse({QStringLiteral("10.0.0.0/99")}, &error));
        QVERIFY(error.contains(QStringLiteral("10.0.0.0/99")));
        QVERIFY(!TrustedProxies::parse({QStringLiteral("proxy.example")}, &error));
        QVERIFY(TrustedProxies::parse({QStringLiteral("::1"), QStringLiteral("fd00::/8")}, &error)->contains(QHostAddress(QStringLiteral("fd12::1"))));
        QVERIFY(TrustedProxies::parse({}, &error)->isEmpty());

        const TrustedProxies none;
        QCOMPARE(ClientIdentity::of(QHostAddress(QStringLiteral("203.0.113.7")), "", "3f1c9a52-7d1e-4c1b-9a0e-2b6f8d4c1e77", none).deviceId,
                 QStringLiteral("3f1c9a52-7d1e-4c1b-9a0e-2b6f8d4c1e77"));
        QVERIFY(ClientIdentity::of(QHostAddress(QStringLiteral("203.0.113.7")), "", "short", none).deviceId.isEmpty());
        QVERIFY(ClientIdentity::of(QHostAddress(QStringLiteral("203.0.113.7")), "", "has spaces in it", none).deviceId.isEmpty());
        QVERIFY(ClientIdentity::of(QHostAddress(QStringLiteral("203.0.113.7")), "", QByteArray(129, 'a'), none).deviceId.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRateLimits)
#include "tst_ratelimits.moc"

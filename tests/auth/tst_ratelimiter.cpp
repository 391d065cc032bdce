#include "auth/ratelimiter.h"

#include <QTest>

// Time is passed in (nowMs), so every case runs on simulated clocks.
class TestRateLimiter : public QObject
{
    Q_OBJECT

private slots:
    void burstThenRefusal()
    {
        RateLimiter limiter(60, 3); // one token a second, three at once
        for (int i = 0; i < 3; ++i)
            QVERIFY(limiter.tryAcquire(QStringLiteral("a"), 0));
        qint64 retryAfterMs = -1;
        QVERIFY(!limiter.tryAcquire(QStringLiteral("a"), 0, &retryAfterMs));
        QCOMPARE(retryAfterMs, 1000);
        QVERIFY(limiter.isLimited(QStringLiteral("a"), 0));
        // Keys do not share buckets.
        QVERIFY(limiter.tryAcquire(QStringLiteral("b"), 0));
        QVERIFY(!limiter.isLimited(QStringLiteral("b"), 0));
    }

    void refillsOverTime()
    {
        RateLimiter limiter(60, 3);
        for (int i = 0; i < 3; ++i)
            QVERIFY(limiter.tryAcquire(QStringLiteral("a"), 0));

        qint64 retryAfterMs = -1;
        QVERIFY(!limiter.tryAcquire(QStringLiteral("a"), 400, &retryAfterMs));
        QVERIFY2(retryAfterMs > 0 && qAbs(retryAfterMs - 600) <= 1, qPrintable(QString::number(retryAfterMs)));
        QVERIFY(limiter.isLimited(QStringLiteral("a"), 999));
        QVERIFY(!limiter.isLimited(QStringLiteral("a"), 1000));
        QVERIFY(limiter.tryAcquire(QStringLiteral("a"), 1000));
        QVERIFY(!limiter.tryAcquire(QStringLiteral("a"), 1000));

        // A long pause refills up to the burst, not beyond.
        const qint64 later = 1000 + 3600 * 1000;
        for (int i = 0; i < 3; ++i)
            QVERIFY(limiter.tryAcquire(QStringLiteral("a"), later));
        QVERIFY(!limiter.tryAcquire(QStringLiteral("a"), later));
    }

    void isLimitedTakesNothing()
    {
        RateLimiter limiter(60, 2);
        QVERIFY(!limiter.isLimited(QStringLiteral("a"), 0));
        for (int i = 0; i < 10; ++i)
            QVERIFY(!limiter.isLimited(QStringLiteral("a"), 0));
        QVERIFY(limiter.tryAcquire(QStringLiteral("a"), 0));
        QVERIFY(limiter.tryAcquire(QStringLiteral("a"), 0));
        qint64 retryAfterMs = -1;
        QVERIFY(limiter.isLimited(QStringLiteral("a"), 0, &retryAfterMs));
        QVERIFY(retryAfterMs > 0);
    }

    void resetForgetsAKey()
    {
        RateLimiter limiter(1, 1);
        QVERIFY(limiter.tryAcquire(QStringLiteral("a"), 0));
        QVERIFY(limiter.tryAcquire(QStringLiteral("b"), 0));
        QVERIFY(!limiter.tryAcquire(QStringLiteral("a"), 0));
        limiter.reset(QStringLiteral("a"));
        QVERIFY(!limiter.isLimited(QStringLiteral("a"), 0));
        QVERIFY(limiter.tryAcquire(QStringLiteral("a"), 0));
        QVERIFY(limiter.isLimited(QStringLiteral("b"), 0));
    }

    void rateZeroDisables()
    {
        RateLimiter limiter(0, 5);
        QVERIFY(!limiter.enabled());
        for (int i = 0; i < 100; ++i)
            QVERIFY(limiter.tryAcquire(QStringLiteral("a"), 0));
        QVERIFY(!limiter.isLimited(QStringLiteral("a"), 0));
        QCOMPARE(limiter.trackedKeys(), 0);
        QVERIFY(RateLimiter(60, 5).enabled());
    }

    void idleKeysArePruned()
    {
        RateLimiter limiter(60, 2); // a bucket is full again 2 s after its last use
        const qint64 minute = 61 * 1000; // the limiter prunes at most once a minute
        for (int round = 0; round < 10; ++round) {
            const qint64 start = round * minute;
            for (int i = 0; i < 1000; ++i)
                limiter.tryAcquire(QStringLiteral("client-%1-%2").arg(round).arg(i), start + i);
            QVERIFY2(limiter.trackedKeys() <= 1000, qPrintable(QString::number(limiter.trackedKeys())));
        }

        // A key limited just before a prune is not forgotten by it.
        const qint64 beforePrune = 9 * minute + 59800;
        QVERIFY(limiter.tryAcquire(QStringLiteral("busy"), beforePrune));
        QVERIFY(limiter.tryAcquire(QStringLiteral("busy"), beforePrune));
        QVERIFY(limiter.tryAcquire(QStringLiteral("other"), beforePrune + 500));
        QCOMPARE(limiter.trackedKeys(), 2);
        QVERIFY(limiter.isLimited(QStringLiteral("busy"), beforePrune + 500));
    }
};

QTEST_GUILESS_MAIN(TestRateLimiter)
#include "tst_ratelimiter.moc"

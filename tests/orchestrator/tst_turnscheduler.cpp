#include "orchestrator/turnscheduler.h"

#include <QAtomicInt>
#include <QMutex>
#include <QTest>
#include <QThread>
#include <QThreadPool>

#ifdef Q_OS_LINUX
#include <cerrno>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace {
int thisThreadsNice()
{
    errno = 0;
    const int nice = getpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)));
    return errno == 0 ? nice : -100;
}
} // namespace
#endif

// Turns of one thread run one at a time, in order; other threads run alongside.
class TestTurnScheduler : public QObject
{
    Q_OBJECT

private slots:
    void sameKeyRunsInOrderOneAtATime()
    {
        QThreadPool pool;
        pool.setMaxThreadCount(4);
        TurnScheduler scheduler(&pool);
        QMutex mutex;
        QStringList order;
        QAtomicInt running = 0, maxRunning = 0, done = 0;
        for (int i = 0; i < 20; ++i) {
            scheduler.submit(QStringLiteral("thread-a"), [&, i] {
                const int now = running.fetchAndAddOrdered(1) + 1;
                if (now > maxRunning.loadAcquire())
                    maxRunning.storeRelease(now);
                QThread::msleep(2);
                {
                    QMutexLocker locker(&mutex);
                    order.append(QString::number(i));
                }
                running.fetchAndAddOrdered(-1);
                done.fetchAndAddOrdered(1);
            });
        }
        QTRY_COMPARE_WITH_TIMEOUT(done.loadAcquire(), 20, 10000);
        QCOMPARE(maxRunning.loadAcquire(), 1);
        QStringList expected;
        for (int i = 0; i < 20; ++i)
            expected.append(QString::number(i));
        QCOMPARE(order, expected);
        QTRY_COMPARE(scheduler.busyKeys(), 0); // nothing left behind
    }

    void differentKeysRunInParallel()
    {
        QThreadPool pool;
        pool.setMaxThreadCount(4);
        TurnScheduler scheduler(&pool);
        QAtomicInt running = 0, sawParallel = 0, done = 0;
        for (int i = 0; i < 8; ++i) {
            scheduler.submit(QStringLiteral("thread-%1").arg(i), [&] {
                if (running.fetchAndAddOrdered(1) + 1 > 1)
                    sawParallel.storeRelease(1);
                QThread::msleep(30);
                running.fetchAndAddOrdered(-1);
                done.fetchAndAddOrdered(1);
            });
        }
        QTRY_COMPARE_WITH_TIMEOUT(done.loadAcquire(), 8, 10000);
        QCOMPARE(sawParallel.loadAcquire(), 1);
    }

    // Jobs run below the priority of the threads that submit them (the I/O
    // thread), by the given nice levels; the submitting thread is untouched.
    void workersRunAtLowerPriority_data()
    {
        QTest::addColumn<QString>("key");
        QTest::newRow("keyed") << QStringLiteral("thread-a");
        QTest::newRow("unkeyed") << QString();
    }
    void workersRunAtLowerPriority()
    {
#ifndef Q_OS_LINUX
        QSKIP("thread priorities are per thread on Linux only");
#else
        QFETCH(QString, key);
        const int base = thisThreadsNice();
        QVERIFY(base > -100);
        if (base > 15)
            QSKIP("the test runs too near the lowest priority already");
        QThreadPool pool;
        pool.setMaxThreadCount(1);
        TurnScheduler lowered(&pool, 3);
        QAtomicInt seen = -100;
        lowered.submit(key, [&] { seen.storeRelease(thisThreadsNice()); });
        QTRY_VERIFY(seen.loadAcquire() != -100);
        QCOMPARE(seen.loadAcquire(), base + 3);
        QCOMPARE(thisThreadsNice(), base);

        QThreadPool other;
        other.setMaxThreadCount(1);
        TurnScheduler same(&other, 0);
        seen.storeRelease(-100);
        same.submit(key, [&] { seen.storeRelease(thisThreadsNice()); });
        QTRY_VERIFY(seen.loadAcquire() != -100);
        QCOMPARE(seen.loadAcquire(), base);
#endif
    }
};

QTEST_GUILESS_MAIN(TestTurnScheduler)
#include "tst_turnscheduler.moc"

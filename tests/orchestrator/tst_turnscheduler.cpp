#include "orchestrator/turnscheduler.h"

#include <QAtomicInt>
#include <QMutex>
#include <QTest>
#include <QThread>
#include <QThreadPool>

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
};

QTEST_GUILESS_MAIN(TestTurnScheduler)
#include "tst_turnscheduler.moc"

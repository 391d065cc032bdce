#include "live/eventbus.h"

#include <QSignalSpy>
#include <QTest>
#include <QThread>

// The event log behind /api/live and the thread event streams: ids, the
// ring, replay and reset, filters, and the bound on a slow subscriber.
class TestEventBus : public QObject
{
    Q_OBJECT

private slots:
    void idsIncreaseAndStartAboveAnyEarlierLog()
    {
        EventBus earlier;
        const LiveEvent old = earlier.publish(liveevent::KbChanged, QString(), {});
        QTest::qWait(2);
        EventBus bus;
        QVERIFY(bus.epoch() != earlier.epoch());
        QCOMPARE(bus.epoch().size(), 24);
        const LiveEvent first = bus.publish(liveevent::KbChanged, QString(), {});
        const LiveEvent second = bus.publish(liveevent::KbChanged, QString(), {});
        QCOMPARE(second.id, first.id + 1);
        QCOMPARE(bus.lastId(), second.id);
        QVERIFY(first.id > old.id);
        QVERIFY(first.id < (qint64(1) << 53)); // exact as a JavaScript number
        // An id from the earlier log cannot be replayed here.
        EventSubscription subscription(bus, {});
        QVERIFY(subscription.start(old.id).reset);
    }

    void replayFromTheRing_data()
    {
        QTest::addColumn<int>("sinceOffset"); // relative to the first event's id
        QTest::addColumn<bool>("reset");
        QTest::addColumn<int>("replayed");
        // Capacity 5, 8 events published: ids first..first+7, the ring holds first+3..first+7.
        QTest::newRow("all still in the ring") << 2 << false << 5;
        QTest::newRow("some") << 5 << false << 2;
        QTest::newRow("up to date") << 7 << false << 0;
        QTest::newRow("older than the ring") << 1 << true << 0;
        QTest::newRow("from the future") << 8 << true << 0;
    }

    void replayFromTheRing()
    {
        QFETCH(int, sinceOffset);
        QFETCH(bool, reset);
        QFETCH(int, replayed);
        EventBus bus(5);
        qint64 first = 0;
        for (int i = 0; i < 8; ++i) {
            const LiveEvent event = bus.publish(liveevent::KbChanged, QString(), {{QStringLiteral("n"), i}});
            if (i == 0)
                first = event.id;
        }
        EventSubscription subscription(bus, {});
        const EventBus::Replay replay = subscription.start(first + sinceOffset);
        QCOMPARE(replay.reset, reset);
        QCOMPARE(replay.events.size(), replayed);
        QCOMPARE(replay.lastId, first + 7);
        for (qsizetype i = 0; i < replay.events.size(); ++i)
            QCOMPARE(replay.events.at(i).id, first + sinceOffset + 1 + i);
    }

    void filterByThreadAndType()
    {
        EventBus bus;
        EventSubscription mine(bus, {QStringLiteral("t1"), {liveevent::MessageAdded}});
        EventSubscription all(bus, {});
        mine.start(-1);
        all.start(-1);
        bus.publish(liveevent::MessageAdded, QStringLiteral("t1"), {});
        bus.publish(liveevent::MessageAdded, QStringLiteral("t2"), {});
        bus.publish(liveevent::ThreadStatus, QStringLiteral("t1"), {});
        bool overflowed = true;
        const QList<LiveEvent> events = mine.takePending(&overflowed);
        QVERIFY(!overflowed);
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().threadId, QStringLiteral("t1"));
        QCOMPARE(all.takePending(&overflowed).size(), 3);
    }

    void subscriberIsToldOncePerBatchOnItsOwnThread()
    {
        EventBus bus;
        EventSubscription subscription(bus, {});
        QSignalSpy pending(&subscription, &EventSubscription::pending);
        subscription.start(-1);
        QThread publisher;
        QObject context;
        context.moveToThread(&publisher);
        publisher.start();
        QMetaObject::invokeMethod(
            &context,
            [&bus] {
                for (int i = 0; i < 50; ++i)
                    bus.publish(liveevent::KbChanged, QString(), {});
            },
            Qt::BlockingQueuedConnection);
        publisher.quit();
        publisher.wait();
        QCOMPARE(pending.size(), 1);
        bool overflowed = false;
        QCOMPARE(subscription.takePending(&overflowed).size(), 50);
        bus.publish(liveevent::KbChanged, QString(), {});
        QCOMPARE(pending.size(), 2);
    }

    void slowSubscriberIsDroppedNotWaitedFor()
    {
        EventBus bus(100, 10);
        EventSubscription slow(bus, {});
        EventSubscription fast(bus, {});
        slow.start(-1);
        fast.start(-1);
        bool overflowed = false;
        for (int i = 0; i < 25; ++i) {
            bus.publish(liveevent::KbChanged, QString(), {});
            if (i % 5 == 4)
                QCOMPARE(fast.takePending(&overflowed).size(), 5);
        }
        QVERIFY(!overflowed);
        QVERIFY(slow.takePending(&overflowed).isEmpty());
        QVERIFY(overflowed);
    }
};

QTEST_GUILESS_MAIN(TestEventBus)
#include "tst_eventbus.moc"

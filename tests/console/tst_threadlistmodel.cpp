// ThreadListModel and ThreadFilterModel: order (handoffs first, longest
// waiting on top), incremental updates by id, snapshots merged in place,
// announcements, waiting times, and 5,000 rows.
#include "models/threadfiltermodel.h"
#include "models/threadlistmodel.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QPersistentModelIndex>
#include <QSignalSpy>
#include <QTest>

namespace {

const qint64 kNow = 1'700'000'000'000;

Thread makeThread(const QString &id, ThreadStatus status, qint64 updatedAt, qint64 handoffAt = 0,
                  const QString &channel = QStringLiteral("web"))
{
    Thread thread;
    thread.id = id;
    thread.status = status;
    thread.channel = channel;
    thread.updatedAt = updatedAt;
    thread.createdAt = updatedAt - 1000;
    thread.handoffAt = handoffAt;
    thread.lastMessage = QStringLiteral("message of ") + id;
    thread.messageCount = 2;
    return thread;
}

QStringList idsInOrder(const QAbstractItemModel &model)
{
    QStringList ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.index(row, 0).data(ThreadListModel::ThreadIdRole).toString());
    return ids;
}

} // namespace

class TestThreadListModel : public QObject
{
    Q_OBJECT

private slots:
    void order_data();
    void order();
    void upsertMovesAndKeepsPersistentIndex();
    void snapshotMergesInPlace();
    void statusAndMessageEvents();
    void announcesNewHandoffsAfterFirstLoad();
    void waitingTime_data();
    void waitingTime();
    void tickRepaintsOnlyTheQueue();
    void filters_data();
    void filters();
    void fiveThousandRows();
};

void TestThreadListModel::order_data()
{
    QTest::addColumn<QList<Thread>>("threads");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("recent first") << QList<Thread>{makeThread("a", ThreadStatus::Bot, 100),
                                                   makeThread("b", ThreadStatus::Bot, 300),
                                                   makeThread("c", ThreadStatus::Human, 200)}
                                  << QStringList{"b", "c", "a"};
    QTest::newRow("handoffs on top, longest waiting first")
        << QList<Thread>{makeThread("bot", ThreadStatus::Bot, 900), makeThread("h1", ThreadStatus::Handoff, 800, 500),
                         makeThread("h2", ThreadStatus::Handoff, 850, 100), makeThread("closed", ThreadStatus::Closed, 950)}
        << QStringList{"h2", "h1", "closed", "bot"};
    QTest::newRow("handoff without handoff_at uses its last activity")
        << QList<Thread>{makeThread("x", ThreadStatus::Handoff, 700), makeThread("y", ThreadStatus::Handoff, 900, 600)}
        << QStringList{"y", "x"};
    QTest::newRow("ties broken by id") << QList<Thread>{makeThread("q", ThreadStatus::Bot, 5), makeThread("p", ThreadStatus::Bot, 5)}
                                       << QStringList{"p", "q"};
}

void TestThreadListModel::order()
{
    QFETCH(QList<Thread>, threads);
    QFETCH(QStringList, expected);
    ThreadListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setThreads(threads);
    QCOMPARE(idsInOrder(model), expected);

    // The same order when they arrive one by one, in any order.
    ThreadListModel single;
    QAbstractItemModelTester singleTester(&single, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (auto it = threads.crbegin(); it != threads.crend(); ++it)
        single.upsert(*it);
    QCOMPARE(idsInOrder(single), expected);
}

void TestThreadListModel::upsertMovesAndKeepsPersistentIndex()
{
    ThreadListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setThreads({makeThread("a", ThreadStatus::Bot, 300), makeThread("b", ThreadStatus::Bot, 200),
                      makeThread("c", ThreadStatus::Bot, 100)});
    const QPersistentModelIndex selected = model.index(2, ThreadListModel::AssigneeColumn); // "c"
    QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    Thread c = *model.thread("c");
    c.status = ThreadStatus::Handoff;
    c.handoffAt = 400;
    c.updatedAt = 400;
    model.upsert(c);
    QCOMPARE(idsInOrder(model), (QStringList{"c", "a", "b"}));
    QCOMPARE(moved.size(), 1);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(selected.row(), 0);
    QCOMPARE(selected.column(), int(ThreadListModel::AssigneeColumn));
    QCOMPARE(model.handoffCount(), 1);

    // Moving down.
    Thread a = *model.thread("a");
    a.updatedAt = 50;
    model.upsert(a);
    QCOMPARE(idsInOrder(model), (QStringList{"c", "b", "a"}));

    // Same data: no signal at all.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.upsert(a);
    QCOMPARE(changed.size(), 0);

    // In place.
    a.assignee = QStringLiteral("alice");
    model.upsert(a);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(model.index(2, ThreadListModel::AssigneeColumn).data().toString(), QStringLiteral("alice"));
}

void TestThreadListModel::snapshotMergesInPlace()
{
    ThreadListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setThreads({makeThread("a", ThreadStatus::Bot, 500), makeThread("b", ThreadStatus::Bot, 400),
                      makeThread("c", ThreadStatus::Bot, 300), makeThread("d", ThreadStatus::Bot, 200)});
    const QPersistentModelIndex selectedC = model.index(model.rowOf("c"), 0);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    // b and d are gone, c went to the queue, e is new, a is listed twice.
    Thread c = makeThread("c", ThreadStatus::Handoff, 600, 600);
    Thread olderA = makeThread("a", ThreadStatus::Bot, 100);
    model.setThreads({makeThread("a", ThreadStatus::Bot, 500), c, makeThread("e", ThreadStatus::Bot, 550), olderA});
    QCOMPARE(idsInOrder(model), (QStringList{"c", "e", "a"}));
    QCOMPARE(reset.size(), 0);
    QVERIFY(selectedC.isValid());
    QCOMPARE(selectedC.data(ThreadListModel::ThreadIdRole).toString(), QStringLiteral("c"));
    QCOMPARE(model.thread("a")->updatedAt, qint64(500)); // the newer copy won
    QCOMPARE(model.handoffCount(), 1);

    model.setThreads({});
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.handoffCount(), 0);
}

void TestThreadListModel::statusAndMessageEvents()
{
    ThreadListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setClock([] { return kNow; });
    model.setThreads({makeThread("a", ThreadStatus::Bot, 500), makeThread("b", ThreadStatus::Bot, 400)});

    model.updateStatus("b", ThreadStatus::Handoff, {}, QStringLiteral("asked for a person"), kNow - 5000);
    QCOMPARE(idsInOrder(model), (QStringList{"b", "a"}));
    QCOMPARE(model.thread("b")->handoffAt, kNow - 5000);
    QCOMPARE(model.index(0, ThreadListModel::StatusColumn).data(Qt::ToolTipRole).toString(),
             ThreadListModel::tr("Handed off: %1").arg("asked for a person"));
    QCOMPARE(model.index(0, ThreadListModel::WaitingColumn).data(ThreadListModel::WaitingMsecsRole).toLongLong(), qint64(5000));

    model.updateStatus("b", ThreadStatus::Human, QStringLiteral("alice"));
    QCOMPARE(model.handoffCount(), 0);
    QCOMPARE(model.thread("b")->assignee, QStringLiteral("alice"));

    Message message;
    message.id = "m1";
    message.threadId = "a";
    message.role = MessageRole::User;
    message.content = QStringLiteral("Where is\nmy parcel?");
    message.createdAt = kNow;
    model.noteMessage(message);
    QCOMPARE(idsInOrder(model).first(), QStringLiteral("a"));
    QCOMPARE(model.index(0, ThreadListModel::LastMessageColumn).data().toString(), QStringLiteral("Where is my parcel?"));
    QCOMPARE(model.thread("a")->messageCount, qint64(3));

    // Unknown threads are ignored.
    message.threadId = "zzz";
    model.noteMessage(message);
    model.updateStatus("zzz", ThreadStatus::Closed, {});
    QCOMPARE(model.rowCount(), 2);
}

void TestThreadListModel::announcesNewHandoffsAfterFirstLoad()
{
    ThreadListModel model;
    QSignalSpy arrived(&model, &ThreadListModel::handoffArrived);
    QSignalSpy count(&model, &ThreadListModel::handoffCountChanged);
    model.setThreads({makeThread("old", ThreadStatus::Handoff, 100, 100), makeThread("a", ThreadStatus::Bot, 200)});
    QCOMPARE(arrived.size(), 0); // what was waiting before we looked is not news
    QCOMPARE(count.size(), 1);
    QCOMPARE(count.last().first().toInt(), 1);

    model.setThreads({makeThread("old", ThreadStatus::Handoff, 100, 100), makeThread("a", ThreadStatus::Handoff, 300, 300)});
    QCOMPARE(arrived.size(), 1);
    QCOMPARE(arrived.last().first().value<Thread>().id, QStringLiteral("a"));

    model.upsert(makeThread("new", ThreadStatus::Handoff, 400, 400));
    QCOMPARE(arrived.size(), 2);
    model.upsert(makeThread("new", ThreadStatus::Handoff, 450, 400)); // still waiting: not again
    QCOMPARE(arrived.size(), 2);
    QCOMPARE(model.handoffCount(), 3);
}

void TestThreadListModel::waitingTime_data()
{
    QTest::addColumn<qint64>("msecs");
    QTest::addColumn<QString>("expected");
    QTest::newRow("negative clock skew") << qint64(-5000) << QStringLiteral("0 s");
    QTest::newRow("seconds") << qint64(42'500) << QStringLiteral("42 s");
    QTest::newRow("minutes") << qint64(125'000) << QStringLiteral("2 min 05 s");
    QTest::newRow("hours") << qint64(3 * 3600'000 + 7 * 60'000) << QStringLiteral("3 h 07 min");
    QTest::newRow("days") << qint64(2 * 86400'000LL + 5000) << QStringLiteral("2 day(s)");
}

void TestThreadListModel::waitingTime()
{
    QFETCH(qint64, msecs);
    QFETCH(QString, expected);
    QCOMPARE(ThreadListModel::formatWaiting(msecs), expected.replace(QStringLiteral("2 day(s)"), ThreadListModel::tr("%n day(s)", nullptr, 2)));
}

void TestThreadListModel::tickRepaintsOnlyTheQueue()
{
    ThreadListModel model;
    qint64 now = kNow;
    model.setClock([&now] { return now; });
    model.setThreads({makeThread("h", ThreadStatus::Handoff, kNow - 10'000, kNow - 10'000),
                      makeThread("b", ThreadStatus::Bot, kNow)});
    QCOMPARE(model.index(0, ThreadListModel::WaitingColumn).data().toString(), QStringLiteral("10 s"));
    QVERIFY(model.index(1, ThreadListModel::WaitingColumn).data().toString().isEmpty());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    now += 61'000;
    model.tick();
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex(), model.index(0, ThreadListModel::WaitingColumn));
    QCOMPARE(changed.first().at(1).toModelIndex(), model.index(0, ThreadListModel::WaitingColumn));
    QCOMPARE(model.index(0, ThreadListModel::WaitingColumn).data().toString(), QStringLiteral("1 min 11 s"));
}

void TestThreadListModel::filters_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("channel");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("everything") << QString() << QString() << QStringList{"h", "s", "e", "w"};
    QTest::newRow("handoffs") << QStringLiteral("handoff") << QString() << QStringList{"h"};
    QTest::newRow("slack") << QString() << QStringLiteral("slack") << QStringList{"h", "s"};
    QTest::newRow("bot on slack") << QStringLiteral("bot") << QStringLiteral("slack") << QStringList{"s"};
    QTest::newRow("nothing") << QStringLiteral("closed") << QStringLiteral("email") << QStringList{};
}

void TestThreadListModel::filters()
{
    QFETCH(QString, status);
    QFETCH(QString, channel);
    QFETCH(QStringList, expected);
    ThreadListModel model;
    ThreadFilterModel filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setThreads({makeThread("w", ThreadStatus::Bot, 100), makeThread("s", ThreadStatus::Bot, 300, 0, "slack"),
                      makeThread("e", ThreadStatus::Human, 200, 0, "email"),
                      makeThread("h", ThreadStatus::Handoff, 50, 50, "slack")});
    filter.setStatusFilter(status);
    filter.setChannelFilter(channel);
    QCOMPARE(idsInOrder(filter), expected);

    // Live changes go through the filter.
    model.upsert(makeThread("new", ThreadStatus::Handoff, 400, 400, "slack"));
    if (status.isEmpty() || status == QLatin1String("handoff")) {
        if (channel.isEmpty() || channel == QLatin1String("slack"))
            QVERIFY(idsInOrder(filter).contains("new"));
    } else {
        QVERIFY(!idsInOrder(filter).contains("new"));
    }
}

void TestThreadListModel::fiveThousandRows()
{
    ThreadListModel model;
    ThreadFilterModel filter;
    filter.setSourceModel(&model);
    filter.setStatusFilter(QStringLiteral("handoff"));
    QList<Thread> threads;
    for (int i = 0; i < 5000; ++i)
        threads.append(makeThread(QStringLiteral("t%1").arg(i, 5, 10, QLatin1Char('0')),
                                  i % 10 == 0 ? ThreadStatus::Handoff : ThreadStatus::Bot, kNow - i * 1000,
                                  i % 10 == 0 ? kNow - i * 1000 : 0));
    QElapsedTimer timer;
    timer.start();
    model.setThreads(threads);
    const qint64 load = timer.restart();
    QCOMPARE(model.rowCount(), 5000);
    QCOMPARE(model.handoffCount(), 500);
    QCOMPARE(filter.rowCount(), 500);

    // A snapshot with 200 changes, 50 gone and 50 new.
    for (int i = 0; i < 200; ++i) {
        threads[i * 20 + 1].updatedAt = kNow + i;
        threads[i * 20 + 1].lastMessage = QStringLiteral("changed");
    }
    for (int i = 0; i < 50; ++i) {
        threads.removeAt(4000);
        threads.append(makeThread(QStringLiteral("n%1").arg(i), ThreadStatus::Bot, kNow + 1000 + i));
    }
    const QPersistentModelIndex kept = model.index(model.rowOf("t00003"), 0);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setThreads(threads);
    const qint64 merge = timer.restart();
    QCOMPARE(model.rowCount(), 5000);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(kept.data(ThreadListModel::ThreadIdRole).toString(), QStringLiteral("t00003"));

    // 1,000 single events, each moving a row.
    for (int i = 0; i < 1000; ++i) {
        const auto listed = model.thread(QStringLiteral("t%1").arg(4999 - i * 3, 5, 10, QLatin1Char('0')));
        if (!listed)
            continue; // one of the 50 gone
        Thread thread = *listed;
        thread.updatedAt = kNow + 10'000 + i;
        model.upsert(thread);
    }
    const qint64 events = timer.elapsed();
    QCOMPARE(model.rowCount(), 5000);
    QCOMPARE(model.handoffCount(), 495); // 5 of the 500 were in the snapshot's 50 gone
    // The last one moved is the most recent: right below the queue.
    QCOMPARE(idsInOrder(model).at(model.handoffCount()), QStringLiteral("t02002"));
    qInfo("5,000 rows: load %lld ms, merged snapshot %lld ms, 1,000 events %lld ms", load, merge, events);
    QVERIFY2(load + merge + events < 3000, "updating 5,000 rows must stay fast");
}

QTEST_GUILESS_MAIN(TestThreadListModel)
#include "tst_threadlistmodel.moc"

// GroupCommit on both engines: concurrent writes committed in one batch, each
// caller told its own verdict, one failing item never failing or half-writing
// the others, and the hook told before the caller returns. Also the SQLite WAL
// checkpointer that keeps checkpoints off the commit path.
#include "storetest.h"

#include "store/groupcommit.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QThread>
#include <atomic>
#include <functional>
#include <memory>
#include <stdexcept>
#include <vector>

#ifdef Q_OS_LINUX
#include <cerrno>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace {

// Polls `condition` for up to 10 s.
bool eventually(const std::function<bool()> &condition)
{
    QElapsedTimer clock;
    clock.start();
    while (!condition()) {
        if (clock.elapsed() > 10000)
            return false;
        QThread::msleep(1);
    }
    return true;
}

bool insertSetting(Database &db, const QString &key)
{
    return db.run(QStringLiteral("INSERT INTO settings (key, value) VALUES (?, ?)"), {key, QStringLiteral("x")},
                  "insert setting");
}

qint64 settingCount(Database &db, const QString &key)
{
    QSqlQuery &query = db.statement(QStringLiteral("SELECT COUNT(*) FROM settings WHERE key = ?"));
    query.addBindValue(key);
    const qint64 count = db.exec(query) && query.next() ? query.value(0).toLongLong() : -1;
    query.finish();
    return count;
}

struct Outcome
{
    std::atomic_bool returned{false};
    std::atomic_bool verdict{false};
    std::atomic_int hookCalls{0};
    std::atomic_bool hookVerdict{false};
    std::atomic_bool hookBeforeReturn{false};
};

// Runs one item of `gc` on a thread of its own, recording what it was told.
std::unique_ptr<QThread> runItem(GroupCommit &gc, GroupCommit::Work work, Outcome &outcome)
{
    std::unique_ptr<QThread> thread(QThread::create([&gc, work = std::move(work), &outcome] {
        const bool ok = gc.run(work, [&outcome](bool committed) {
            outcome.hookVerdict = committed;
            ++outcome.hookCalls;
        });
        outcome.hookBeforeReturn = outcome.hookCalls.load() == 1;
        outcome.verdict = ok;
        outcome.returned = true;
    }));
    thread->start();
    return thread;
}

} // namespace

class TestGroupCommit : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data() { storetest::addEngineRows(); }

    void queuedWritesCommitInOneBatch()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        GroupCommit &gc = db.groupCommit();
        const GroupCommit::Stats before = gc.stats();
        constexpr int kFollowers = 6;

        // The first item holds its batch open until the others have queued
        // behind it: they must then go in one batch together.
        std::atomic_bool leading{false};
        std::atomic_bool queued{false};
        Outcome first;
        auto leader = runItem(gc, [&] {
            leading = true;
            queued = eventually([&] { return gc.waiting() == kFollowers; });
            return insertSetting(db, QStringLiteral("first"));
        }, first);
        QVERIFY(eventually([&] { return leading.load(); }));
        std::vector<Outcome> outcomes(kFollowers);
        std::vector<std::unique_ptr<QThread>> followers;
        for (int i = 0; i < kFollowers; ++i)
            followers.push_back(runItem(gc, [&db, i] { return insertSetting(db, QStringLiteral("follower-%1").arg(i)); },
                                        outcomes[i]));
        QVERIFY(leader->wait(20000));
        for (auto &follower : followers)
            QVERIFY(follower->wait(20000));

        QVERIFY(queued);
        QVERIFY(first.verdict);
        QCOMPARE(settingCount(db, QStringLiteral("first")), 1);
        for (int i = 0; i < kFollowers; ++i) {
            QVERIFY(outcomes[i].verdict);
            QVERIFY2(outcomes[i].hookBeforeReturn, "the hook hears the verdict before run() returns");
            QCOMPARE(outcomes[i].hookCalls.load(), 1);
            QVERIFY(outcomes[i].hookVerdict);
            QCOMPARE(settingCount(db, QStringLiteral("follower-%1").arg(i)), 1);
        }
        const GroupCommit::Stats after = gc.stats();
        QCOMPARE(after.items - before.items, quint64(kFollowers + 1));
        QCOMPARE(after.batches - before.batches, quint64(2)); // the first item's, then all the others
        QCOMPARE(after.retriedAlone, before.retriedAlone);
    }

    void aFailingItemLeavesTheOthersStoredAndItselfUnwritten()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        GroupCommit &gc = db.groupCommit();
        const GroupCommit::Stats before = gc.stats();

        std::atomic_bool leading{false};
        Outcome first;
        auto leader = runItem(gc, [&] {
            leading = true;
            eventually([&] { return gc.waiting() == 3; });
            return insertSetting(db, QStringLiteral("first"));
        }, first);
        QVERIFY(eventually([&] { return leading.load(); }));
        Outcome good1, bad, good2;
        auto a = runItem(gc, [&db] { return insertSetting(db, QStringLiteral("good-1")); }, good1);
        QVERIFY(eventually([&] { return gc.waiting() == 1; }));
        // Writes a row, then fails: the row must not survive.
        auto b = runItem(gc, [&db] { return insertSetting(db, QStringLiteral("half-written")) && false; }, bad);
        QVERIFY(eventually([&] { return gc.waiting() == 2; }));
        auto c = runItem(gc, [&db] { return insertSetting(db, QStringLiteral("good-2")); }, good2);
        for (QThread *thread : {leader.get(), a.get(), b.get(), c.get()})
            QVERIFY(thread->wait(20000));

        QVERIFY(first.verdict);
        QVERIFY(good1.verdict);
        QVERIFY(good2.verdict);
        QVERIFY(!bad.verdict);
        QCOMPARE(bad.hookCalls.load(), 1);
        QVERIFY(!bad.hookVerdict);
        QVERIFY(good1.hookVerdict && good2.hookVerdict);
        QCOMPARE(settingCount(db, QStringLiteral("good-1")), 1);
        QCOMPARE(settingCount(db, QStringLiteral("good-2")), 1);
        QCOMPARE(settingCount(db, QStringLiteral("half-written")), 0);
        QCOMPARE(gc.stats().retriedAlone - before.retriedAlone, quint64(3)); // the failed batch's items, alone
    }

    // Work runs on another caller's thread: what it throws is its failure,
    // and the next batch still gets a leader.
    void aThrowingItemFailsAloneAndNothingHangs()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        GroupCommit &gc = db.groupCommit();
        bool heard = true;
        QVERIFY(!gc.run(
            [&db]() -> bool {
                insertSetting(db, QStringLiteral("before-the-throw"));
                throw std::runtime_error("out of luck");
            },
            [&heard](bool ok) { heard = ok; }));
        QVERIFY(!heard);
        QCOMPARE(settingCount(db, QStringLiteral("before-the-throw")), 0);
        int hookCalls = 0;
        QVERIFY(gc.run([&db] { return insertSetting(db, QStringLiteral("after")); },
                       [&hookCalls](bool) {
                           ++hookCalls;
                           throw std::runtime_error("a hook that throws");
                       }));
        QCOMPARE(hookCalls, 1);
        QVERIFY(gc.run([&db] { return insertSetting(db, QStringLiteral("and-after")); }));
        QCOMPARE(settingCount(db, QStringLiteral("after")), 1);
        QCOMPARE(settingCount(db, QStringLiteral("and-after")), 1);
    }

    void recordTurnGoesThroughTheGroupCommit()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        ConversationStore store(db);
        const Thread thread = storetest::newThread(1000);
        QVERIFY(store.createThread(thread, QByteArray("digest")));
        const GroupCommit::Stats before = db.groupCommit().stats();

        for (int turn = 0; turn < 3; ++turn) {
            ConversationStore::TurnRecord record =
                storetest::newTurn(thread.id, QStringLiteral("question %1").arg(turn), QStringLiteral("answer"), 2000 + turn);
            int hookCalls = 0;
            qint64 seqSeen = -1;
            QVERIFY(store.recordTurn(record, [&](bool ok) {
                ++hookCalls;
                seqSeen = ok && record.reply ? record.reply->seq : -1;
            }));
            QCOMPARE(hookCalls, 1);
            QCOMPARE(seqSeen, qint64(2 * turn + 2)); // numbered by the time the hook runs
        }
        QCOMPARE(db.groupCommit().stats().items - before.items, quint64(3));
        const QList<Message> messages = store.recentMessages(thread.id, 10);
        QCOMPARE(messages.size(), 6);
        for (qsizetype i = 0; i < messages.size(); ++i)
            QCOMPARE(messages.at(i).seq, qint64(i + 1));

        // A thread that does not exist: refused, and the hook hears so.
        ConversationStore::TurnRecord orphan =
            storetest::newTurn(crypto::uuidV4(), QStringLiteral("hello?"), QStringLiteral("answer"), 3000);
        int hookCalls = 0;
        bool hookVerdict = true;
        QVERIFY(!store.recordTurn(orphan, [&](bool ok) {
            ++hookCalls;
            hookVerdict = ok;
        }));
        QCOMPARE(hookCalls, 1);
        QVERIFY(!hookVerdict);
        QCOMPARE(storetest::scalar(db, QStringLiteral("SELECT COUNT(*) FROM traces WHERE id = '%1'").arg(orphan.trace.id)), 0);
    }

    // A new thread's row is queued, not waited for; the turn recorded after
    // it commits after it (same queue, in order), and a turn queued behind a
    // thread that could not be stored fails with it.
    void aQueuedThreadIsStoredBeforeTheTurnQueuedAfterIt()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        ConversationStore store(db);
        const Thread thread = storetest::newThread(1000);
        std::atomic_int hookCalls{0};
        GroupCommit::Ticket created = store.queueThread(thread, QStringLiteral("digest"), {}, [&](bool ok) {
            if (ok)
                ++hookCalls;
        });
        ConversationStore::TurnRecord record =
            storetest::newTurn(thread.id, QStringLiteral("first question"), QStringLiteral("answer"), 2000);
        QVERIFY(store.recordTurn(record, {}));
        QVERIFY(created.wait());
        QVERIFY(created.wait()); // asked again: the same verdict, at once
        QCOMPARE(hookCalls.load(), 1);
        QCOMPARE(store.recentMessages(thread.id, 10).size(), 2);

        // The same id again: the row exists, so this creation fails, and
        // nothing of the existing thread changes.
        GroupCommit::Ticket again = store.queueThread(thread, QStringLiteral("other-digest"), {});
        QVERIFY(!again.wait());
        QCOMPARE(storetest::scalar(db, QStringLiteral("SELECT COUNT(*) FROM threads WHERE token_hash = 'digest'")), 1);

        // A thread whose row fails (a NOT NULL column left null), and the turn behind it.
        Thread broken = storetest::newThread(3000);
        broken.channel = QString();
        GroupCommit::Ticket failed = store.queueThread(broken, QStringLiteral("digest-2"), {});
        ConversationStore::TurnRecord orphan =
            storetest::newTurn(broken.id, QStringLiteral("hello?"), QStringLiteral("answer"), 3001);
        QVERIFY(!store.recordTurn(orphan, {}));
        QVERIFY(!failed.wait());
        QCOMPARE(storetest::scalar(db, QStringLiteral("SELECT COUNT(*) FROM threads WHERE id = '%1'").arg(broken.id)), 0);
    }

    // The committer runs at the priority of the thread that opened the
    // database, even when a thread at a lower priority is the first to queue
    // a write.
    void theCommitterKeepsTheOpenersPriority()
    {
#ifndef Q_OS_LINUX
        QSKIP("thread priorities are per thread on Linux only");
#else
        const auto niceOf = [] {
            errno = 0;
            const int nice = getpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)));
            return errno == 0 ? nice : -100;
        };
        const int base = niceOf();
        if (base < -20 || base > 15)
            QSKIP("the test runs too near the lowest priority already");
        OPEN_FRESH_DATABASE(fresh, db);
        std::atomic_int workerNice{-100}, committerNice{-100};
        std::atomic_bool ok{false};
        std::unique_ptr<QThread> worker(QThread::create([&] {
            setpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)), base + 3);
            workerNice = niceOf();
            ok = db.groupCommit().run([&] {
                committerNice = niceOf();
                return insertSetting(db, QStringLiteral("from-a-low-priority-worker"));
            });
        }));
        worker->start();
        QVERIFY(worker->wait(20000));
        QVERIFY(ok);
        QCOMPARE(workerNice.load(), base + 3);
        QCOMPARE(committerNice.load(), base);
        QCOMPARE(settingCount(db, QStringLiteral("from-a-low-priority-worker")), 1);
#endif
    }

    void sqliteLogIsCheckpointedInTheBackground()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        if (!db.isSqlite())
            QSKIP("SQLite's write-ahead log only");
        // Commits never checkpoint themselves...
        QCOMPARE(storetest::scalar(db, QStringLiteral("PRAGMA wal_autocheckpoint")), 0);
        const QString mainFile = db.config().sqlitePath;
        const qint64 sizeBefore = QFileInfo(mainFile).size();
        {
            Database::Transaction transaction(db);
            QVERIFY(transaction.ok());
            for (int i = 0; i < 2000; ++i)
                QVERIFY(insertSetting(db, QStringLiteral("bulk-%1-").arg(i) + QString(200, QLatin1Char('x'))));
            QVERIFY(transaction.commit());
        }
        // ...and the rows reach the database file anyway, by the checkpointer.
        QVERIFY2(eventually([&] { return QFileInfo(mainFile).size() > sizeBefore + 200 * 1000; }),
                 "the database file did not grow: nothing checkpointed the log");
    }
};

QTEST_GUILESS_MAIN(TestGroupCommit)
#include "tst_groupcommit.moc"

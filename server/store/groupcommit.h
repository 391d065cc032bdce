#pragma once

#include <QtGlobal>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

class Database;
class QThread;

// Group commit: many threads' writes committed in one transaction, by one
// thread. A caller queues its work and waits; the committer thread (started
// by Database::open) takes everything queued by then, runs it in one write
// transaction on its own connection, commits, tells each caller's hook the
// verdict, and wakes each caller alone. Under load a turn then pays for a
// share of one BEGIN/COMMIT (and of one round of WAL page writes) instead of
// queueing for the write lock behind every other turn. One thread doing all
// of it also means no write lock handed from worker to worker (each of which
// may be descheduled while holding it), and, on SQLite, one connection whose
// page cache stays warm (a connection drops its cache whenever another one
// has committed).
//
// Work must only use the Database it is given (it runs on the committer's
// connection) and return whether it succeeded. When one item fails, the batch
// is rolled back and every item is run again in a transaction of its own, so
// one bad item never fails or half-writes another. Work that itself calls
// submit() or run() (on the committer thread) runs at once, inside the batch.
class GroupCommit
{
    Q_DISABLE_COPY_MOVE(GroupCommit)

public:
    using Work = std::function<bool()>;
    using Committed = std::function<void(bool ok)>;

    explicit GroupCommit(Database &database);
    ~GroupCommit();

    struct Item; // a queued write, shared by its Ticket and the queue
    // A queued write: wait() blocks until it is committed (true) or has failed
    // (false), and may be called again (it then answers at once).
    class Ticket
    {
    public:
        bool wait() const;

    private:
        friend class GroupCommit;
        GroupCommit *m_owner = nullptr;
        std::shared_ptr<Item> m_item;
    };

    // Queues `work` for a write transaction shared with whatever else is
    // queued, and returns at once; items commit in the order they were queued.
    // `committed`, when given, learns the verdict first, on the committer
    // thread, before wait() returns: what must follow a commit at once (a
    // reply to send) goes there, without waiting for the caller to wake up. It
    // must be quick and thread-safe. Whatever `work` and `committed` refer to
    // must live until the ticket is done.
    Ticket submit(Work work, Committed committed = {});
    // submit() and wait(). Must not be called while holding a Database::Transaction.
    bool run(const Work &work, const Committed &committed = {}) { return submit(work, committed).wait(); }
    // Starts the committer thread, which takes the calling thread's CPU
    // priority (Linux): Database::open() does, so it runs as the program's
    // main thread does rather than as whichever thread happened to write
    // first. submit() starts it too when nobody has.
    void start();
    // Finishes what is queued, then ends the committer thread (before the
    // Database closes its connections). run() afterwards fails.
    void stop();

    // How many batches and items have been committed (for tests and benchmarks).
    struct Stats
    {
        quint64 batches = 0;
        quint64 items = 0;
        quint64 retriedAlone = 0; // items run again alone after a failed batch
    };
    Stats stats() const;
    // Items queued for the next batch (tests use it to make a batch form).
    qsizetype waiting() const;

private:
    void startLocked();
    void commitLoop();
    void commitBatch(const std::vector<std::shared_ptr<Item>> &batch);
    bool waitFor(Item &item);
    bool runAlone(const Work &work);

    Database &m_database;
    mutable std::mutex m_mutex;
    std::condition_variable m_queued; // the committer waits on it
    std::vector<std::shared_ptr<Item>> m_queue;
    std::unique_ptr<QThread> m_committer;
    std::atomic<QThread *> m_committerThread{nullptr}; // m_committer, readable without the mutex
    bool m_stopping = false;
    Stats m_stats;
};

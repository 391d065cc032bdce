#pragma once

#include <QtGlobal>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <vector>

class Database;

// Group commit: many threads' writes committed in one transaction. A caller
// queues its work and waits; the first caller to find no commit under way
// becomes the leader, takes everything queued by then, runs it in one write
// transaction on its own thread and connection, commits, and wakes the
// others. Under load a turn then pays for a share of one BEGIN/COMMIT (and
// of one round of WAL page writes) instead of queueing for the write lock
// behind every other turn, each of which may be descheduled while holding it.
//
// Work must only use the Database it is given (the leader's connection) and
// return whether it succeeded. When one item fails, the batch is rolled back
// and every item is run again in a transaction of its own, so one bad item
// never fails or half-writes another.
class GroupCommit
{
    Q_DISABLE_COPY_MOVE(GroupCommit)

public:
    using Work = std::function<bool()>;
    using Committed = std::function<void(bool ok)>;

    explicit GroupCommit(Database &database);

    // Runs `work` in a write transaction shared with whatever else is queued;
    // returns once it is committed (true) or has failed (false). `committed`,
    // when given, learns the verdict first, on the thread that committed the
    // batch, before this call returns: what must follow a commit at once (a
    // reply to send) goes there, without waiting for this thread to wake up.
    // It must be quick and thread-safe.
    bool run(const Work &work, const Committed &committed = {});

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
    struct Item
    {
        const Work *work = nullptr;
        const Committed *committed = nullptr;
        bool taken = false; // in a batch under way
        bool done = false;
        bool ok = false;
    };
    void commitBatch(const std::vector<Item *> &batch);
    bool runAlone(const Work &work);

    Database &m_database;
    mutable std::mutex m_mutex;
    std::condition_variable m_committed;
    std::vector<Item *> m_queue;
    bool m_leading = false;
    Stats m_stats;
};

#include "groupcommit.h"
#include "database.h"

#include <QThread>

namespace {

// Work and hooks run on the committer for other callers: whatever they throw
// must not leave the batch half done and everyone waiting.
bool runGuarded(const GroupCommit::Work &work)
{
    try {
        return work();
    } catch (...) {
        return false;
    }
}

void notifyGuarded(const GroupCommit::Committed &committed, bool ok)
{
    try {
        committed(ok);
    } catch (...) {
    }
}

} // namespace

GroupCommit::GroupCommit(Database &database) : m_database(database) {}

GroupCommit::~GroupCommit()
{
    stop();
}

struct GroupCommit::Item
{
    Work work;
    Committed committed;
    std::condition_variable done; // only its callers wait on it
    bool finished = false;
    bool ok = false;
};

GroupCommit::Ticket GroupCommit::submit(Work work, Committed committed)
{
    Ticket ticket;
    ticket.m_owner = this;
    ticket.m_item = std::make_shared<Item>();
    Item &item = *ticket.m_item;
    item.work = std::move(work);
    item.committed = std::move(committed);
    if (QThread::currentThread() == m_committerThread.load()) {
        // Queued by work in a batch: already inside its transaction.
        item.ok = runGuarded(item.work);
        if (item.committed)
            notifyGuarded(item.committed, item.ok);
        item.finished = true;
        return ticket;
    }
    std::lock_guard<std::mutex> guard(m_mutex);
    if (m_stopping) {
        item.finished = true; // refused: ok stays false
        return ticket;
    }
    startLocked();
    m_queue.push_back(ticket.m_item);
    if (m_queue.size() == 1)
        m_queued.notify_one();
    return ticket;
}

void GroupCommit::start()
{
    std::lock_guard<std::mutex> guard(m_mutex);
    if (!m_stopping)
        startLocked();
}

void GroupCommit::startLocked()
{
    if (m_committer)
        return;
    m_committer.reset(QThread::create([this] { commitLoop(); }));
    m_committer->setObjectName(QStringLiteral("group-commit"));
    m_committerThread = m_committer.get();
    m_committer->start();
}

bool GroupCommit::Ticket::wait() const
{
    return m_owner && m_item && m_owner->waitFor(*m_item);
}

bool GroupCommit::waitFor(Item &item)
{
    std::unique_lock<std::mutex> lock(m_mutex);
    item.done.wait(lock, [&item] { return item.finished; });
    return item.ok;
}

void GroupCommit::stop()
{
    {
        std::lock_guard<std::mutex> guard(m_mutex);
        if (m_stopping)
            return;
        m_stopping = true;
    }
    m_queued.notify_one();
    if (m_committer)
        m_committer->wait();
}

void GroupCommit::commitLoop()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    for (;;) {
        m_queued.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
        if (m_queue.empty())
            return; // stopping, and nothing left to write
        std::vector<std::shared_ptr<Item>> batch;
        batch.swap(m_queue);
        lock.unlock();
        commitBatch(batch);
        lock.lock();
    }
}

void GroupCommit::commitBatch(const std::vector<std::shared_ptr<Item>> &batch)
{
    bool together = false;
    {
        Database::Transaction transaction(m_database);
        together = transaction.ok();
        for (const auto &item : batch) {
            if (!together)
                break;
            together = runGuarded(item->work);
        }
        together = together && transaction.commit();
    } // rolled back unless committed
    quint64 retried = 0;
    for (const auto &item : batch) {
        if (together) {
            item->ok = true;
        } else if (batch.size() > 1) {
            // One item failed (or the transaction did): nothing of the batch
            // is stored; give each item its own verdict.
            item->ok = runAlone(item->work);
            ++retried;
        }
    }
    {
        std::lock_guard<std::mutex> guard(m_mutex);
        ++m_stats.batches;
        m_stats.items += batch.size();
        m_stats.retriedAlone += retried;
    }
    // Each hook as soon as the batch is stored, then whoever waits for it.
    for (const auto &item : batch) {
        if (item->committed)
            notifyGuarded(item->committed, item->ok);
        std::lock_guard<std::mutex> guard(m_mutex);
        item->finished = true;
        item->done.notify_all();
    }
}

bool GroupCommit::runAlone(const Work &work)
{
    Database::Transaction transaction(m_database);
    return transaction.ok() && runGuarded(work) && transaction.commit();
}

GroupCommit::Stats GroupCommit::stats() const
{
    std::lock_guard<std::mutex> guard(m_mutex);
    return m_stats;
}

qsizetype GroupCommit::waiting() const
{
    std::lock_guard<std::mutex> guard(m_mutex);
    return qsizetype(m_queue.size());
}

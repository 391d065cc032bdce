#include "groupcommit.h"
#include "database.h"

namespace {

// Work and hooks run on the leader's thread for other callers: whatever they
// throw must not leave the batch half done and everyone waiting.
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

bool GroupCommit::run(const Work &work, const Committed &committed)
{
    Item item;
    item.work = &work;
    item.committed = committed ? &committed : nullptr;
    std::unique_lock<std::mutex> lock(m_mutex);
    m_queue.push_back(&item);
    while (!item.done) {
        if (m_leading || item.taken) {
            m_committed.wait(lock);
            continue;
        }
        // Lead: commit everything queued so far, this item included.
        m_leading = true;
        std::vector<Item *> batch;
        batch.swap(m_queue);
        for (Item *queued : batch)
            queued->taken = true;
        lock.unlock();
        commitBatch(batch);
        lock.lock();
    }
    return item.ok;
}

void GroupCommit::commitBatch(const std::vector<Item *> &batch)
{
    bool together = false;
    {
        Database::Transaction transaction(m_database);
        together = transaction.ok();
        for (Item *item : batch) {
            if (!together)
                break;
            together = runGuarded(*item->work);
        }
        together = together && transaction.commit();
    } // rolled back unless committed
    quint64 retried = 0;
    for (Item *item : batch) {
        if (together) {
            item->ok = true;
        } else if (batch.size() > 1) {
            // One item failed (or the transaction did): nothing of the batch
            // is stored; give each item its own verdict.
            item->ok = runAlone(*item->work);
            ++retried;
        }
    }
    {
        // The next batch may start while this one's callbacks run.
        std::lock_guard<std::mutex> guard(m_mutex);
        m_leading = false;
        ++m_stats.batches;
        m_stats.items += batch.size();
        m_stats.retriedAlone += retried;
    }
    m_committed.notify_all();
    for (Item *item : batch) {
        if (item->committed)
            notifyGuarded(*item->committed, item->ok);
    }
    {
        std::lock_guard<std::mutex> guard(m_mutex);
        for (Item *item : batch)
            item->done = true;
    }
    m_committed.notify_all();
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

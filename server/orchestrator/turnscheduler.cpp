#include "turnscheduler.h"

#include <QMutexLocker>
#include <QThreadPool>

TurnScheduler::TurnScheduler(QThreadPool *pool) : m_pool(pool) {}

void TurnScheduler::submit(const QString &key, std::function<void()> job)
{
    if (key.isEmpty()) {
        m_pool->start(std::move(job));
        return;
    }
    {
        QMutexLocker locker(&m_mutex);
        const auto it = m_waiting.find(key);
        if (it != m_waiting.end()) {
            it->enqueue(std::move(job));
            return;
        }
        m_waiting.insert(key, {});
    }
    run(key, std::move(job));
}

void TurnScheduler::run(const QString &key, std::function<void()> job)
{
    m_pool->start([this, key, job = std::move(job)] {
        job();
        std::function<void()> next;
        {
            QMutexLocker locker(&m_mutex);
            const auto it = m_waiting.find(key);
            if (it == m_waiting.end())
                return;
            if (it->isEmpty())
                m_waiting.erase(it);
            else
                next = it->dequeue();
        }
        if (next)
            run(key, std::move(next));
    });
}

qsizetype TurnScheduler::busyKeys() const
{
    QMutexLocker locker(&m_mutex);
    return m_waiting.size();
}

#include "turnscheduler.h"

#include <QMetaObject>
#include <QPointer>
#include <QThreadPool>

TurnScheduler::TurnScheduler(QThreadPool *pool, QObject *parent) : QObject(parent), m_pool(pool) {}

void TurnScheduler::submit(const QString &key, std::function<void()> job)
{
    if (key.isEmpty()) {
        m_pool->start(std::move(job));
        return;
    }
    const auto it = m_waiting.find(key);
    if (it != m_waiting.end()) {
        it->enqueue(std::move(job));
        return;
    }
    m_waiting.insert(key, {});
    start(key, std::move(job));
}

void TurnScheduler::start(const QString &key, std::function<void()> job)
{
    QPointer<TurnScheduler> self(this);
    m_pool->start([self, key, job = std::move(job)] {
        job();
        if (self)
            QMetaObject::invokeMethod(self.data(), [self, key] { if (self) self->finished(key); }, Qt::QueuedConnection);
    });
}

void TurnScheduler::finished(const QString &key)
{
    const auto it = m_waiting.find(key);
    if (it == m_waiting.end())
        return;
    if (it->isEmpty()) {
        m_waiting.erase(it);
        return;
    }
    start(key, it->dequeue());
}

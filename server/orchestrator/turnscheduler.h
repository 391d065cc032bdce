#pragma once
#include <QHash>
#include <QMutex>
#include <QQueue>
#include <QString>
#include <functional>

class QThreadPool;

// Runs jobs on a worker pool; jobs with the same key (a thread id) run one
// after another in arrival order, so turns of one conversation never overlap,
// nothing is dropped and nothing is answered twice. Jobs of different keys run
// in parallel. Thread-safe: any HTTP I/O thread may submit; a finishing job
// starts the next one of its key itself, without an event loop.
class TurnScheduler
{
    Q_DISABLE_COPY_MOVE(TurnScheduler)

public:
    explicit TurnScheduler(QThreadPool *pool);

    void submit(const QString &key, std::function<void()> job);
    qsizetype busyKeys() const;

private:
    void run(const QString &key, std::function<void()> job);

    QThreadPool *m_pool;
    mutable QMutex m_mutex;
    // Keys with a job running, and the jobs queued behind it.
    QHash<QString, QQueue<std::function<void()>>> m_waiting;
};

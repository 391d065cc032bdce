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
//
// workerNice > 0 lowers the CPU priority of the pool threads that run jobs by
// that much (Linux, where priority is per thread): every turn passes through
// the HTTP I/O thread and the group committer, one thread each, and on a busy
// machine those must not wait for a worker's time slice to end.
class TurnScheduler
{
    Q_DISABLE_COPY_MOVE(TurnScheduler)

public:
    explicit TurnScheduler(QThreadPool *pool, int workerNice = 0);

    void submit(const QString &key, std::function<void()> job);
    qsizetype busyKeys() const;

private:
    void run(const QString &key, std::function<void()> job);

    QThreadPool *m_pool;
    int m_workerNice;
    mutable QMutex m_mutex;
    // Keys with a job running, and the jobs queued behind it.
    QHash<QString, QQueue<std::function<void()>>> m_waiting;
};

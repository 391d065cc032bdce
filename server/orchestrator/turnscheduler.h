#pragma once
#include <QHash>
#include <QObject>
#include <QQueue>
#include <functional>

class QThreadPool;

// Runs jobs on a worker pool; jobs with the same key (a thread id) run one
// after another in arrival order, so turns of one conversation never overlap,
// nothing is dropped and nothing is answered twice. Jobs of different keys run
// in parallel. Lives on the event-loop thread; submit() is called there.
class TurnScheduler : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TurnScheduler)

public:
    explicit TurnScheduler(QThreadPool *pool, QObject *parent = nullptr);

    void submit(const QString &key, std::function<void()> job);
    qsizetype busyKeys() const { return m_waiting.size(); }

private:
    void start(const QString &key, std::function<void()> job);
    void finished(const QString &key);

    QThreadPool *m_pool;
    // Keys with a job running, and the jobs queued behind it.
    QHash<QString, QQueue<std::function<void()>>> m_waiting;
};

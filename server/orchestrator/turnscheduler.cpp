#include "turnscheduler.h"

#include <QMutexLocker>
#include <QThreadPool>

#ifdef Q_OS_LINUX
#include <cerrno>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace {

// Once per pool thread. Raising a thread's nice value needs no privilege.
void lowerThisThreadsPriority(int nice)
{
#ifdef Q_OS_LINUX
    thread_local bool lowered = false;
    if (lowered || nice <= 0)
        return;
    lowered = true;
    const auto thread = id_t(syscall(SYS_gettid));
    errno = 0;
    const int current = getpriority(PRIO_PROCESS, thread);
    if (errno == 0)
        setpriority(PRIO_PROCESS, thread, qMin(19, current + nice));
#else
    Q_UNUSED(nice);
#endif
}

} // namespace

TurnScheduler::TurnScheduler(QThreadPool *pool, int workerNice) : m_pool(pool), m_workerNice(workerNice) {}

void TurnScheduler::submit(const QString &key, std::function<void()> job)
{
    if (key.isEmpty()) {
        m_pool->start([this, job = std::move(job)] {
            lowerThisThreadsPriority(m_workerNice);
            job();
        });
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
        lowerThisThreadsPriority(m_workerNice);
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

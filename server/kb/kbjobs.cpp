#include "kbjobs.h"
#include "kbservice.h"

#include "auth/crypto.h"
#include "model/jsonutil.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QJsonValue>
#include <QLoggingCategory>
#include <exception>

Q_LOGGING_CATEGORY(lcKbJobs, "supportd.kb.jobs")

namespace {
QJsonValue timeOrNull(qint64 ms)
{
    return ms > 0 ? QJsonValue(json::formatTime(ms)) : QJsonValue(QJsonValue::Null);
}
} // namespace

QString KbJob::statusToString(Status status)
{
    switch (status) {
    case Status::Queued: return QStringLiteral("queued");
    case Status::Running: return QStringLiteral("running");
    case Status::Done: return QStringLiteral("done");
    case Status::Failed: return QStringLiteral("failed");
    }
    return {};
}

QJsonObject KbJob::toJson() const
{
    QJsonObject object{{QStringLiteral("id"), id},
                       {QStringLiteral("kind"), kind},
                       {QStringLiteral("status"), statusToString(status)},
                       {QStringLiteral("created_at"), timeOrNull(createdAt)},
                       {QStringLiteral("started_at"), timeOrNull(startedAt)},
                       {QStringLiteral("finished_at"), timeOrNull(finishedAt)}};
    if (status == Status::Failed)
        object.insert(QStringLiteral("error"), error);
    return object;
}

KbJobs::KbJobs(KbService &kb) : KbJobs(Task([&kb](QString *error) { return kb.rebuildIndex(error); })) {}

KbJobs::KbJobs(Task rebuild) : m_rebuild(std::move(rebuild))
{
    m_pool.setMaxThreadCount(1);
    m_pool.setObjectName(QStringLiteral("kb-jobs"));
}

KbJobs::~KbJobs()
{
    m_pool.waitForDone();
}

KbJob KbJobs::startRebuild(bool *started)
{
    QMutexLocker locker(&m_mutex);
    if (!m_activeId.isEmpty()) {
        for (const KbJob &job : std::as_const(m_jobs)) {
            if (job.id == m_activeId) {
                if (started)
                    *started = false;
                return job;
            }
        }
    }
    KbJob job;
    job.id = crypto::uuidV4();
    job.kind = QStringLiteral("rebuild_kb_index");
    job.createdAt = QDateTime::currentMSecsSinceEpoch();
    m_jobs.append(job);
    // Forget the oldest finished jobs beyond the ones kept (the active one is never dropped).
    for (qsizetype i = 0; m_jobs.size() > kept && i < m_jobs.size();) {
        if (m_jobs.at(i).finished())
            m_jobs.removeAt(i);
        else
            ++i;
    }
    m_activeId = job.id;
    const QString id = job.id;
    m_pool.start([this, id] { run(id); });
    if (started)
        *started = true;
    return job;
}

void KbJobs::run(const QString &id)
{
    update(id, [](KbJob &job) {
        job.status = KbJob::Status::Running;
        job.startedAt = QDateTime::currentMSecsSinceEpoch();
    });
    QString error;
    bool ok = false;
    try {
        ok = m_rebuild(&error);
    } catch (const std::exception &e) {
        qCWarning(lcKbJobs) << "index rebuild threw:" << e.what();
        error = QStringLiteral("internal error");
    } catch (...) {
        error = QStringLiteral("internal error");
    }
    if (!ok && error.isEmpty())
        error = QStringLiteral("the index could not be rebuilt");
    if (!ok)
        qCWarning(lcKbJobs) << "index rebuild failed:" << error;
    QMutexLocker locker(&m_mutex);
    for (KbJob &job : m_jobs) {
        if (job.id == id) {
            job.status = ok ? KbJob::Status::Done : KbJob::Status::Failed;
            job.finishedAt = QDateTime::currentMSecsSinceEpoch();
            job.error = ok ? QString() : error;
        }
    }
    if (m_activeId == id)
        m_activeId.clear();
}

void KbJobs::update(const QString &id, const std::function<void(KbJob &)> &change)
{
    QMutexLocker locker(&m_mutex);
    for (KbJob &job : m_jobs) {
        if (job.id == id)
            change(job);
    }
}

std::optional<KbJob> KbJobs::find(const QString &id) const
{
    QMutexLocker locker(&m_mutex);
    for (const KbJob &job : m_jobs) {
        if (job.id == id)
            return job;
    }
    return std::nullopt;
}

QList<KbJob> KbJobs::recent() const
{
    QMutexLocker locker(&m_mutex);
    QList<KbJob> jobs(m_jobs.crbegin(), m_jobs.crend());
    return jobs;
}

bool KbJobs::waitForIdle(int timeoutMs)
{
    return m_pool.waitForDone(timeoutMs);
}

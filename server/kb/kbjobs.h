#pragma once
#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QString>
#include <QThreadPool>
#include <functional>
#include <optional>

class KbService;

// One background job over the knowledge base (today: rebuilding the search index).
struct KbJob
{
    enum class Status { Queued, Running, Done, Failed };

    QString id;          // random UUIDv4: a job is found by id alone
    QString kind;        // "rebuild"
    Status status = Status::Queued;
    qint64 createdAt = 0; // ms since the epoch; 0 = not yet
    qint64 startedAt = 0;
    qint64 finishedAt = 0;
    QString error;       // why it failed

    bool finished() const { return status == Status::Done || status == Status::Failed; }
    static QString statusToString(Status status);
    QJsonObject toJson() const;
};

// Runs knowledge-base jobs on a thread of their own, never on an HTTP event
// loop or a request worker: a rebuild can take a while and must not hold up
// conversations. At most one rebuild runs at a time; asking again while one is
// queued or running returns that job. The last `kept` jobs stay findable (in
// memory: they are for the console to follow a job it started).
class KbJobs
{
    Q_DISABLE_COPY_MOVE(KbJobs)

public:
    using Task = std::function<bool(QString *error)>;
    static constexpr int kept = 20;

    explicit KbJobs(KbService &kb);
    explicit KbJobs(Task rebuild); // tests: any task in place of KbService::rebuildIndex
    ~KbJobs();                     // waits for a running job

    // Queues a rebuild, or returns the one queued or running (*started = false).
    KbJob startRebuild(bool *started = nullptr);
    std::optional<KbJob> find(const QString &id) const;
    QList<KbJob> recent() const; // newest first
    // Waits until no job is queued or running; false on timeout.
    bool waitForIdle(int timeoutMs = -1);

private:
    void run(const QString &id);
    void update(const QString &id, const std::function<void(KbJob &)> &change);

    Task m_rebuild;
    QThreadPool m_pool;
    mutable QMutex m_mutex;
    QList<KbJob> m_jobs;  // oldest first
    QString m_activeId;   // the queued or running rebuild, if any
};

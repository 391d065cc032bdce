#pragma once
#include <QByteArray>
#include <QMutex>
#include <QSet>
#include <QString>
#include <QThreadPool>
#include <QUrl>
#include <atomic>
#include <optional>

class Database;
struct StoredTicket;

// Where tickets go once stored, from the environment:
//   SUPPORTD_HELPDESK_WEBHOOK_URL          http(s) URL; unset: no delivery
//   SUPPORTD_HELPDESK_WEBHOOK_SECRET       the signing secret, or
//   SUPPORTD_HELPDESK_WEBHOOK_SECRET_FILE  a file holding it (trailing newline trimmed)
// The secret is never logged, stored or put in an error text.
struct HelpdeskConfig
{
    QUrl url;
    QByteArray secret;
    int timeoutMs = 5000;          // whole request
    int connectTimeoutMs = 2000;
    int maxAttempts = 5;
    int firstBackoffMs = 1000;     // then doubled: 1 s, 2 s, 4 s, 8 s
    int maxBackoffMs = 60000;

    bool enabled() const { return url.isValid() && !url.isEmpty(); }
    // nullopt with *error when the variables are set but wrong (no secret,
    // unreadable secret file, not an http(s) URL); an empty config when unset.
    static std::optional<HelpdeskConfig> fromEnvironment(QString *error);
};

// The receiver's side of the signature: X-Support-Signature is
// "sha256=" + hex HMAC-SHA256(secret, timestamp + "." + body).
namespace helpdesk {
QByteArray signature(const QByteArray &secret, const QByteArray &timestamp, const QByteArray &body);
// {"event":"ticket.created","ticket":{id, thread_id, email, subject, body, priority, status, channel, created_at}}
QByteArray payload(const StoredTicket &stored);
} // namespace helpdesk

// Delivers stored tickets to the helpdesk over a signed JSON webhook, off the
// turn's thread: enqueue() returns at once, a private pool of one thread
// POSTs (libcurl) and records the outcome in the ticket row. 2xx: delivered
// (with the response's "id" as external id when there is one); 408, 429, 5xx,
// timeouts and connection errors: retried with exponential backoff up to
// maxAttempts, then failed; any other 4xx: failed at once. Pending tickets
// are picked up again by resumePending() (called at start).
class HelpdeskWebhook
{
    Q_DISABLE_COPY_MOVE(HelpdeskWebhook)

public:
    HelpdeskWebhook(Database &database, HelpdeskConfig config);
    ~HelpdeskWebhook(); // stops waiting retries and joins the worker

    const HelpdeskConfig &config() const { return m_config; }
    void enqueue(const QString &ticketId);
    // Queues every ticket whose delivery is pending; returns how many.
    int resumePending();
    // Blocks until nothing is queued or running (tests, shutdown); false on timeout.
    bool waitForIdle(int timeoutMs);

    struct Attempt
    {
        int httpStatus = 0; // 0: no HTTP answer
        bool timedOut = false;
        QString error;      // short, ours: "HTTP 503", "timeout", "connection failed"
        QString externalId;
    };
    // One POST of the ticket, blocking (public for tests).
    Attempt post(const StoredTicket &stored) const;
    static bool retryable(const Attempt &attempt);

private:
    void deliver(const QString &ticketId);
    bool sleepUnlessStopping(int ms);

    Database &m_db;
    HelpdeskConfig m_config;
    QThreadPool m_pool;
    QMutex m_mutex;
    QSet<QString> m_queued; // ids queued or being delivered: never twice at once
    std::atomic<bool> m_stopping{false};
};

#pragma once
#include "signedwebhook.h"

#include <QByteArray>
#include <QMutex>
#include <QSet>
#include <QString>
#include <QThreadPool>
#include <atomic>
#include <optional>

class Database;
struct StoredTicket;

// Where tickets go once stored, from the environment:
//   SUPPORTD_HELPDESK_WEBHOOK_URL          http(s) URL; unset: no delivery
//   SUPPORTD_HELPDESK_WEBHOOK_SECRET       the signing secret, or
//   SUPPORTD_HELPDESK_WEBHOOK_SECRET_FILE  a file holding it (trimmed)
// The secret is never logged, stored or put in an error text.
struct HelpdeskConfig : WebhookTarget
{
    static std::optional<HelpdeskConfig> fromEnvironment(QString *error);
};

// The signature is webhook::signature (signedwebhook.h).
namespace helpdesk {
inline QByteArray signature(const QByteArray &secret, const QByteArray &timestamp, const QByteArray &body)
{
    return webhook::signature(secret, timestamp, body);
}
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

    using Attempt = webhook::Attempt;
    // One POST of the ticket, blocking (public for tests).
    Attempt post(const StoredTicket &stored) const;
    static bool retryable(const Attempt &attempt) { return webhook::retryable(attempt); }

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

#pragma once
#include "tickets/signedwebhook.h"

#include <QByteArray>
#include <QThread>
#include <QThreadPool>
#include <atomic>
#include <optional>

class Database;
class EventBus;
class EventSubscription;
struct LiveEvent;

// Tells the website (the WordPress plugin of packaging/wordpress) what
// happened to its shoppers' conversations, from the environment:
//   SUPPORTD_SITE_WEBHOOK_URL                    http(s) URL; unset: nothing sent
//   SUPPORTD_SITE_WEBHOOK_SECRET[_FILE]          the signing secret
// Signed as every supportd webhook (webhook::signature in signedwebhook.h).
namespace sitewebhook {

inline const QByteArray TicketCreated = QByteArrayLiteral("ticket.created");
inline const QByteArray ThreadTakenOver = QByteArrayLiteral("thread.taken_over");

std::optional<WebhookTarget> targetFromEnvironment(QString *error);

// The webhook body for a live event, or nullopt when the site is not told:
//   {"event", "id", "created_at", "thread_id",
//    "ticket": {id, subject, priority, status, created_at, email}}   (ticket.created)
//    "operator": "<username>"                                         (thread.taken_over)
// "id" is the same on every retry of one event (the receiver de-duplicates
// on it). The ticket's text stays out, its subject has personal data masked
// and the e-mail is masked ("j***@example.com"): supportd keeps the details.
std::optional<QByteArray> payload(const LiveEvent &event, const QString &epoch);

// "j***@example.com"; empty stays empty.
QString maskEmail(const QString &email);

} // namespace sitewebhook

// Subscribes to the live event bus and POSTs ticket.created and
// thread.taken_over (an operator's takeover) of website threads (channel
// "web") to the site. The subscription drains on a thread of its own; the
// POSTs run on a small pool, retried with backoff on 408/429/5xx and network
// errors up to maxAttempts (in memory: a restart forgets what was not yet
// delivered; these are notices, the tickets themselves stay in supportd).
class SiteWebhook
{
    Q_DISABLE_COPY_MOVE(SiteWebhook)

public:
    SiteWebhook(Database &database, EventBus &events, WebhookTarget target);
    ~SiteWebhook(); // stops the subscription, waiting retries, and joins the workers

    const WebhookTarget &target() const { return m_target; }
    // How many events were delivered (2xx) and given up, since start.
    int delivered() const { return m_delivered; }
    int failed() const { return m_failed; }

private:
    void dispatch(const LiveEvent &event);
    bool isWebsiteThread(const QString &threadId) const;
    void deliver(const QByteArray &event, const QByteArray &body);

    Database &m_db;
    EventBus &m_events;
    const WebhookTarget m_target;
    QThread m_thread; // the subscription's event loop
    EventSubscription *m_subscription = nullptr;
    QThreadPool m_pool;
    std::atomic<bool> m_stopping{false};
    std::atomic<int> m_delivered{0};
    std::atomic<int> m_failed{0};
};

#include "sitewebhook.h"

#include "guardrails/piisanitizer.h"
#include "live/eventbus.h"
#include "model/jsonutil.h"
#include "store/conversationstore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcSiteWebhook, "supportd.sitewebhook")

namespace sitewebhook {

std::optional<WebhookTarget> targetFromEnvironment(QString *error)
{
    return WebhookTarget::fromEnvironment(QStringLiteral("SUPPORTD_SITE_WEBHOOK"), error);
}

QString maskEmail(const QString &email)
{
    const qsizetype at = email.lastIndexOf(QLatin1Char('@'));
    if (email.isEmpty())
        return email;
    if (at <= 0)
        return QStringLiteral("***");
    return email.left(1) + QStringLiteral("***") + email.mid(at);
}

std::optional<QByteArray> payload(const LiveEvent &event, const QString &epoch)
{
    QJsonObject body{{QStringLiteral("id"), epoch + QLatin1Char('-') + QString::number(event.id)},
                     {QStringLiteral("created_at"), json::formatTime(event.at)},
                     {QStringLiteral("thread_id"), event.threadId}};
    if (event.type == liveevent::TicketCreated) {
        const QJsonObject &t = event.data;
        body.insert(QStringLiteral("event"), QString::fromLatin1(TicketCreated));
        body.insert(QStringLiteral("ticket"),
                    QJsonObject{{QStringLiteral("id"), t.value(QStringLiteral("id"))},
                                {QStringLiteral("subject"),
                                 pii::sanitize(t.value(QStringLiteral("subject")).toString()).text},
                                {QStringLiteral("priority"), t.value(QStringLiteral("priority"))},
                                {QStringLiteral("status"), t.value(QStringLiteral("status"))},
                                {QStringLiteral("created_at"), t.value(QStringLiteral("created_at"))},
                                {QStringLiteral("email"), maskEmail(t.value(QStringLiteral("email")).toString())}});
    } else if (event.type == liveevent::ThreadStatus
               && event.data.value(QStringLiteral("reason")).toString() == QLatin1String("takeover")) {
        body.insert(QStringLiteral("event"), QString::fromLatin1(ThreadTakenOver));
        body.insert(QStringLiteral("operator"), event.data.value(QStringLiteral("assignee")));
    } else {
        return std::nullopt;
    }
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

} // namespace sitewebhook

SiteWebhook::SiteWebhook(Database &database, EventBus &events, WebhookTarget target)
    : m_db(database), m_events(events), m_target(std::move(target))
{
    m_pool.setMaxThreadCount(2);
    m_pool.setExpiryTimeout(-1);
    m_subscription = new EventSubscription(
        m_events, EventBus::Filter{QString(), {liveevent::TicketCreated, liveevent::ThreadStatus}});
    m_subscription->moveToThread(&m_thread);
    QObject::connect(
        m_subscription, &EventSubscription::pending, m_subscription,
        [this] {
            bool overflowed = false;
            const QList<LiveEvent> events = m_subscription->takePending(&overflowed);
            if (overflowed) // over 2000 events behind: the site misses some notices, nothing else
                qCWarning(lcSiteWebhook) << "site webhook queue overflowed; some events were not sent";
            for (const LiveEvent &event : events)
                dispatch(event);
        },
        Qt::QueuedConnection);
    m_subscription->start(-1);
    m_thread.setObjectName(QStringLiteral("sitewebhook"));
    m_thread.start();
}

SiteWebhook::~SiteWebhook()
{
    m_stopping = true;
    m_thread.quit();
    m_thread.wait();
    delete m_subscription; // detaches from the bus; its thread has stopped
    m_pool.waitForDone();
}

void SiteWebhook::dispatch(const LiveEvent &event)
{
    std::optional<QByteArray> body = sitewebhook::payload(event, m_events.epoch());
    if (!body || m_stopping)
        return;
    const QByteArray name = event.type == liveevent::TicketCreated ? sitewebhook::TicketCreated
                                                                    : sitewebhook::ThreadTakenOver;
    const QString threadId = event.threadId;
    m_pool.start([this, name, threadId, payload = std::move(*body)] {
        if (isWebsiteThread(threadId)) // Slack and e-mail threads are not the site's
            deliver(name, payload);
    });
}

bool SiteWebhook::isWebsiteThread(const QString &threadId) const
{
    if (threadId.isEmpty())
        return false;
    const auto stored = ConversationStore(m_db).findThread(threadId);
    return stored && stored->thread.channel == QLatin1String("web");
}

void SiteWebhook::deliver(const QByteArray &event, const QByteArray &body)
{
    for (int attempts = 1; !m_stopping; ++attempts) {
        const webhook::Attempt attempt = webhook::post(m_target, event, body);
        if (attempt.httpStatus >= 200 && attempt.httpStatus < 300) {
            ++m_delivered;
            qCDebug(lcSiteWebhook).noquote() << event << "sent to the site after" << attempts << "attempt(s)";
            return;
        }
        if (!webhook::retryable(attempt) || attempts >= m_target.maxAttempts) {
            ++m_failed;
            qCWarning(lcSiteWebhook).noquote() << event << "not sent to the site:" << attempt.error << "after"
                                               << attempts << "attempt(s)";
            return;
        }
        if (!webhook::sleepUnlessStopping(m_stopping, m_target.backoffMs(attempts)))
            return;
    }
}

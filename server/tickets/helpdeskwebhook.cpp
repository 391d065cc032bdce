#include "helpdeskwebhook.h"

#include "store/ticketstore.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcHelpdesk, "supportd.helpdesk")

std::optional<HelpdeskConfig> HelpdeskConfig::fromEnvironment(QString *error)
{
    const std::optional<WebhookTarget> target =
        WebhookTarget::fromEnvironment(QStringLiteral("SUPPORTD_HELPDESK_WEBHOOK"), error);
    if (!target)
        return std::nullopt;
    HelpdeskConfig config;
    static_cast<WebhookTarget &>(config) = *target;
    return config;
}

namespace helpdesk {

QByteArray payload(const StoredTicket &stored)
{
    const Ticket &t = stored.ticket;
    const QJsonObject ticket{{QStringLiteral("id"), t.id},
                             {QStringLiteral("thread_id"), t.threadId},
                             {QStringLiteral("email"), t.email},
                             {QStringLiteral("subject"), t.subject},
                             {QStringLiteral("body"), t.body},
                             {QStringLiteral("priority"), t.priority},
                             {QStringLiteral("status"), t.status},
                             {QStringLiteral("channel"), stored.channel},
                             {QStringLiteral("created_at"),
                              QDateTime::fromMSecsSinceEpoch(t.createdAt, Qt::UTC).toString(Qt::ISODateWithMs)}};
    return QJsonDocument(QJsonObject{{QStringLiteral("event"), QStringLiteral("ticket.created")},
                                     {QStringLiteral("ticket"), ticket}})
        .toJson(QJsonDocument::Compact);
}

} // namespace helpdesk

HelpdeskWebhook::HelpdeskWebhook(Database &database, HelpdeskConfig config)
    : m_db(database), m_config(std::move(config))
{
    m_pool.setMaxThreadCount(2);
    m_pool.setExpiryTimeout(-1);
}

HelpdeskWebhook::~HelpdeskWebhook()
{
    m_stopping = true;
    m_pool.waitForDone();
}

void HelpdeskWebhook::enqueue(const QString &ticketId)
{
    {
        QMutexLocker lock(&m_mutex);
        if (m_stopping || m_queued.contains(ticketId))
            return;
        m_queued.insert(ticketId);
    }
    m_pool.start([this, ticketId] {
        deliver(ticketId);
        QMutexLocker lock(&m_mutex);
        m_queued.remove(ticketId);
    });
}

int HelpdeskWebhook::resumePending()
{
    const QList<StoredTicket> pending = TicketStore(m_db).pendingDeliveries();
    for (const StoredTicket &stored : pending)
        enqueue(stored.ticket.id);
    if (!pending.isEmpty())
        qCInfo(lcHelpdesk) << "resuming" << pending.size() << "pending ticket deliveries";
    return int(pending.size());
}

bool HelpdeskWebhook::waitForIdle(int timeoutMs)
{
    return m_pool.waitForDone(timeoutMs);
}

bool HelpdeskWebhook::sleepUnlessStopping(int ms)
{
    return webhook::sleepUnlessStopping(m_stopping, ms);
}

void HelpdeskWebhook::deliver(const QString &ticketId)
{
    TicketStore store(m_db);
    std::optional<StoredTicket> stored = store.find(ticketId);
    if (!stored || stored->deliveryStatus != delivery::Pending)
        return;
    int attempts = stored->deliveryAttempts;
    // A resumed delivery waits what was left of its backoff.
    const qint64 wait = stored->nextAttemptAt - QDateTime::currentMSecsSinceEpoch();
    if (wait > 0 && !sleepUnlessStopping(int(qMin<qint64>(wait, m_config.maxBackoffMs))))
        return;
    while (!m_stopping) {
        const Attempt attempt = post(*stored);
        ++attempts;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        TicketStore::DeliveryUpdate update;
        update.attempts = attempts;
        if (attempt.httpStatus >= 200 && attempt.httpStatus < 300) {
            update.status = delivery::Delivered;
            update.externalId = attempt.externalId;
            store.setDelivery(ticketId, update, now);
            qCInfo(lcHelpdesk).noquote() << "ticket" << ticketId << "delivered after" << attempts << "attempt(s)";
            return;
        }
        update.error = attempt.error;
        if (!retryable(attempt) || attempts >= m_config.maxAttempts) {
            update.status = delivery::Failed;
            store.setDelivery(ticketId, update, now);
            qCWarning(lcHelpdesk).noquote() << "ticket" << ticketId << "not delivered:" << attempt.error << "after"
                                            << attempts << "attempt(s)";
            return;
        }
        const qint64 backoff = m_config.backoffMs(attempts);
        update.status = delivery::Pending;
        update.nextAttemptAt = now + backoff;
        store.setDelivery(ticketId, update, now);
        qCInfo(lcHelpdesk).noquote() << "ticket" << ticketId << "delivery attempt" << attempts << "failed:"
                                     << attempt.error << "; retrying in" << backoff << "ms";
        if (!sleepUnlessStopping(int(backoff)))
            return; // still pending: resumed on the next start
    }
}

HelpdeskWebhook::Attempt HelpdeskWebhook::post(const StoredTicket &stored) const
{
    return webhook::post(m_config, QByteArrayLiteral("ticket.created"), helpdesk::payload(stored));
}

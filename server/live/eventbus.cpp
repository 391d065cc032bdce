#include "eventbus.h"

#include <QDateTime>
#include <QRandomGenerator>

namespace {

QString newEpoch()
{
    quint32 words[3];
    QRandomGenerator::system()->fillRange(words);
    QString epoch;
    for (quint32 word : words)
        epoch += QStringLiteral("%1").arg(word, 8, 16, QLatin1Char('0'));
    return epoch;
}

} // namespace

EventBus::EventBus(int capacity, int queueLimit)
    : m_epoch(newEpoch()),
      m_capacity(qMax(1, capacity)),
      m_queueLimit(qMax(1, queueLimit)),
      // Ids start from the clock (ms × 1000, still exact as a JavaScript
      // number), so an id remembered from an earlier process is always below
      // this log's first one and reads as "too old", never as a later event.
      m_nextId(QDateTime::currentMSecsSinceEpoch() * 1000)
{
}

qint64 EventBus::lastId() const
{
    QMutexLocker locker(&m_mutex);
    return m_nextId - 1;
}

bool EventBus::Filter::matches(const LiveEvent &event) const
{
    return (threadId.isEmpty() || event.threadId == threadId) && (types.isEmpty() || types.contains(event.type));
}

LiveEvent EventBus::publish(const QString &type, const QString &threadId, const QJsonObject &data)
{
    LiveEvent event;
    event.type = type;
    event.threadId = threadId;
    event.data = data;
    QMutexLocker locker(&m_mutex);
    // Id, time, log and queues under one lock: subscribers see ids in order.
    event.id = m_nextId++;
    event.at = QDateTime::currentMSecsSinceEpoch();
    m_log.push_back(event);
    if (int(m_log.size()) > m_capacity)
        m_log.pop_front();
    for (EventSubscription *subscription : std::as_const(m_subscriptions)) {
        if (subscription->m_overflowed || !subscription->m_filter.matches(event))
            continue;
        if (subscription->m_queue.size() >= m_queueLimit) {
            subscription->m_overflowed = true;
            subscription->m_queue.clear();
        } else {
            subscription->m_queue.append(event);
        }
        if (!subscription->m_notified) {
            subscription->m_notified = true;
            emit subscription->pending(); // queued to the subscriber's thread
        }
    }
    return event;
}

void EventBus::threadCreated(const Thread &thread)
{
    publish(liveevent::ThreadCreated, thread.id, thread.toJson());
}

void EventBus::messageAdded(const Message &message)
{
    publish(liveevent::MessageAdded, message.threadId, message.toJson());
}

void EventBus::threadStatus(const QString &threadId, ThreadStatus status, const QString &assignee, const QString &reason)
{
    QJsonObject data{{QStringLiteral("status"), threadStatusToString(status)},
                     {QStringLiteral("assignee"), assignee.isEmpty() ? QJsonValue() : QJsonValue(assignee)}};
    if (!reason.isEmpty())
        data.insert(QStringLiteral("reason"), reason);
    publish(liveevent::ThreadStatus, threadId, data);
}

void EventBus::ticketCreated(const Ticket &ticket)
{
    publish(liveevent::TicketCreated, ticket.threadId, ticket.toJson());
}

void EventBus::kbChanged(const QString &docId, bool deleted)
{
    publish(liveevent::KbChanged, QString(),
            {{QStringLiteral("doc_id"), docId},
             {QStringLiteral("change"), deleted ? QStringLiteral("deleted") : QStringLiteral("saved")}});
}

EventBus::Replay EventBus::attach(EventSubscription *subscription, qint64 since)
{
    QMutexLocker locker(&m_mutex);
    Replay replay;
    replay.lastId = m_nextId - 1;
    if (!subscription->m_attached) {
        subscription->m_attached = true;
        m_subscriptions.append(subscription);
    }
    if (since < 0)
        return replay;
    const qint64 firstId = m_log.empty() ? m_nextId : m_log.front().id;
    if (since < firstId - 1 || since > replay.lastId) {
        replay.reset = true;
        return replay;
    }
    // Ids are consecutive, so the first event to send sits at a known offset.
    for (auto it = m_log.begin() + (since + 1 - firstId); it != m_log.end(); ++it) {
        if (subscription->m_filter.matches(*it))
            replay.events.append(*it);
    }
    return replay;
}

void EventBus::detach(EventSubscription *subscription)
{
    QMutexLocker locker(&m_mutex);
    m_subscriptions.removeOne(subscription);
    subscription->m_attached = false;
}

QList<LiveEvent> EventBus::take(EventSubscription *subscription, bool *overflowed)
{
    QMutexLocker locker(&m_mutex);
    subscription->m_notified = false;
    if (overflowed)
        *overflowed = subscription->m_overflowed;
    return std::exchange(subscription->m_queue, {});
}

EventSubscription::EventSubscription(EventBus &bus, EventBus::Filter filter, QObject *parent)
    : QObject(parent), m_bus(bus), m_filter(std::move(filter))
{
}

EventSubscription::~EventSubscription()
{
    m_bus.detach(this);
}

EventBus::Replay EventSubscription::start(qint64 since)
{
    return m_bus.attach(this, since);
}

QList<LiveEvent> EventSubscription::takePending(bool *overflowed)
{
    return m_bus.take(this, overflowed);
}

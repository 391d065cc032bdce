#pragma once
#include "liveevent.h"

#include "model/message.h"
#include "model/thread.h"
#include "model/ticket.h"

#include <QList>
#include <QMutex>
#include <QObject>
#include <QStringList>
#include <deque>

class EventSubscription;

// This process's event log: what happened to threads, tickets and the
// knowledge base, for operator consoles (/api/live) and a thread's own event
// stream. Publishers (worker threads) append under a mutex: the event gets the
// next id, goes into a ring of the last `capacity` events and into the queue
// of each matching subscription, which is then told once, by a queued signal,
// to drain on its own (HTTP I/O) thread. Nobody ever writes to a socket from a
// publisher's thread, and a slow subscriber cannot hold a publisher up: its
// queue is bounded, and past the bound it is marked overflowed and dropped.
//
// Per process: with several replicas each has its own log (see
// docs/architecture.md; scale-out would fan events out through Redis pub/sub).
class EventBus
{
    Q_DISABLE_COPY_MOVE(EventBus)

public:
    static constexpr int kDefaultCapacity = 10000;
    static constexpr int kDefaultQueueLimit = 2000;

    explicit EventBus(int capacity = kDefaultCapacity, int queueLimit = kDefaultQueueLimit);

    // A random id of this log: ids from another log (another process, an
    // earlier start) mean nothing here.
    QString epoch() const { return m_epoch; }
    qint64 lastId() const;

    // Thread-safe. Returns the event as logged, with its id and time.
    LiveEvent publish(const QString &type, const QString &threadId, const QJsonObject &data);

    void threadCreated(const Thread &thread);
    void messageAdded(const Message &message);
    void threadStatus(const QString &threadId, ThreadStatus status, const QString &assignee, const QString &reason);
    void ticketCreated(const Ticket &ticket);
    void kbChanged(const QString &docId, bool deleted);

    // Which events a subscription wants; empty members match everything.
    struct Filter
    {
        QString threadId;
        QStringList types;
        bool matches(const LiveEvent &event) const;
    };

    // What a subscriber missed. reset: `since` is not in the log (older than
    // the ring, or from another log), so the subscriber must reload instead.
    struct Replay
    {
        bool reset = false;
        qint64 lastId = 0; // the last id when the subscription started
        QList<LiveEvent> events;
    };

private:
    friend class EventSubscription;
    Replay attach(EventSubscription *subscription, qint64 since);
    void detach(EventSubscription *subscription);
    QList<LiveEvent> take(EventSubscription *subscription, bool *overflowed);

    const QString m_epoch;
    const int m_capacity;
    const int m_queueLimit;
    mutable QMutex m_mutex;
    qint64 m_nextId;
    std::deque<LiveEvent> m_log;
    QList<EventSubscription *> m_subscriptions;
};

// One subscriber's end of the bus. Lives on the thread of its connection;
// connect to pending() and call takePending() from there.
class EventSubscription : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventSubscription)

public:
    EventSubscription(EventBus &bus, EventBus::Filter filter, QObject *parent = nullptr);
    ~EventSubscription() override;

    // Starts receiving events and returns, atomically with that, the logged
    // events after `since` (since < 0: none), so nothing is missed or doubled.
    EventBus::Replay start(qint64 since);
    // The events queued since the last call. overflowed: the queue went past
    // its bound and events were dropped; the subscriber should close.
    QList<LiveEvent> takePending(bool *overflowed);

signals:
    // Emitted from the publisher's thread, once per batch: connect queued.
    void pending();

private:
    friend class EventBus;
    EventBus &m_bus;
    const EventBus::Filter m_filter;
    // Guarded by the bus's mutex.
    QList<LiveEvent> m_queue;
    bool m_notified = false;
    bool m_overflowed = false;
    bool m_attached = false;
};

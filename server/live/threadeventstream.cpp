#include "threadeventstream.h"

#include "http/httpstream.h"

#include <QJsonDocument>

ThreadEventStream::ThreadEventStream(HttpStream *stream, EventBus &bus, const QString &threadId, qint64 since)
    : QObject(stream),
      m_stream(stream),
      m_subscription(bus, {threadId, {liveevent::MessageAdded, liveevent::ThreadStatus}})
{
    connect(&m_subscription, &EventSubscription::pending, this, &ThreadEventStream::drain, Qt::QueuedConnection);
    connect(stream, &HttpStream::closed, this, &QObject::deleteLater); // stop queueing for a client that left
    connect(&m_keepAlive, &QTimer::timeout, this, [this] { m_stream->write(": keepalive\n\n"); });
    const EventBus::Replay replay = m_subscription.start(since);
    if (replay.reset) {
        m_stream->write("event: reset\ndata: {}\n\n");
    } else {
        for (const LiveEvent &event : replay.events)
            send(event);
    }
    m_lastSentId = replay.lastId; // what the subscription queues from now on is newer
    m_keepAlive.start(kKeepAliveMs);
    drain();
}

QByteArray ThreadEventStream::format(const LiveEvent &event)
{
    QJsonObject data = event.data;
    if (event.type == liveevent::MessageAdded) {
        // The same shape GET /api/agent/thread/{id} gives.
        data.remove(QStringLiteral("trace_id"));
        data.remove(QStringLiteral("thread_id"));
    }
    return "id: " + QByteArray::number(event.id) + "\nevent: " + event.type.toUtf8()
           + "\ndata: " + QJsonDocument(data).toJson(QJsonDocument::Compact) + "\n\n";
}

void ThreadEventStream::drain()
{
    bool overflowed = false;
    const QList<LiveEvent> events = m_subscription.takePending(&overflowed);
    if (overflowed) {
        m_stream->close(); // EventSource reconnects with Last-Event-ID
        return;
    }
    for (const LiveEvent &event : events)
        send(event);
    if (m_stream->bytesToWrite() > kMaxBufferedBytes)
        m_stream->close();
}

void ThreadEventStream::send(const LiveEvent &event)
{
    if (event.id <= m_lastSentId)
        return;
    m_lastSentId = event.id;
    const QString role = event.data.value(QStringLiteral("role")).toString();
    if (event.type == liveevent::MessageAdded && role != QLatin1String("user") && role != QLatin1String("assistant")
        && role != QLatin1String("human"))
        return; // internal records stay internal
    m_stream->write(format(event));
}

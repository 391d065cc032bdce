#pragma once
#include "eventbus.h"

#include <QObject>
#include <QTimer>

class HttpStream;

// A shopper's view of their own thread as Server-Sent Events
// (GET /api/agent/thread/{id}/events): message.added (their own messages,
// the agent's and a person's) and thread.status, as
//   id: N\nevent: <type>\ndata: <json>\n\n
// with ": keepalive" every 15 s. Events after `since` come from the bus's
// ring first; when they are gone an "event: reset" says to reload the thread.
// Lives on the HTTP I/O thread as the stream's child.
class ThreadEventStream : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ThreadEventStream)

public:
    static constexpr int kKeepAliveMs = 15 * 1000;
    static constexpr qint64 kMaxBufferedBytes = 1024 * 1024;

    ThreadEventStream(HttpStream *stream, EventBus &bus, const QString &threadId, qint64 since);

    // The SSE record of one event as the shopper sees it (internal fields removed).
    static QByteArray format(const LiveEvent &event);

private:
    void drain();
    void send(const LiveEvent &event);

    HttpStream *m_stream;
    EventSubscription m_subscription;
    QTimer m_keepAlive;
    qint64 m_lastSentId = 0;
};

#pragma once
#include "eventbus.h"

#include <QObject>
#include <QTimer>

class QWebSocket;

// One operator console on GET /api/live. Sends
//   {"type":"hello","epoch","last_id"}, then the events after `since` from the
//   bus's ring (or {"type":"reset"} when they are not there any more or the
//   epoch is another log's), then each event as it happens,
// and pings every 25 s so idle proxies keep the connection. Lives on the HTTP
// I/O thread of its socket, as the socket's child: the bus only queues events
// for it and signals; the writing happens here. A console that falls too far
// behind is closed (code 4008) and reconnects with `since`.
class LiveSocket : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LiveSocket)

public:
    static constexpr int kPingIntervalMs = 25 * 1000;
    static constexpr qint64 kMaxBufferedBytes = 4 * 1024 * 1024;
    static constexpr int kCloseTooSlow = 4008;

    // since < 0: nothing to replay. An empty epoch is taken as this log's
    // (ids of another log are below this one's first, so they still reset).
    LiveSocket(QWebSocket *socket, EventBus &bus, qint64 since, const QString &epoch);

private:
    void drain();
    void sendEvent(const LiveEvent &event);
    void onText(const QString &text);
    void onPingTimer();
    void closeTooSlow();

    QWebSocket *m_socket;
    EventSubscription m_subscription;
    QTimer m_pingTimer;
    qint64 m_lastSentId = 0;
    bool m_awaitingPong = false;
    bool m_closing = false;
};

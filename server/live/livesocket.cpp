#include "livesocket.h"

#include <QJsonDocument>
#include <QWebSocket>

LiveSocket::LiveSocket(QWebSocket *socket, EventBus &bus, qint64 since, const QString &epoch)
    : QObject(socket), m_socket(socket), m_subscription(bus, {})
{
    socket->setMaxAllowedIncomingMessageSize(16 * 1024); // consoles only ever send small pings
    connect(&m_subscription, &EventSubscription::pending, this, &LiveSocket::drain, Qt::QueuedConnection);
    connect(socket, &QWebSocket::textMessageReceived, this, &LiveSocket::onText);
    connect(socket, &QWebSocket::pong, this, [this] { m_awaitingPong = false; });
    connect(&m_pingTimer, &QTimer::timeout, this, &LiveSocket::onPingTimer);

    const bool sameLog = epoch.isEmpty() || epoch == bus.epoch();
    const EventBus::Replay replay = m_subscription.start(sameLog ? since : -1);
    m_lastSentId = replay.lastId;
    const QJsonObject hello{{QStringLiteral("type"), QStringLiteral("hello")},
                            {QStringLiteral("epoch"), bus.epoch()},
                            {QStringLiteral("last_id"), replay.lastId}};
    m_socket->sendTextMessage(QString::fromUtf8(QJsonDocument(hello).toJson(QJsonDocument::Compact)));
    if (replay.reset || (!sameLog && since >= 0)) {
        m_socket->sendTextMessage(QStringLiteral("{\"type\":\"reset\"}"));
    } else {
        for (const LiveEvent &event : replay.events)
            m_socket->sendTextMessage(QString::fromUtf8(event.toCompactJson()));
    }
    m_pingTimer.start(kPingIntervalMs);
    drain(); // anything published between start() and now
}

void LiveSocket::drain()
{
    if (m_closing)
        return;
    bool overflowed = false;
    const QList<LiveEvent> events = m_subscription.takePending(&overflowed);
    if (overflowed) {
        closeTooSlow();
        return;
    }
    for (const LiveEvent &event : events)
        sendEvent(event);
    if (m_socket->bytesToWrite() > kMaxBufferedBytes)
        closeTooSlow();
}

void LiveSocket::sendEvent(const LiveEvent &event)
{
    if (event.id <= m_lastSentId)
        return; // already part of the replay
    m_lastSentId = event.id;
    m_socket->sendTextMessage(QString::fromUtf8(event.toCompactJson()));
}

void LiveSocket::onText(const QString &text)
{
    // Browsers cannot send ping frames, so consoles may ask {"type":"ping"}.
    const QJsonObject message = QJsonDocument::fromJson(text.toUtf8()).object();
    if (message.value(QStringLiteral("type")).toString() == QLatin1String("ping"))
        m_socket->sendTextMessage(QStringLiteral("{\"type\":\"pong\"}"));
}

void LiveSocket::onPingTimer()
{
    if (m_awaitingPong) { // no answer for a whole interval: the peer is gone
        m_socket->abort();
        return;
    }
    m_awaitingPong = true;
    m_socket->ping();
}

void LiveSocket::closeTooSlow()
{
    m_closing = true;
    m_pingTimer.stop();
    m_socket->close(static_cast<QWebSocketProtocol::CloseCode>(kCloseTooSlow),
                    QStringLiteral("too far behind; reconnect with since"));
}

#pragma once
#include "httpresult.h"

#include <QJsonObject>
#include <QList>
#include <QTcpSocket>
#include <QWebSocket>
#include <functional>

// A console's end of GET /api/live: a QWebSocket that keeps every frame it
// receives. Waits by running the event loop (the server may share the thread).
class LiveSocketClient
{
public:
    explicit LiveSocketClient(quint16 port);

    // Connects with the operator token (none: no Authorization header) and
    // the query ("since=..&epoch=.."); true once the socket is open.
    bool open(const QString &token, const QString &query = {}, int timeoutMs = 5000);
    void close();
    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    bool waitForDisconnected(int timeoutMs = 5000);

    QList<QJsonObject> frames() const { return m_frames; }
    // Frames that are events (they carry an id), in arrival order.
    QList<QJsonObject> events() const;
    // Waits until a frame matching `match` has arrived; returns it (empty when none came).
    QJsonObject waitFor(const std::function<bool(const QJsonObject &)> &match, int timeoutMs = 5000);
    QJsonObject waitForEvent(const QString &type, const QString &threadId = {}, int timeoutMs = 5000);
    bool waitForFrames(int count, int timeoutMs = 5000);
    QWebSocket &socket() { return m_socket; }

private:
    quint16 m_port;
    QWebSocket m_socket;
    QList<QJsonObject> m_frames;
};

// A shopper's end of GET /api/agent/thread/{id}/events over a raw socket:
// the head, then each Server-Sent Event as it comes.
class EventStreamClient
{
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;
    explicit EventStreamClient(quint16 port);

    // Sends the request and waits for the head; the head (and, for a normal
    // answer, its body) is in head(). Returns the status (0: none came).
    int open(const QByteArray &pathAndQuery, const Headers &headers = {}, int timeoutMs = 5000);
    const HttpResult &head() const { return m_head; }

    struct Event
    {
        qint64 id = -1;
        QByteArray type;
        QJsonObject data;
    };
    // Events parsed so far (reads what has arrived).
    QList<Event> events();
    bool waitForEvents(int count, int timeoutMs = 5000);
    // Everything after the head, as raw text (comments included).
    QByteArray raw();
    bool isClosed() const { return m_socket.state() == QAbstractSocket::UnconnectedState; }
    void close() { m_socket.abort(); }

private:
    void pull();

    quint16 m_port;
    QTcpSocket m_socket;
    QByteArray m_buffer;
    HttpResult m_head;
    bool m_headDone = false;
};

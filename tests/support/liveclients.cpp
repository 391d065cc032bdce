#include "liveclients.h"
#include "eventwait.h"

#include <QJsonDocument>
#include <QNetworkProxy>
#include <QNetworkRequest>
#include <QUrl>

LiveSocketClient::LiveSocketClient(quint16 port) : m_port(port)
{
    m_socket.setProxy(QNetworkProxy::NoProxy);
    QObject::connect(&m_socket, &QWebSocket::textMessageReceived, [this](const QString &text) {
        m_frames.append(QJsonDocument::fromJson(text.toUtf8()).object());
    });
}

bool LiveSocketClient::open(const QString &token, const QString &query, int timeoutMs)
{
    QUrl url(QStringLiteral("ws://127.0.0.1:%1/api/live").arg(m_port));
    if (!query.isEmpty())
        url.setQuery(query);
    QNetworkRequest request(url);
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
    m_socket.open(request);
    waitUntil(
        [this] {
            return m_socket.state() == QAbstractSocket::ConnectedState
                   || m_socket.state() == QAbstractSocket::UnconnectedState;
        },
        timeoutMs);
    return isConnected();
}

void LiveSocketClient::close()
{
    m_socket.close();
    waitForDisconnected(2000);
}

bool LiveSocketClient::waitForDisconnected(int timeoutMs)
{
    return waitUntil([this] { return m_socket.state() == QAbstractSocket::UnconnectedState; }, timeoutMs);
}

QList<QJsonObject> LiveSocketClient::events() const
{
    QList<QJsonObject> events;
    for (const QJsonObject &frame : m_frames) {
        if (frame.contains(QStringLiteral("id")))
            events.append(frame);
    }
    return events;
}

QJsonObject LiveSocketClient::waitFor(const std::function<bool(const QJsonObject &)> &match, int timeoutMs)
{
    QJsonObject found;
    waitUntil(
        [&] {
            for (const QJsonObject &frame : std::as_const(m_frames)) {
                if (match(frame)) {
                    found = frame;
                    return true;
                }
            }
            return false;
        },
        timeoutMs);
    return found;
}

QJsonObject LiveSocketClient::waitForEvent(const QString &type, const QString &threadId, int timeoutMs)
{
    return waitFor(
        [&](const QJsonObject &frame) {
            return frame.value(QStringLiteral("type")).toString() == type
                   && (threadId.isEmpty() || frame.value(QStringLiteral("thread_id")).toString() == threadId);
        },
        timeoutMs);
}

bool LiveSocketClient::waitForFrames(int count, int timeoutMs)
{
    return waitUntil([&] { return m_frames.size() >= count; }, timeoutMs);
}

EventStreamClient::EventStreamClient(quint16 port) : m_port(port)
{
    m_socket.setProxy(QNetworkProxy::NoProxy);
}

int EventStreamClient::open(const QByteArray &pathAndQuery, const Headers &headers, int timeoutMs)
{
    m_socket.connectToHost(QHostAddress::LocalHost, m_port);
    if (!waitUntil([this] { return m_socket.state() == QAbstractSocket::ConnectedState || isClosed(); }, timeoutMs)
        || isClosed())
        return 0;
    QByteArray request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n";
    for (const auto &header : headers)
        request += header.first + ": " + header.second + "\r\n";
    m_socket.write(request + "\r\n");
    waitUntil(
        [this] {
            pull();
            return m_headDone || isClosed();
        },
        timeoutMs);
    return m_head.status;
}

void EventStreamClient::pull()
{
    if (m_socket.bytesAvailable() > 0)
        m_buffer += m_socket.readAll();
    if (m_headDone)
        return;
    const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return;
    const QList<QByteArray> lines = m_buffer.left(headEnd).split('\n');
    const QList<QByteArray> status = lines.first().trimmed().split(' ');
    m_head.status = status.size() > 1 ? status.at(1).toInt() : 0;
    qint64 length = -1;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        m_head.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
        if (m_head.headers.last().first.compare("content-length", Qt::CaseInsensitive) == 0)
            length = m_head.headers.last().second.toLongLong();
    }
    if (length >= 0) { // an ordinary answer (an error): wait for its body
        if (m_buffer.size() - headEnd - 4 < length)
            return;
        m_head.body = m_buffer.mid(headEnd + 4, length);
    }
    m_buffer.remove(0, headEnd + 4);
    m_headDone = true;
}

QByteArray EventStreamClient::raw()
{
    pull();
    return m_headDone ? m_buffer : QByteArray();
}

QList<EventStreamClient::Event> EventStreamClient::events()
{
    QList<Event> events;
    const QByteArray text = raw();
    // Records end with a blank line; fields are "name: value" lines.
    const QList<QByteArray> records = text.split('\n');
    Event current;
    bool any = false;
    for (const QByteArray &line : records) {
        if (line.isEmpty()) {
            if (any && !current.type.isEmpty())
                events.append(current);
            current = Event();
            any = false;
            continue;
        }
        if (line.startsWith(':'))
            continue;
        const qsizetype colon = line.indexOf(':');
        const QByteArray name = line.left(colon);
        const QByteArray value = colon < 0 ? QByteArray() : line.mid(colon + 1).trimmed();
        any = true;
        if (name == "id")
            current.id = value.toLongLong();
        else if (name == "event")
            current.type = value;
        else if (name == "data")
            current.data = QJsonDocument::fromJson(value).object();
    }
    return events;
}

bool EventStreamClient::waitForEvents(int count, int timeoutMs)
{
    return waitUntil([&] { return events().size() >= count; }, timeoutMs);
}

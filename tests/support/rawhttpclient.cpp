#include "rawhttpclient.h"
#include "eventwait.h"

#include <QHostAddress>
#include <QNetworkProxy>

RawHttpClient::RawHttpClient(quint16 port) : m_port(port)
{
    m_socket.setProxy(QNetworkProxy::NoProxy);
}

void RawHttpClient::open()
{
    m_socket.connectToHost(QHostAddress::LocalHost, m_port);
}

bool RawHttpClient::connectToServer(int timeoutMs)
{
    if (m_socket.state() == QAbstractSocket::UnconnectedState)
        open();
    return waitUntil([this] { return m_socket.state() == QAbstractSocket::ConnectedState || isClosed(); }, timeoutMs)
           && m_socket.state() == QAbstractSocket::ConnectedState;
}

void RawHttpClient::send(const QByteArray &bytes)
{
    m_socket.write(bytes);
}

void RawHttpClient::pull()
{
    if (m_socket.bytesAvailable() > 0)
        m_buffer += m_socket.readAll();
}

bool RawHttpClient::hasResponse()
{
    pull();
    HttpResult ignored;
    return parse(m_buffer, &ignored, isClosed()) > 0;
}

std::optional<HttpResult> RawHttpClient::readResponse(int timeoutMs)
{
    HttpResult result;
    qsizetype used = 0;
    waitUntil(
        [&] {
            pull();
            used = parse(m_buffer, &result, isClosed());
            return used > 0 || isClosed();
        },
        timeoutMs);
    if (used == 0)
        return std::nullopt;
    m_buffer.remove(0, used);
    return result;
}

bool RawHttpClient::waitForClosed(int timeoutMs)
{
    return waitUntil(
        [this] {
            pull();
            return isClosed();
        },
        timeoutMs);
}

QByteArray RawHttpClient::request(const QByteArray &method, const QByteArray &path, const QByteArray &body,
                                  const Headers &headers)
{
    QByteArray bytes = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    bool hasLength = false;
    for (const auto &header : headers) {
        hasLength = hasLength || header.first.compare("content-length", Qt::CaseInsensitive) == 0
                    || header.first.compare("transfer-encoding", Qt::CaseInsensitive) == 0;
        bytes += header.first + ": " + header.second + "\r\n";
    }
    if (!hasLength && (!body.isEmpty() || method == "POST" || method == "PUT"))
        bytes += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    return bytes + "\r\n" + body;
}

HttpResult RawHttpClient::exchange(quint16 port, const QByteArray &bytes, int timeoutMs)
{
    RawHttpClient client(port);
    if (!client.connectToServer(timeoutMs))
        return {};
    client.send(bytes);
    return client.readResponse(timeoutMs).value_or(HttpResult{});
}

qsizetype RawHttpClient::parse(const QByteArray &buffer, HttpResult *result, bool closed)
{
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return 0;
    const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
    const QByteArray statusLine = lines.first().trimmed();
    const QList<QByteArray> parts = statusLine.split(' ');
    if (parts.size() < 2 || !parts.first().startsWith("HTTP/1."))
        return 0;
    HttpResult parsed;
    parsed.status = parts.at(1).toInt();
    parsed.reason = statusLine.mid(parts.at(0).size() + parts.at(1).size() + 2);
    qint64 length = -1;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        parsed.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
        if (parsed.headers.last().first.compare("content-length", Qt::CaseInsensitive) == 0)
            length = parsed.headers.last().second.toLongLong();
    }
    const qsizetype bodyStart = headEnd + 4;
    if (length < 0) {
        // No length: an interim or empty answer, or a body that runs until the close.
        const bool empty = (parsed.status >= 100 && parsed.status < 200) || parsed.status == 204 || parsed.status == 304;
        if (!empty && !closed)
            return 0;
        length = empty ? 0 : buffer.size() - bodyStart;
    }
    if (buffer.size() - bodyStart < length)
        return 0;
    parsed.body = buffer.mid(bodyStart, length);
    *result = parsed;
    return bodyStart + length;
}

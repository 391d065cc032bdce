#include "connectionguard.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

namespace {
const char *const kGuardProperty = "supportdConnectionGuard";

ConnectionGuard *guardOf(QTcpSocket *socket)
{
    return socket ? qobject_cast<ConnectionGuard *>(socket->property(kGuardProperty).value<QObject *>()) : nullptr;
}
} // namespace

ConnectionGuard::ConnectionGuard(QTcpSocket *socket, const ConnectionLimits &limits)
    : QObject(socket), m_socket(socket), m_limits(limits)
{
    socket->setProperty(kGuardProperty, QVariant::fromValue<QObject *>(this));
    connect(socket, &QTcpSocket::readyRead, this, &ConnectionGuard::onReadyRead);
    connect(socket, &QTcpSocket::bytesWritten, this, &ConnectionGuard::restartIdleTimer);
    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(m_limits.idleTimeoutMs);
    connect(&m_idleTimer, &QTimer::timeout, this, [this] { m_socket->disconnectFromHost(); });
    m_idleTimer.start();
}

void ConnectionGuard::markLongLived(QTcpSocket *socket)
{
    if (auto *guard = guardOf(socket)) {
        guard->m_longLived = true;
        guard->m_idleTimer.stop();
    }
}

void ConnectionGuard::replyOwed(QTcpSocket *socket)
{
    if (auto *guard = guardOf(socket)) {
        ++guard->m_repliesOwed;
        guard->m_idleTimer.stop();
    }
}

void ConnectionGuard::replySent(QTcpSocket *socket)
{
    if (auto *guard = guardOf(socket)) {
        guard->m_repliesOwed = qMax(0, guard->m_repliesOwed - 1);
        guard->restartIdleTimer();
    }
}

void ConnectionGuard::restartIdleTimer()
{
    if (m_longLived)
        return;
    if (m_repliesOwed > 0)
        m_idleTimer.stop();
    else
        m_idleTimer.start();
}

void ConnectionGuard::onReadyRead()
{
    if (m_rejected) {
        m_socket->readAll();
        return;
    }
    restartIdleTimer();
    // QtHttpServer reads everything on each readyRead, so what is available now is new.
    if (!consume(m_socket->peek(m_socket->bytesAvailable())))
        m_socket->readAll(); // rejected: keep the bytes away from QtHttpServer
}

bool ConnectionGuard::consume(const QByteArray &chunk)
{
    qsizetype pos = 0;
    while (pos < chunk.size()) {
        if (m_bodyRemaining > 0) {
            const qint64 take = qMin<qint64>(m_bodyRemaining, chunk.size() - pos);
            m_bodyRemaining -= take;
            pos += take;
            continue;
        }
        const qsizetype scanFrom = qMax<qsizetype>(0, m_head.size() - 3);
        m_head.append(chunk.mid(pos));
        const qsizetype end = m_head.indexOf("\r\n\r\n", scanFrom);
        if (end < 0) {
            if (m_head.size() > m_limits.maxHeaderBytes) {
                reject(431, "Request Header Fields Too Large", "headers_too_large", "request headers are too large");
                return false;
            }
            return true;
        }
        const qsizetype headLength = end + 4;
        const qsizetype consumedFromChunk = headLength - (m_head.size() - (chunk.size() - pos));
        m_head.truncate(headLength);
        if (!inspectHead())
            return false;
        m_head.clear();
        pos += consumedFromChunk;
    }
    return true;
}

bool ConnectionGuard::inspectHead()
{
    if (m_head.size() > m_limits.maxHeaderBytes) {
        reject(431, "Request Header Fields Too Large", "headers_too_large", "request headers are too large");
        return false;
    }
    qint64 contentLength = 0;
    bool expectContinue = false;
    bool bearer = false;
    const QList<QByteArray> lines = m_head.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length") {
            bool ok = false;
            const qint64 length = value.toLongLong(&ok);
            if (!ok || length < 0 || (contentLength != 0 && length != contentLength)) {
                reject(400, "Bad Request", "bad_request", "invalid Content-Length");
                return false;
            }
            contentLength = length;
        } else if (name == "transfer-encoding") {
            reject(411, "Length Required", "length_required", "send the body with a Content-Length");
            return false;
        } else if (name == "expect") {
            expectContinue = value.toLower() == "100-continue";
        } else if (name == "authorization") {
            bearer = value.size() > 7 && value.left(7).toLower() == "bearer ";
        }
    }
    const qint64 maxBody = bodyLimitFor(lines.first(), bearer);
    if (contentLength > maxBody) {
        reject(413, "Payload Too Large", "payload_too_large",
               QByteArray("request body exceeds ") + QByteArray::number(maxBody / 1024) + " KiB");
        return false;
    }
    if (expectContinue)
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    m_bodyRemaining = contentLength;
    return true;
}

qint64 ConnectionGuard::bodyLimitFor(const QByteArray &requestLine, bool bearer) const
{
    if (!bearer || m_limits.authorizedBodyLimits.isEmpty())
        return m_limits.maxBodyBytes;
    // "PUT /admin/agent/kb/x?y HTTP/1.1": the raw target's path. Percent escapes
    // and dot segments could make a path that looks like the prefix route
    // elsewhere once decoded, so such paths keep the default limit.
    const QList<QByteArray> parts = requestLine.trimmed().split(' ');
    if (parts.size() < 2)
        return m_limits.maxBodyBytes;
    QByteArray path = parts.at(1);
    const qsizetype queryStart = path.indexOf('?');
    if (queryStart >= 0)
        path.truncate(queryStart);
    if (!path.startsWith('/') || path.contains('%') || path.contains("/.") || path.contains('\\'))
        return m_limits.maxBodyBytes;
    qint64 limit = m_limits.maxBodyBytes;
    for (const PathBodyLimit &entry : m_limits.authorizedBodyLimits) {
        const QByteArray &prefix = entry.pathPrefix;
        if (path == prefix || (path.startsWith(prefix) && path.at(prefix.size()) == '/'))
            limit = qMax(limit, entry.maxBodyBytes);
    }
    return limit;
}

void ConnectionGuard::reject(int status, const QByteArray &reason, const QByteArray &code, const QByteArray &message)
{
    m_rejected = true;
    const QJsonObject error{{QStringLiteral("code"), QString::fromLatin1(code)},
                            {QStringLiteral("message"), QString::fromLatin1(message)}};
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("error"), error}}).toJson(QJsonDocument::Compact);
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    response += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size());
    response += "\r\nConnection: close\r\n\r\n" + body;
    m_socket->write(response);
    m_socket->disconnectFromHost();
}

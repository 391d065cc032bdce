#include "httpreply.h"
#include "connectionguard.h"
#include "httpstream.h"

#include <QElapsedTimer>
#include <QHttpServerResponder>
#include <QMetaObject>
#include <QPointer>
#include <QTcpSocket>
#include <QThread>
#include <algorithm>
#include <atomic>
#include <optional>

namespace {

// SUPPORTD_SERVER_TIMING=1 adds "Server-Timing: app;dur=<ms>" to each answer:
// from the parsed request to the answer's head, as the server saw it (the
// benchmarks set it apart from what the client adds). Off by default: exact
// timings are no business of strangers (they can hint at what a request did).
bool serverTimingEnabled()
{
    return qEnvironmentVariableIntValue("SUPPORTD_SERVER_TIMING") == 1;
}

} // namespace

struct PendingReply
{
    std::optional<QHttpServerResponder> responder;
    QPointer<QTcpSocket> socket;
    QPointer<QObject> context;
    std::atomic_bool sent{false};
    bool headOnly = false;
    QElapsedTimer received; // when the request was handed over, parsed
    QList<QPair<QByteArray, QByteArray>> extraHeaders;

    void writeHeaders(const QList<QPair<QByteArray, QByteArray>> &headers)
    {
        for (const auto &header : std::as_const(extraHeaders))
            responder->writeHeader(header.first, header.second);
        for (const auto &header : headers)
            responder->writeHeader(header.first, header.second);
    }

    void write(const HttpResponse &response)
    {
        if (!socket || socket->state() != QAbstractSocket::ConnectedState || !responder) {
            responder.reset(); // the client went away: drop the answer, never touch a dead socket
            return;
        }
        using Status = QHttpServerResponder::StatusCode;
        responder->writeStatusLine(static_cast<Status>(response.status));
        if (!response.contentType.isEmpty())
            responder->writeHeader("Content-Type", response.contentType);
        if (response.status != 304) // a 304 may only give the length of the body it stands for
            responder->writeHeader("Content-Length", QByteArray::number(response.body.size()));
        // API answers are never cached; static files say otherwise themselves.
        const bool ownCacheControl = std::any_of(response.headers.cbegin(), response.headers.cend(), [](const auto &header) {
            return header.first.compare("Cache-Control", Qt::CaseInsensitive) == 0;
        });
        if (!ownCacheControl)
            responder->writeHeader("Cache-Control", "no-store");
        responder->writeHeader("X-Content-Type-Options", "nosniff");
        if (serverTimingEnabled() && received.isValid())
            responder->writeHeader("Server-Timing",
                                   "app;dur=" + QByteArray::number(double(received.nsecsElapsed()) / 1e6, 'f', 3));
        writeHeaders(response.headers);
        responder->writeBody(headOnly ? QByteArray() : response.body); // ends the head either way
        responder.reset();
        ConnectionGuard::replySent(socket);
    }

    void openStream(const HttpResponse &head, const std::function<void(HttpStream *)> &started)
    {
        if (!socket || socket->state() != QAbstractSocket::ConnectedState || !responder) {
            responder.reset();
            return;
        }
        using Status = QHttpServerResponder::StatusCode;
        responder->writeStatusLine(static_cast<Status>(head.status));
        responder->writeHeader("Content-Type", head.contentType);
        responder->writeHeader("Cache-Control", "no-store");
        responder->writeHeader("X-Content-Type-Options", "nosniff");
        responder->writeHeader("X-Accel-Buffering", "no"); // nginx: pass events on as they come
        responder->writeHeader("Connection", "close");     // the body ends when the connection does
        writeHeaders(head.headers);
        responder->writeBody(head.body); // ends the head
        ConnectionGuard::markLongLived(socket);
        auto *stream = new HttpStream(std::move(*responder), socket);
        responder.reset();
        started(stream);
    }
};

HttpReply::HttpReply(QHttpServerResponder &&responder, QTcpSocket *socket, QObject *serverThreadContext, bool headOnly)
    : m_pending(std::make_shared<PendingReply>())
{
    m_pending->received.start();
    m_pending->headOnly = headOnly;
    m_pending->responder.emplace(std::move(responder));
    m_pending->socket = socket;
    m_pending->context = serverThreadContext;
    ConnectionGuard::replyOwed(socket);
}

void HttpReply::send(const HttpResponse &response) const
{
    if (m_pending->sent.exchange(true))
        return;
    QObject *context = m_pending->context.data();
    if (!context)
        return;
    if (QThread::currentThread() == context->thread()) {
        m_pending->write(response);
        return;
    }
    auto pending = m_pending;
    QMetaObject::invokeMethod(context, [pending, response] { pending->write(response); }, Qt::QueuedConnection);
}

void HttpReply::stream(const HttpResponse &head, std::function<void(HttpStream *)> started) const
{
    if (m_pending->sent.exchange(true))
        return;
    QObject *context = m_pending->context.data();
    if (!context)
        return;
    if (QThread::currentThread() == context->thread()) {
        m_pending->openStream(head, started);
        return;
    }
    auto pending = m_pending;
    QMetaObject::invokeMethod(
        context, [pending, head, started = std::move(started)] { pending->openStream(head, started); },
        Qt::QueuedConnection);
}

void HttpReply::addHeaders(const QList<QPair<QByteArray, QByteArray>> &headers)
{
    m_pending->extraHeaders.append(headers);
}

bool HttpReply::isConnected() const
{
    // Read from the server thread only; a worker should just send().
    return m_pending->socket && m_pending->socket->state() == QAbstractSocket::ConnectedState;
}

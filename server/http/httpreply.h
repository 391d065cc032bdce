#pragma once
#include "httpresponse.h"

#include <functional>
#include <memory>

class HttpStream;
class QHttpServerResponder;
class QObject;
class QTcpSocket;
struct PendingReply;

// The one way to answer a request, from any thread, at any later time.
// QtHttpServer 6.4 crashes when a handler answers through a QFuture or writes
// to a socket that has gone, so the responder is parked here and written on
// the server's thread only while its socket is still connected. The first
// send() wins; later ones are ignored.
class HttpReply
{
public:
    // headOnly: the request was HEAD, so the answer carries headers but no body.
    HttpReply(QHttpServerResponder &&responder, QTcpSocket *socket, QObject *serverThreadContext, bool headOnly = false);

    void send(const HttpResponse &response) const;
    // Answers with a body that continues (an event stream) instead: writes the
    // head (status, Content-Type and headers of `head`, no length) and the
    // first bytes (`head.body`), then calls started on the server thread with
    // the stream, which writes the rest. Nothing happens if the client has gone.
    void stream(const HttpResponse &head, std::function<void(HttpStream *)> started) const;
    bool isConnected() const;
    // Headers every answer through this reply carries besides its own (CORS);
    // set before the handler runs.
    void addHeaders(const QList<QPair<QByteArray, QByteArray>> &headers);

private:
    std::shared_ptr<PendingReply> m_pending;
};

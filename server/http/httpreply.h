#pragma once
#include "httpresponse.h"

#include <memory>

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
    bool isConnected() const;

private:
    std::shared_ptr<PendingReply> m_pending;
};

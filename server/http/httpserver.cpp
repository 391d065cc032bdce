#include "httpserver.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QTcpServer>
#include <QTcpSocket>

namespace {

// Creates each socket itself so the guard's readyRead slot is connected
// before QtHttpServer's.
class GuardedTcpServer : public QTcpServer
{
public:
    GuardedTcpServer(const ConnectionLimits &limits, QObject *parent) : QTcpServer(parent), m_limits(limits) {}

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        new ConnectionGuard(socket, m_limits);
        addPendingConnection(socket);
    }

private:
    ConnectionLimits m_limits;
};

QByteArray methodName(QHttpServerRequest::Method method)
{
    using M = QHttpServerRequest::Method;
    switch (method) {
    case M::Get: return "GET";
    case M::Put: return "PUT";
    case M::Delete: return "DELETE";
    case M::Post: return "POST";
    case M::Head: return "HEAD";
    case M::Options: return "OPTIONS";
    case M::Patch: return "PATCH";
    case M::Connect: return "CONNECT";
    case M::Trace: return "TRACE";
    default: return "UNKNOWN";
    }
}

} // namespace

HttpServer::HttpServer(const ConnectionLimits &limits, std::shared_ptr<Router> router, QObject *parent)
    : QAbstractHttpServer(parent), m_router(router ? std::move(router) : std::make_shared<Router>()), m_limits(limits)
{
}

bool HttpServer::adoptListeningSocket(qintptr descriptor)
{
    auto *tcpServer = new GuardedTcpServer(m_limits, this);
    tcpServer->setMaxPendingConnections(1024);
    if (!tcpServer->setSocketDescriptor(descriptor)) {
        m_error = tcpServer->errorString();
        delete tcpServer;
        return false;
    }
    bind(tcpServer);
    return true;
}

quint16 HttpServer::listenOn(const QHostAddress &address, quint16 port)
{
    auto *tcpServer = new GuardedTcpServer(m_limits, this);
    tcpServer->setListenBacklogSize(1024); // bursts of new conversations must not hit SYN retries
    tcpServer->setMaxPendingConnections(1024);
    if (!tcpServer->listen(address, port)) {
        m_error = tcpServer->errorString();
        delete tcpServer;
        return 0;
    }
    bind(tcpServer);
    return tcpServer->serverPort();
}

bool HttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    HttpRequest copy;
    copy.method = methodName(request.method());
    const QUrl url = request.url();
    copy.path = url.path();
    copy.query = QUrlQuery(url);
    copy.body = request.body();
    copy.remoteAddress = request.remoteAddress();
    const auto headers = request.headers();
    copy.headers.reserve(headers.size());
    for (const auto &header : headers)
        copy.headers.insert(header.first.toLower(), header.second);

    HttpReply reply(makeResponder(request, socket), socket, this, copy.method == "HEAD");
    const Router::Match match = m_router->match(copy.method, copy.path);
    if (match.handler) {
        copy.params = match.params;
        (*match.handler)(copy, reply);
    } else if (!match.allowedMethods.isEmpty()) {
        reply.send(HttpResponse::error(405, QStringLiteral("method_not_allowed"),
                                       QStringLiteral("method %1 is not allowed here").arg(QString::fromLatin1(copy.method)))
                       .withHeader("Allow", match.allowedMethods.join(", ")));
    } else {
        reply.send(HttpResponse::error(404, QStringLiteral("not_found"), QStringLiteral("no such resource")));
    }
    return true;
}

void HttpServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Not reached: handleRequest answers every request, but the base class requires it.
    HttpReply reply(makeResponder(request, socket), socket, this);
    reply.send(HttpResponse::error(404, QStringLiteral("not_found"), QStringLiteral("no such resource")));
}

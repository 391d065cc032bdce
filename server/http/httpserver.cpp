#include "httpserver.h"

#include <QDateTime>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QTcpServer>
#include <QTcpSocket>
#include <QWebSocket>

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

QString peerKey(const QHostAddress &address, quint16 port)
{
    return address.toString() + QLatin1Char(' ') + QString::number(port);
}

bool isWebSocketUpgrade(const HttpRequest &request)
{
    return request.method == "GET" && request.header("upgrade").trimmed().toLower() == "websocket";
}

} // namespace

HttpServer::HttpServer(const ConnectionLimits &limits, std::shared_ptr<Router> router, QObject *parent)
    : QAbstractHttpServer(parent), m_router(router ? std::move(router) : std::make_shared<Router>()), m_limits(limits)
{
    // QtHttpServer only offers upgrades to handleRequest when this is connected.
    connect(this, &QAbstractHttpServer::newWebSocketConnection, this, &HttpServer::onWebSocketConnected);
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

    if (isWebSocketUpgrade(copy))
        return handleUpgrade(copy, socket);

    HttpReply reply(makeResponder(request, socket), socket, this, copy.method == "HEAD");
    const CorsPolicy &cors = m_router->corsPolicy();
    if (cors.covers(copy.path)) {
        if (CorsPolicy::isPreflight(copy)) {
            reply.send(cors.preflight(copy));
            return true;
        }
        reply.addHeaders(cors.responseHeaders(copy));
    }
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
    // Reached for upgrades handleRequest refused (QtHttpServer closes the
    // connection after this); every other request is answered there.
    HttpReply reply(makeResponder(request, socket), socket, this);
    if (m_upgradeRefusal)
        reply.send(std::exchange(m_upgradeRefusal, std::nullopt)->withHeader("Connection", "close"));
    else
        reply.send(HttpResponse::error(404, QStringLiteral("not_found"), QStringLiteral("no such resource")));
}

bool HttpServer::handleUpgrade(HttpRequest &request, QTcpSocket *socket)
{
    const Router::WebSocketMatch match = m_router->matchWebSocket(request.path);
    if (!match.route) {
        m_upgradeRefusal = HttpResponse::error(404, QStringLiteral("not_found"), QStringLiteral("no such resource"));
        return false;
    }
    request.params = match.params;
    if (std::optional<HttpResponse> refusal = match.route->check(request)) {
        m_upgradeRefusal = std::move(*refusal);
        return false;
    }
    // Returning true hands the socket to QtHttpServer's WebSocket server,
    // which completes the handshake and emits newWebSocketConnection.
    // (QtHttpServer disconnects every signal of the socket then, so a failed
    // handshake cannot be noticed from here: entries older than a minute go.)
    ConnectionGuard::markLongLived(socket);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    m_pendingUpgrades.removeIf(
        [now](QHash<QString, PendingUpgrade>::iterator it) { return now - it->at > 60 * 1000; });
    m_pendingUpgrades.insert(peerKey(socket->peerAddress(), socket->peerPort()), {now, request, match.route->accept});
    return true;
}

void HttpServer::onWebSocketConnected()
{
    while (hasPendingWebSocketConnections()) {
        QWebSocket *socket = nextPendingWebSocketConnection().release();
        if (!socket)
            break;
        socket->setParent(this);
        connect(socket, &QWebSocket::disconnected, socket, &QObject::deleteLater);
        const auto pending = m_pendingUpgrades.take(peerKey(socket->peerAddress(), socket->peerPort()));
        if (!pending.accept) {
            socket->close(QWebSocketProtocol::CloseCodePolicyViolated);
            continue;
        }
        pending.accept(socket, pending.request);
    }
}

#pragma once
#include "connectionguard.h"
#include "router.h"

#include <QAbstractHttpServer>
#include <QHash>
#include <QHostAddress>
#include <memory>
#include <optional>

// The thin adapter over QtHttpServer 6.4: our own router (JSON 404/405), a
// connection guard on every socket (body and header limits, 100-continue,
// idle timeout), replies that may be sent later from any thread, and
// WebSocket endpoints checked before the upgrade (Router::addWebSocket).
class HttpServer : public QAbstractHttpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpServer)

public:
    // Servers on several I/O threads share one router (read-only once serving).
    explicit HttpServer(const ConnectionLimits &limits = {}, std::shared_ptr<Router> router = {},
                        QObject *parent = nullptr);

    Router &router() { return *m_router; }
    // Returns the bound port, 0 on failure (errorString() says why).
    quint16 listenOn(const QHostAddress &address, quint16 port);
    // Serves connections from a socket already bound and listening (see
    // HttpFrontend). Call on the thread this object lives in.
    bool adoptListeningSocket(qintptr descriptor);
    QString errorString() const { return m_error; }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    bool handleUpgrade(HttpRequest &request, QTcpSocket *socket);
    void onWebSocketConnected();

    // An upgrade let through waits here until its handshake completes; the
    // WebSocket is matched to it by its peer address and port.
    struct PendingUpgrade
    {
        qint64 at = 0; // when it was let through (ms): handshakes that never completed are pruned
        HttpRequest request;
        Router::WebSocketHandler accept;
    };
    QHash<QString, PendingUpgrade> m_pendingUpgrades;
    // The answer to an upgrade handleRequest refused; QtHttpServer then calls
    // missingHandler, which sends it.
    std::optional<HttpResponse> m_upgradeRefusal;
    std::shared_ptr<Router> m_router;
    ConnectionLimits m_limits;
    QString m_error;
};

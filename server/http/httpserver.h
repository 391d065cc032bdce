#pragma once
#include "connectionguard.h"
#include "router.h"

#include <QAbstractHttpServer>
#include <QHostAddress>

// The thin adapter over QtHttpServer 6.4: our own router (JSON 404/405), a
// connection guard on every socket (body and header limits, 100-continue,
// idle timeout), and replies that may be sent later from any thread.
class HttpServer : public QAbstractHttpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpServer)

public:
    explicit HttpServer(const ConnectionLimits &limits = {}, QObject *parent = nullptr);

    Router &router() { return m_router; }
    // Returns the bound port, 0 on failure (errorString() says why).
    quint16 listenOn(const QHostAddress &address, quint16 port);
    QString errorString() const { return m_error; }

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    Router m_router;
    ConnectionLimits m_limits;
    QString m_error;
};

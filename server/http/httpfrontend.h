#pragma once
#include "connectionguard.h"
#include "router.h"

#include <QHostAddress>
#include <QList>
#include <QString>
#include <memory>

class HttpServer;
class QThread;

// supportd's HTTP front: several I/O threads, each running its own HttpServer
// (and event loop) on its own listening socket for the same port
// (SO_REUSEPORT: the kernel spreads new connections across them), all sharing
// one router. One event loop polling every socket was the bottleneck.
class HttpFrontend
{
    Q_DISABLE_COPY_MOVE(HttpFrontend)

public:
    explicit HttpFrontend(const ConnectionLimits &limits = {});
    ~HttpFrontend();

    // Register routes before listen(); the handlers run on the I/O threads.
    Router &router() { return *m_router; }
    // Returns the bound port (port 0 picks a free one), 0 on failure.
    quint16 listen(const QHostAddress &address, quint16 port, int ioThreads);
    QString errorString() const { return m_error; }
    void stop();

private:
    ConnectionLimits m_limits;
    std::shared_ptr<Router> m_router;
    QList<QThread *> m_threads;
    QList<HttpServer *> m_servers;
    QString m_error;
};

#include "httpfrontend.h"
#include "httpserver.h"

#include <QMetaObject>
#include <QThread>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

// A listening TCP socket with SO_REUSEPORT, so each I/O thread can have one
// on the same port. Returns -1 on failure (error says why).
int reusePortSocket(const QHostAddress &address, quint16 port, quint16 *boundPort, QString *error)
{
    const bool v6 = address.protocol() == QAbstractSocket::IPv6Protocol;
    const int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *error = QString::fromLocal8Bit(std::strerror(errno));
        return -1;
    }
    const int on = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on);
    sockaddr_storage storage{};
    socklen_t length = 0;
    if (v6) {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&storage);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        std::memcpy(&in6->sin6_addr, &bytes, sizeof bytes);
        length = sizeof(sockaddr_in6);
    } else {
        auto *in4 = reinterpret_cast<sockaddr_in *>(&storage);
        in4->sin_family = AF_INET;
        in4->sin_port = htons(port);
        in4->sin_addr.s_addr = htonl(address.toIPv4Address());
        length = sizeof(sockaddr_in);
    }
    if (::bind(fd, reinterpret_cast<sockaddr *>(&storage), length) != 0 || ::listen(fd, 1024) != 0) {
        *error = QString::fromLocal8Bit(std::strerror(errno));
        ::close(fd);
        return -1;
    }
    if (::getsockname(fd, reinterpret_cast<sockaddr *>(&storage), &length) == 0)
        *boundPort = ntohs(v6 ? reinterpret_cast<sockaddr_in6 *>(&storage)->sin6_port
                              : reinterpret_cast<sockaddr_in *>(&storage)->sin_port);
    return fd;
}

} // namespace

HttpFrontend::HttpFrontend(const ConnectionLimits &limits) : m_limits(limits), m_router(std::make_shared<Router>()) {}

HttpFrontend::~HttpFrontend()
{
    stop();
}

quint16 HttpFrontend::listen(const QHostAddress &address, quint16 port, int ioThreads)
{
    if (address.protocol() != QAbstractSocket::IPv4Protocol && address.protocol() != QAbstractSocket::IPv6Protocol) {
        m_error = QStringLiteral("not an IP address");
        return 0;
    }
    quint16 boundPort = port;
    for (int i = 0; i < qMax(1, ioThreads); ++i) {
        const int fd = reusePortSocket(address, boundPort, &boundPort, &m_error);
        if (fd < 0) {
            stop();
            return 0;
        }
        auto *thread = new QThread;
        thread->setObjectName(QStringLiteral("http-io-%1").arg(i));
        thread->start();
        // The server is made on its own thread, not moved there: QtHttpServer
        // 6.4 keeps its WebSocket server in a private member that moveToThread
        // leaves behind, and WebSockets would then be made on the wrong thread.
        auto *onThread = new QObject;
        onThread->moveToThread(thread);
        HttpServer *server = nullptr;
        bool adopted = false;
        QMetaObject::invokeMethod(
            onThread,
            [this, fd, onThread, &server, &adopted] {
                server = new HttpServer(m_limits, m_router);
                adopted = server->adoptListeningSocket(fd);
                onThread->deleteLater(); // on its own thread
            },
            Qt::BlockingQueuedConnection);
        QObject::connect(thread, &QThread::finished, server, &QObject::deleteLater);
        m_threads.append(thread);
        m_servers.append(server);
        if (!adopted) {
            m_error = server->errorString();
            ::close(fd);
            stop();
            return 0;
        }
    }
    return boundPort;
}

void HttpFrontend::stop()
{
    for (QThread *thread : std::as_const(m_threads)) {
        thread->quit();
        thread->wait();
        delete thread;
    }
    m_threads.clear();
    m_servers.clear(); // deleted on their threads when those finished
}

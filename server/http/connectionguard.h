#pragma once
#include <QList>
#include <QObject>
#include <QTimer>

class QTcpSocket;

// A larger body limit below one path prefix ("/admin/agent/kb": that path
// and everything under it), for requests that carry a bearer token.
struct PathBodyLimit
{
    QByteArray pathPrefix;
    qint64 maxBodyBytes = 0;
};

struct ConnectionLimits
{
    qint64 maxHeaderBytes = 16 * 1024;
    qint64 maxBodyBytes = 64 * 1024;
    int idleTimeoutMs = 60 * 1000;
    // The guard runs before authentication, so it can only see that a token is
    // there: the controller still checks it. Anonymous requests keep maxBodyBytes.
    QList<PathBodyLimit> authorizedBodyLimits;
};

// Sits on each connection in front of QtHttpServer 6.4, which buffers whole
// bodies without limit, never answers "Expect: 100-continue" and has no idle
// timeout. The guard's readyRead slot runs before QtHttpServer's: it follows
// request framing (head, then Content-Length bytes of body) and, on a head or
// body that is too large or a framing it does not accept, consumes the bytes,
// answers with a JSON error and closes the connection before anything is buffered.
class ConnectionGuard : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionGuard)

public:
    ConnectionGuard(QTcpSocket *socket, const ConnectionLimits &limits);

    // Long-lived responses (event streams) switch the idle timeout off.
    static void markLongLived(QTcpSocket *socket);
    // A connection waiting for its answer is not idle: the server owes it a
    // reply (bounded by the turn budget), so the timer pauses until it is sent.
    static void replyOwed(QTcpSocket *socket);
    static void replySent(QTcpSocket *socket);

private:
    void onReadyRead();
    void restartIdleTimer();
    bool consume(const QByteArray &chunk);
    bool inspectHead();
    qint64 bodyLimitFor(const QByteArray &requestLine, bool bearer) const;
    void reject(int status, const QByteArray &reason, const QByteArray &code, const QByteArray &message);

    QTcpSocket *m_socket;
    ConnectionLimits m_limits;
    QTimer m_idleTimer;
    QByteArray m_head;          // the head being read, until its blank line
    qint64 m_bodyRemaining = 0; // body bytes of the current request still to come
    bool m_rejected = false;
    bool m_longLived = false;
    int m_repliesOwed = 0;
};

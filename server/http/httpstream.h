#pragma once
#include <QByteArray>
#include <QHttpServerResponder>
#include <QObject>
#include <QPointer>
#include <optional>

class QTcpSocket;

// A response whose body is written over time (Server-Sent Events). QtHttpServer
// 6.4 has no streaming API: the head goes out without a Content-Length and the
// body runs until the connection closes. Made by HttpReply::stream() on the
// server thread and used there only; a child of the connection's socket, so it
// goes when the socket does. The connection's idle timeout is off for it.
class HttpStream : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpStream)

public:
    HttpStream(QHttpServerResponder &&responder, QTcpSocket *socket);

    // False (and nothing written) once the client has gone.
    bool write(const QByteArray &bytes);
    bool isOpen() const;
    // Bytes still waiting in the socket's buffer: how far behind the client is.
    qint64 bytesToWrite() const;
    // Ends the response by closing the connection.
    void close();

signals:
    void closed();

private:
    std::optional<QHttpServerResponder> m_responder;
    QPointer<QTcpSocket> m_socket;
};

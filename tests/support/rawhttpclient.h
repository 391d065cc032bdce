#pragma once
#include "httpresult.h"

#include <QByteArray>
#include <QTcpSocket>
#include <optional>

// A bare TCP client for requests no well-behaved HTTP library would send:
// broken framing, oversize heads, invalid bytes, interrupted bodies. It waits
// by running the event loop, so a server in the same thread keeps working.
class RawHttpClient
{
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    explicit RawHttpClient(quint16 port);

    // Starts connecting; the wait functions below finish the job.
    void open();
    bool connectToServer(int timeoutMs = 5000);
    void send(const QByteArray &bytes);
    void abort() { m_socket.abort(); }
    void disconnectFromServer() { m_socket.disconnectFromHost(); }

    // The next complete response (interim 1xx ones included), or nothing when
    // the connection closed or the time ran out first.
    std::optional<HttpResult> readResponse(int timeoutMs = 5000);
    // Whether a full response is buffered already (does not wait).
    bool hasResponse();
    bool waitForClosed(int timeoutMs = 5000);
    bool isClosed() const { return m_socket.state() == QAbstractSocket::UnconnectedState; }
    QByteArray buffered() const { return m_buffer; }
    QTcpSocket &socket() { return m_socket; }

    // A request with a correct Content-Length (unless headers give one).
    static QByteArray request(const QByteArray &method, const QByteArray &path, const QByteArray &body = {},
                              const Headers &headers = {});
    // Connects, sends, reads one answer (status 0 when none came).
    static HttpResult exchange(quint16 port, const QByteArray &bytes, int timeoutMs = 5000);
    // Parses one response at the start of buffer; returns how many bytes it used, 0 when incomplete.
    static qsizetype parse(const QByteArray &buffer, HttpResult *result, bool closed = false);

private:
    void pull();

    quint16 m_port;
    QTcpSocket m_socket;
    QByteArray m_buffer;
};

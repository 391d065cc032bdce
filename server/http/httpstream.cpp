#include "httpstream.h"

#include <QTcpSocket>

HttpStream::HttpStream(QHttpServerResponder &&responder, QTcpSocket *socket)
    : QObject(socket), m_responder(std::move(responder)), m_socket(socket)
{
    connect(socket, &QTcpSocket::disconnected, this, [this] {
        m_responder.reset();
        emit closed();
    });
}

bool HttpStream::isOpen() const
{
    return m_responder && m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

bool HttpStream::write(const QByteArray &bytes)
{
    if (!isOpen())
        return false;
    m_responder->writeBody(bytes);
    return true;
}

qint64 HttpStream::bytesToWrite() const
{
    return m_socket ? m_socket->bytesToWrite() : 0;
}

void HttpStream::close()
{
    if (m_socket && m_socket->state() != QAbstractSocket::UnconnectedState)
        m_socket->disconnectFromHost(); // flushes what is buffered first
}

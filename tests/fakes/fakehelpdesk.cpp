#include "fakehelpdesk.h"

#include <QDateTime>
#include <QHash>
#include <QHostAddress>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QMutexLocker>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace {

QByteArray httpResponse(int status, const QByteArray &body)
{
    QByteArray reason = "Status";
    switch (status) {
    case 200: reason = "OK"; break;
    case 201: reason = "Created"; break;
    case 400: reason = "Bad Request"; break;
    case 401: reason = "Unauthorized"; break;
    case 404: reason = "Not Found"; break;
    case 429: reason = "Too Many Requests"; break;
    case 500: reason = "Internal Server Error"; break;
    case 503: reason = "Service Unavailable"; break;
    default: break;
    }
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason
           + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
           + "\r\nConnection: keep-alive\r\n\r\n" + body;
}

// Constant time, as a receiver must compare signatures.
bool sameBytes(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return diff == 0;
}

} // namespace

class FakeHelpdeskWorker : public QObject
{
public:
    explicit FakeHelpdeskWorker(FakeHelpdesk *owner) : m_owner(owner), m_server(this)
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                QObject::connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
                QObject::connect(socket, &QObject::destroyed, this, [this, socket] { m_buffers.remove(socket); });
            }
        });
    }

    bool listen(quint16 *port, QString *error)
    {
        if (!m_server.listen(QHostAddress::LocalHost, 0)) {
            *error = m_server.errorString();
            return false;
        }
        *port = m_server.serverPort();
        return true;
    }

    void shutdown()
    {
        m_server.close();
        const auto sockets = m_server.findChildren<QTcpSocket *>();
        for (QTcpSocket *socket : sockets)
            delete socket;
    }

private:
    void read(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer.append(socket->readAll());
        for (;;) {
            const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
            if (headerEnd < 0)
                return;
            const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
            const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
            QHash<QByteArray, QByteArray> headers;
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines.at(i).indexOf(':');
                if (colon > 0)
                    headers.insert(lines.at(i).left(colon).trimmed().toLower(), lines.at(i).mid(colon + 1).trimmed());
            }
            const qsizetype length = headers.value("content-length", "0").toLongLong();
            if (buffer.size() < headerEnd + 4 + length)
                return;
            FakeHelpdesk::Request request;
            request.method = requestLine.value(0);
            request.path = requestLine.value(1);
            request.contentType = headers.value("content-type");
            request.timestamp = headers.value("x-support-timestamp");
            request.signature = headers.value("x-support-signature");
            request.rawBody = buffer.mid(headerEnd + 4, length);
            buffer.remove(0, headerEnd + 4 + length);
            answer(socket, request);
        }
    }

    void answer(QTcpSocket *socket, FakeHelpdesk::Request request)
    {
        const FakeHelpdesk::Settings settings = m_owner->settings();
        request.body = QJsonDocument::fromJson(request.rawBody).object();
        const QByteArray expected =
            "sha256="
            + QMessageAuthenticationCode::hash(request.timestamp + '.' + request.rawBody, m_owner->m_secret,
                                               QCryptographicHash::Sha256)
                  .toHex();
        bool timestampOk = false;
        const qint64 sentAt = request.timestamp.toLongLong(&timestampOk);
        timestampOk = timestampOk && qAbs(QDateTime::currentSecsSinceEpoch() - sentAt) <= 300;
        request.signatureValid = timestampOk && sameBytes(request.signature, expected);

        int status = 201;
        QByteArray body;
        int delayMs = 0;
        if (request.path != "/hooks/tickets") {
            status = 404;
            body = R"({"error":"not found"})";
        } else if (request.method != "POST") {
            status = 405;
            body = R"({"error":"method not allowed"})";
        } else if (!request.signatureValid) {
            status = 401;
            body = R"({"error":"invalid signature"})";
        } else if (const int failure = m_owner->takeFailure()) {
            status = failure;
            // Echoes the request, as careless servers do: it must never reach supportd's records.
            body = R"({"error":"upstream exploded while handling )" + request.rawBody.left(100).toBase64() + "\"}";
        } else if (settings.mode == FakeHelpdesk::Mode::Reject) {
            status = 400;
            body = R"({"error":"ticket rejected"})";
        } else {
            if (settings.mode == FakeHelpdesk::Mode::Slow)
                delayMs = settings.delayMs;
        }
        request.status = status;
        const int number = m_owner->record(request);
        if (status == 201)
            body = QJsonDocument(QJsonObject{{QStringLiteral("id"), QStringLiteral("HD-%1").arg(number)}})
                       .toJson(QJsonDocument::Compact);
        const QByteArray response = httpResponse(status, body);
        if (delayMs <= 0) {
            socket->write(response);
            return;
        }
        QTimer::singleShot(delayMs, socket, [socket, response] {
            if (socket->state() == QAbstractSocket::ConnectedState)
                socket->write(response);
        });
    }

    FakeHelpdesk *m_owner;
    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

FakeHelpdesk::FakeHelpdesk(QByteArray secret) : m_secret(std::move(secret)) {}

FakeHelpdesk::~FakeHelpdesk()
{
    if (!m_worker)
        return;
    if (m_thread.isRunning()) {
        QMetaObject::invokeMethod(m_worker, [this] { m_worker->shutdown(); }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    } else {
        delete m_worker;
    }
}

bool FakeHelpdesk::start(QString *error)
{
    if (m_worker)
        return m_port != 0;
    m_worker = new FakeHelpdeskWorker(this);
    m_worker->moveToThread(&m_thread);
    QObject::connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.setObjectName(QStringLiteral("fake-helpdesk"));
    m_thread.start();
    bool listening = false;
    QString message;
    quint16 port = 0;
    QMetaObject::invokeMethod(
        m_worker, [&] { listening = m_worker->listen(&port, &message); }, Qt::BlockingQueuedConnection);
    if (!listening) {
        if (error)
            *error = QStringLiteral("fake helpdesk cannot listen: %1").arg(message);
        return false;
    }
    QMutexLocker lock(&m_mutex);
    m_port = port;
    return true;
}

quint16 FakeHelpdesk::port() const
{
    QMutexLocker lock(&m_mutex);
    return m_port;
}

QString FakeHelpdesk::url() const
{
    return QStringLiteral("http://127.0.0.1:%1/hooks/tickets").arg(port());
}

void FakeHelpdesk::setMode(Mode mode)
{
    QMutexLocker lock(&m_mutex);
    m_settings.mode = mode;
}

void FakeHelpdesk::setDelayMs(int delayMs)
{
    QMutexLocker lock(&m_mutex);
    m_settings.delayMs = delayMs;
}

void FakeHelpdesk::failNext(int times, int status)
{
    QMutexLocker lock(&m_mutex);
    m_settings.failuresLeft = times;
    m_settings.failureStatus = status;
}

QList<FakeHelpdesk::Request> FakeHelpdesk::requests() const
{
    QMutexLocker lock(&m_mutex);
    return m_requests;
}

int FakeHelpdesk::requestCount() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_requests.size());
}

QStringList FakeHelpdesk::acceptedTicketIds() const
{
    QMutexLocker lock(&m_mutex);
    QStringList ids;
    for (const Request &request : m_requests) {
        if (request.status == 201)
            ids.append(request.body.value(QStringLiteral("ticket")).toObject().value(QStringLiteral("id")).toString());
    }
    return ids;
}

FakeHelpdesk::Settings FakeHelpdesk::settings() const
{
    QMutexLocker lock(&m_mutex);
    return m_settings;
}

int FakeHelpdesk::takeFailure()
{
    QMutexLocker lock(&m_mutex);
    if (m_settings.failuresLeft <= 0)
        return 0;
    --m_settings.failuresLeft;
    return m_settings.failureStatus;
}

int FakeHelpdesk::record(const Request &request)
{
    QMutexLocker lock(&m_mutex);
    m_requests.append(request);
    return int(m_requests.size());
}

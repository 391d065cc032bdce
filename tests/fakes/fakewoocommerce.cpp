#include "fakewoocommerce.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QHostAddress>
#include <QJsonDocument>
#include <QMutexLocker>
#include <QProcess>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpServer>
#include <QTimer>

namespace {

constexpr qsizetype kMaxHeaderBytes = 16 * 1024;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 500: return "Internal Server Error";
    default: return "Status";
    }
}

QByteArray httpResponse(int status, const QByteArray &body)
{
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status)
           + "\r\nContent-Type: application/json; charset=UTF-8\r\nX-Robots-Tag: noindex\r\nContent-Length: "
           + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

// The shape WP_Error takes in the REST API.
QByteArray wpError(const QString &code, const QString &message, int status)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("code"), code},
                                     {QStringLiteral("message"), message},
                                     {QStringLiteral("data"), QJsonObject{{QStringLiteral("status"), status}}}})
        .toJson(QJsonDocument::Compact);
}

} // namespace

// Lives on the fake's thread: a TLS server answering one request per connection.
class FakeWooCommerceWorker : public QTcpServer
{
public:
    FakeWooCommerceWorker(FakeWooCommerce *owner, QSslCertificate certificate, QSslKey key)
        : m_owner(owner), m_certificate(std::move(certificate)), m_key(std::move(key))
    {
    }

    void shutdown()
    {
        close();
        const auto sockets = findChildren<QSslSocket *>();
        for (QSslSocket *socket : sockets)
            delete socket;
    }

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QSslSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        socket->setLocalCertificate(m_certificate);
        socket->setPrivateKey(m_key);
        socket->setPeerVerifyMode(QSslSocket::VerifyNone);
        QObject::connect(socket, &QSslSocket::readyRead, this, [this, socket] { read(socket); });
        QObject::connect(socket, &QSslSocket::disconnected, socket, &QObject::deleteLater);
        // A client that rejects our certificate just goes away.
        QObject::connect(socket, &QSslSocket::errorOccurred, socket, [socket] { socket->deleteLater(); });
        QObject::connect(socket, &QObject::destroyed, this, [this, socket] { m_buffers.remove(socket); });
        socket->startServerEncryption();
    }

private:
    void read(QSslSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer.append(socket->readAll());
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            if (buffer.size() > kMaxHeaderBytes)
                send(socket, 400, wpError(QStringLiteral("bad_request"), QStringLiteral("Bad request."), 400), 0);
            return;
        }
        const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
        buffer.clear();
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        QHash<QByteArray, QByteArray> headers;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon > 0)
                headers.insert(lines.at(i).left(colon).trimmed().toLower(), lines.at(i).mid(colon + 1).trimmed());
        }
        answer(socket, requestLine.value(0), requestLine.value(1), headers.value("authorization"));
    }

    void answer(QSslSocket *socket, const QByteArray &method, const QByteArray &target, const QByteArray &authorization)
    {
        const FakeWooCommerce::Settings settings = m_owner->settings();
        FakeWooCommerce::Request record;
        record.method = method;
        record.path = target;
        const QByteArray expected = "Basic " + (settings.consumerKey + QLatin1Char(':') + settings.consumerSecret).toUtf8().toBase64();
        record.authorized = authorization == expected;

        static const QRegularExpression orderPath(QStringLiteral("^/wp-json/wc/v3/orders/([0-9]+)(\\?.*)?$"));
        const auto match = orderPath.match(QString::fromUtf8(target));
        int status = 200;
        QByteArray body;
        int delayMs = 0;
        if (!match.hasMatch()) {
            status = 404;
            body = wpError(QStringLiteral("rest_no_route"), QStringLiteral("No route was found matching the URL and request method."), 404);
        } else if (method != "GET") {
            status = 404; // WordPress answers unknown method/route pairs with rest_no_route
            body = wpError(QStringLiteral("rest_no_route"), QStringLiteral("No route was found matching the URL and request method."), 404);
        } else if (settings.mode == FakeWooCommerce::Mode::Unauthorized || !record.authorized) {
            status = 401;
            // WooCommerce names what it was given; a client must never repeat it.
            body = wpError(QStringLiteral("woocommerce_rest_authentication_error"),
                           QStringLiteral("Consumer secret is invalid. (got %1)").arg(QString::fromUtf8(authorization)), 401);
        } else if (settings.mode == FakeWooCommerce::Mode::ServerError) {
            status = 500;
            body = "<b>Fatal error</b>: Uncaught Exception: database went away in /var/www/wp-includes/wp-db.php "
                   "(consumer_secret=" + settings.consumerSecret.toUtf8() + ")";
        } else if (settings.mode == FakeWooCommerce::Mode::Malformed) {
            body = R"({"id": )" + match.captured(1).toUtf8() + R"(, "status": "processing", "billing": {"email": )";
        } else {
            const auto order = m_owner->order(match.captured(1).toLongLong());
            if (settings.mode == FakeWooCommerce::Mode::NotFound || !order) {
                status = 404;
                body = wpError(QStringLiteral("woocommerce_rest_shop_order_invalid_id"), QStringLiteral("Invalid ID."), 404);
            } else {
                body = QJsonDocument(*order).toJson(QJsonDocument::Indented);
            }
            if (settings.mode == FakeWooCommerce::Mode::Slow)
                delayMs = settings.delayMs;
        }
        record.status = status;
        m_owner->record(record);
        send(socket, status, body, delayMs);
    }

    void send(QSslSocket *socket, int status, const QByteArray &body, int delayMs)
    {
        const QByteArray response = httpResponse(status, body);
        auto write = [socket, response] {
            if (socket->state() != QAbstractSocket::ConnectedState)
                return;
            socket->write(response);
            socket->disconnectFromHost(); // after the bytes are written
        };
        if (delayMs <= 0)
            write();
        else
            QTimer::singleShot(delayMs, socket, write);
    }

    FakeWooCommerce *m_owner;
    QSslCertificate m_certificate;
    QSslKey m_key;
    QHash<QSslSocket *, QByteArray> m_buffers;
};

FakeWooCommerce::FakeWooCommerce() = default;

FakeWooCommerce::~FakeWooCommerce()
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

bool FakeWooCommerce::start(QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (m_worker)
        return m_port != 0;
    if (!QSslSocket::supportsSsl())
        return fail(QStringLiteral("this Qt has no TLS backend"));
    if (!m_certDir.isValid())
        return fail(QStringLiteral("no temporary folder for the certificate"));
    const QString certPath = m_certDir.filePath(QStringLiteral("cert.pem"));
    const QString keyPath = m_certDir.filePath(QStringLiteral("key.pem"));
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                   QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                   QStringLiteral("/CN=127.0.0.1"), QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1"),
                   QStringLiteral("-keyout"), keyPath, QStringLiteral("-out"), certPath});
    if (!openssl.waitForFinished(30000) || openssl.exitStatus() != QProcess::NormalExit || openssl.exitCode() != 0)
        return fail(QStringLiteral("openssl could not make a certificate: %1")
                        .arg(openssl.error() == QProcess::FailedToStart ? QStringLiteral("openssl not found")
                                                                       : QString::fromLocal8Bit(openssl.readAllStandardError()).trimmed()));
    const QList<QSslCertificate> certificates = QSslCertificate::fromPath(certPath);
    QFile keyFile(keyPath);
    if (certificates.isEmpty() || !keyFile.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read the generated certificate"));
    const QSslKey key(&keyFile, QSsl::Rsa);
    if (key.isNull())
        return fail(QStringLiteral("cannot read the generated key"));

    m_worker = new FakeWooCommerceWorker(this, certificates.first(), key);
    m_worker->moveToThread(&m_thread);
    QObject::connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.setObjectName(QStringLiteral("fake-woocommerce"));
    m_thread.start();
    bool listening = false;
    QString message;
    quint16 port = 0;
    QMetaObject::invokeMethod(
        m_worker,
        [&] {
            listening = m_worker->listen(QHostAddress::LocalHost, 0);
            message = m_worker->errorString();
            port = m_worker->serverPort();
        },
        Qt::BlockingQueuedConnection);
    if (!listening)
        return fail(QStringLiteral("fake WooCommerce cannot listen: %1").arg(message));
    QMutexLocker lock(&m_mutex);
    m_port = port;
    return true;
}

quint16 FakeWooCommerce::port() const
{
    QMutexLocker lock(&m_mutex);
    return m_port;
}

QString FakeWooCommerce::baseUrl() const
{
    return QStringLiteral("https://127.0.0.1:%1").arg(port());
}

QString FakeWooCommerce::caFile() const
{
    return m_certDir.filePath(QStringLiteral("cert.pem"));
}

void FakeWooCommerce::setCredentials(const QString &consumerKey, const QString &consumerSecret)
{
    QMutexLocker lock(&m_mutex);
    m_settings.consumerKey = consumerKey;
    m_settings.consumerSecret = consumerSecret;
}

void FakeWooCommerce::setMode(Mode mode)
{
    QMutexLocker lock(&m_mutex);
    m_settings.mode = mode;
}

void FakeWooCommerce::setDelayMs(int delayMs)
{
    QMutexLocker lock(&m_mutex);
    m_settings.delayMs = delayMs;
}

void FakeWooCommerce::addOrder(const QJsonObject &order)
{
    QMutexLocker lock(&m_mutex);
    m_orders.insert(order.value(QStringLiteral("id")).toInteger(), order);
}

bool FakeWooCommerce::addOrderFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read %1").arg(path);
        return false;
    }
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll());
    if (!document.isObject() || !document.object().value(QStringLiteral("id")).isDouble()) {
        if (error)
            *error = QStringLiteral("%1 is not a WooCommerce order").arg(path);
        return false;
    }
    addOrder(document.object());
    return true;
}

QString FakeWooCommerce::bundledOrdersDir()
{
    return QStringLiteral(FAKE_WOOCOMMERCE_ORDERS_DIR);
}

int FakeWooCommerce::addBundledOrders(QString *error)
{
    const QDir dir(bundledOrdersDir());
    int added = 0;
    for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        if (!addOrderFile(dir.filePath(name), error))
            return -1;
        ++added;
    }
    return added;
}

QList<FakeWooCommerce::Request> FakeWooCommerce::requests() const
{
    QMutexLocker lock(&m_mutex);
    return m_requests;
}

int FakeWooCommerce::requestCount() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_requests.size());
}

FakeWooCommerce::Settings FakeWooCommerce::settings() const
{
    QMutexLocker lock(&m_mutex);
    return m_settings;
}

std::optional<QJsonObject> FakeWooCommerce::order(qint64 id) const
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_orders.constFind(id);
    if (it == m_orders.constEnd())
        return std::nullopt;
    return *it;
}

void FakeWooCommerce::record(const Request &request)
{
    QMutexLocker lock(&m_mutex);
    m_requests.append(request);
}

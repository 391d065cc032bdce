#include "fakeembeddingserver.h"

#include <QCryptographicHash>
#include <QHash>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutexLocker>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <random>

namespace {

constexpr qsizetype kMaxHeaderBytes = 64 * 1024;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 413: return "Payload Too Large";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

QByteArray httpResponse(int status, const QByteArray &body)
{
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status)
           + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
           + "\r\nConnection: keep-alive\r\n\r\n" + body;
}

// The error shape OpenAI answers with. The messages echo what the client sent
// (as real services do), so tests can prove the client never repeats them.
QByteArray errorBody(const QString &message, const QString &type, const QString &code)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("error"),
                                      QJsonObject{{QStringLiteral("message"), message},
                                                  {QStringLiteral("type"), type},
                                                  {QStringLiteral("param"), QJsonValue()},
                                                  {QStringLiteral("code"), code}}}})
        .toJson(QJsonDocument::Compact);
}

struct ParsedRequest
{
    QByteArray method;
    QByteArray path;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
};

} // namespace

// Lives on the server's thread: accepts connections and answers requests.
class FakeEmbeddingWorker : public QObject
{
public:
    explicit FakeEmbeddingWorker(FakeEmbeddingServer *owner)
        : m_owner(owner)
        , m_server(this)
    {
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] { acceptConnections(); });
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
    void acceptConnections()
    {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            QObject::connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readRequests(socket); });
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            QObject::connect(socket, &QObject::destroyed, this, [this, socket] {
                m_buffers.remove(socket);
                m_continued.remove(socket);
            });
        }
    }

    void readRequests(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer.append(socket->readAll());
        for (;;) {
            const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
            if (headerEnd < 0) {
                if (buffer.size() > kMaxHeaderBytes)
                    fail(socket, 400);
                return;
            }
            ParsedRequest request;
            const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
            const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
            if (requestLine.size() != 3) {
                fail(socket, 400);
                return;
            }
            request.method = requestLine.at(0);
            request.path = requestLine.at(1);
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines.at(i).indexOf(':');
                if (colon > 0)
                    request.headers.insert(lines.at(i).left(colon).trimmed().toLower(), lines.at(i).mid(colon + 1).trimmed());
            }
            if (request.headers.contains("transfer-encoding")) {
                fail(socket, 400); // the real clients send Content-Length
                return;
            }
            bool ok = true;
            const QByteArray lengthHeader = request.headers.value("content-length", "0");
            const qsizetype length = lengthHeader.toLongLong(&ok);
            if (!ok || length < 0 || length > 32 * 1024 * 1024) {
                fail(socket, 413);
                return;
            }
            if (buffer.size() < headerEnd + 4 + length) {
                if (request.headers.value("expect").toLower() == "100-continue" && !m_continued.contains(socket)) {
                    m_continued.insert(socket, true);
                    socket->write("HTTP/1.1 100 Continue\r\n\r\n");
                }
                return;
            }
            m_continued.remove(socket);
            request.body = buffer.mid(headerEnd + 4, length);
            buffer.remove(0, headerEnd + 4 + length);
            answer(socket, request);
        }
    }

    void fail(QTcpSocket *socket, int status)
    {
        socket->write(httpResponse(status, errorBody(QStringLiteral("bad request"), QStringLiteral("invalid_request_error"),
                                                     QString())));
        socket->disconnectFromHost();
        m_buffers.remove(socket);
    }

    void answer(QTcpSocket *socket, const ParsedRequest &parsed)
    {
        const FakeEmbeddingServer::Settings settings = m_owner->settings();
        FakeEmbeddingServer::Request record;
        record.method = parsed.method;
        record.path = parsed.path;
        record.contentType = parsed.headers.value("content-type");
        record.hasAuthorization = parsed.headers.contains("authorization");
        record.authorization = parsed.headers.value("authorization");
        const QJsonDocument document = QJsonDocument::fromJson(parsed.body);
        record.body = document.object();
        const QJsonArray inputs = record.body.value(QStringLiteral("input")).toArray();
        record.inputCount = int(inputs.size());

        int status = 200;
        QByteArray body;
        int delayMs = 0;
        if (parsed.path != "/v1/embeddings") {
            status = 404;
            body = errorBody(QStringLiteral("Unknown request URL: %1").arg(QString::fromUtf8(parsed.path)),
                             QStringLiteral("invalid_request_error"), QStringLiteral("unknown_url"));
        } else if (parsed.method != "POST") {
            status = 405;
            body = errorBody(QStringLiteral("Method not allowed"), QStringLiteral("invalid_request_error"), QString());
        } else if (!settings.requiredKey.isEmpty()
                   && record.authorization != "Bearer " + settings.requiredKey.toUtf8()) {
            status = 401;
            body = errorBody(QStringLiteral("Incorrect API key provided: %1").arg(QString::fromUtf8(record.authorization)),
                             QStringLiteral("invalid_request_error"), QStringLiteral("invalid_api_key"));
        } else if (const int failure = m_owner->takeFailure()) {
            status = failure;
            body = errorBody(QStringLiteral("The server had an error processing your request: %1")
                                 .arg(QString::fromUtf8(parsed.body.left(200))),
                             QStringLiteral("server_error"), QString());
        } else if (const QString problem = validate(record.body, inputs); !problem.isEmpty()) {
            status = 400;
            body = errorBody(problem, QStringLiteral("invalid_request_error"), QString());
        } else {
            body = embeddings(record.body, inputs, settings);
            if (settings.mode == FakeEmbeddingServer::Mode::Slow)
                delayMs = settings.delayMs;
        }
        record.status = status;
        m_owner->record(record);

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

    static QString validate(const QJsonObject &body, const QJsonArray &inputs)
    {
        if (body.isEmpty())
            return QStringLiteral("We could not parse the JSON body of your request.");
        if (body.value(QStringLiteral("model")).toString().isEmpty())
            return QStringLiteral("you must provide a model parameter");
        if (inputs.isEmpty())
            return QStringLiteral("'input' must be a non-empty array of strings");
        for (const QJsonValue &input : inputs) {
            if (!input.isString() || input.toString().isEmpty())
                return QStringLiteral("'$.input' is invalid");
        }
        const QJsonValue format = body.value(QStringLiteral("encoding_format"));
        if (!format.isUndefined() && format.toString() != QLatin1String("float")
            && format.toString() != QLatin1String("base64"))
            return QStringLiteral("'encoding_format' must be float or base64");
        const QJsonValue dimensions = body.value(QStringLiteral("dimensions"));
        if (!dimensions.isUndefined() && dimensions.toInt(0) <= 0)
            return QStringLiteral("'dimensions' must be a positive integer");
        return {};
    }

    static QByteArray embeddings(const QJsonObject &request, const QJsonArray &inputs,
                                 const FakeEmbeddingServer::Settings &settings)
    {
        if (settings.mode == FakeEmbeddingServer::Mode::Malformed)
            return R"({"object": "list", "data": [{"object": "embedding", "embedding": [0.1, 0.2)";

        const int dimensions = settings.honourDimensions
                                   ? request.value(QStringLiteral("dimensions")).toInt(settings.defaultDimensions)
                                   : settings.defaultDimensions;
        QList<QJsonObject> items;
        int tokens = 0;
        for (qsizetype i = 0; i < inputs.size(); ++i) {
            const QString text = inputs.at(i).toString();
            tokens += int(text.split(QLatin1Char(' '), Qt::SkipEmptyParts).size());
            int size = dimensions;
            if (settings.mode == FakeEmbeddingServer::Mode::MixedDimensions && i == inputs.size() - 1 && i > 0)
                size = dimensions - 1;
            QJsonArray vector;
            for (const double value : FakeEmbeddingServer::vectorFor(text, size))
                vector.append(value);
            items.append(QJsonObject{{QStringLiteral("object"), QStringLiteral("embedding")},
                                     {QStringLiteral("embedding"), vector},
                                     {QStringLiteral("index"), int(i)}});
        }
        if (settings.mode == FakeEmbeddingServer::Mode::WrongCount)
            items.removeLast();

        // Shuffled, but never left in order, so a client that ignores "index" fails.
        std::mt19937 random(quint32(items.size()));
        std::shuffle(items.begin(), items.end(), random);
        if (items.size() > 1 && items.first().value(QStringLiteral("index")).toInt() == 0
            && items.last().value(QStringLiteral("index")).toInt() == int(items.size()) - 1)
            std::reverse(items.begin(), items.end());
        QJsonArray data;
        for (const QJsonObject &item : items)
            data.append(item);

        const QJsonObject response{
            {QStringLiteral("object"), QStringLiteral("list")},
            {QStringLiteral("data"), data},
            {QStringLiteral("model"), request.value(QStringLiteral("model"))},
            {QStringLiteral("usage"), QJsonObject{{QStringLiteral("prompt_tokens"), tokens},
                                                  {QStringLiteral("total_tokens"), tokens}}}};
        return QJsonDocument(response).toJson(QJsonDocument::Compact);
    }

    FakeEmbeddingServer *m_owner;
    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QHash<QTcpSocket *, bool> m_continued;
};

FakeEmbeddingServer::FakeEmbeddingServer() = default;

FakeEmbeddingServer::~FakeEmbeddingServer()
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

bool FakeEmbeddingServer::start(QString *error)
{
    if (m_worker)
        return m_port != 0;
    m_worker = new FakeEmbeddingWorker(this);
    m_worker->moveToThread(&m_thread);
    // Deleted on its own thread as the thread finishes.
    QObject::connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.setObjectName(QStringLiteral("fake-embeddings"));
    m_thread.start();

    bool listening = false;
    QString message;
    quint16 port = 0;
    QMetaObject::invokeMethod(
        m_worker, [&] { listening = m_worker->listen(&port, &message); }, Qt::BlockingQueuedConnection);
    if (!listening) {
        if (error)
            *error = QStringLiteral("fake embedding server cannot listen: %1").arg(message);
        return false;
    }
    QMutexLocker lock(&m_mutex);
    m_port = port;
    return true;
}

quint16 FakeEmbeddingServer::port() const
{
    QMutexLocker lock(&m_mutex);
    return m_port;
}

QString FakeEmbeddingServer::baseUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1/v1").arg(port());
}

void FakeEmbeddingServer::setMode(Mode mode)
{
    QMutexLocker lock(&m_mutex);
    m_settings.mode = mode;
}

void FakeEmbeddingServer::setDelayMs(int delayMs)
{
    QMutexLocker lock(&m_mutex);
    m_settings.delayMs = delayMs;
}

void FakeEmbeddingServer::setRequiredKey(const QString &key)
{
    QMutexLocker lock(&m_mutex);
    m_settings.requiredKey = key;
}

void FakeEmbeddingServer::setDefaultDimensions(int dimensions)
{
    QMutexLocker lock(&m_mutex);
    m_settings.defaultDimensions = dimensions;
}

void FakeEmbeddingServer::setHonourDimensions(bool honour)
{
    QMutexLocker lock(&m_mutex);
    m_settings.honourDimensions = honour;
}

void FakeEmbeddingServer::failNext(int times, int status)
{
    QMutexLocker lock(&m_mutex);
    m_settings.failuresLeft = times;
    m_settings.failureStatus = status;
}

QList<FakeEmbeddingServer::Request> FakeEmbeddingServer::requests() const
{
    QMutexLocker lock(&m_mutex);
    return m_requests;
}

int FakeEmbeddingServer::requestCount() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_requests.size());
}

QList<int> FakeEmbeddingServer::batchSizes() const
{
    QMutexLocker lock(&m_mutex);
    QList<int> sizes;
    for (const Request &request : m_requests)
        sizes.append(request.inputCount);
    return sizes;
}

void FakeEmbeddingServer::clearRequests()
{
    QMutexLocker lock(&m_mutex);
    m_requests.clear();
}

QVector<double> FakeEmbeddingServer::vectorFor(const QString &text, int dimensions)
{
    QVector<double> vector;
    vector.reserve(dimensions);
    QByteArray block;
    for (int i = 0; i < dimensions; ++i) {
        const int offset = i % 32;
        if (offset == 0)
            block = QCryptographicHash::hash(text.toUtf8() + '#' + QByteArray::number(i / 32), QCryptographicHash::Sha256);
        // In [-3, 3]: far from unit length, so normalisation is visible.
        vector.append((quint8(block.at(offset)) - 127.5) / 127.5 * 3.0);
    }
    return vector;
}

FakeEmbeddingServer::Settings FakeEmbeddingServer::settings() const
{
    QMutexLocker lock(&m_mutex);
    return m_settings;
}

int FakeEmbeddingServer::takeFailure()
{
    QMutexLocker lock(&m_mutex);
    if (m_settings.failuresLeft <= 0)
        return 0;
    --m_settings.failuresLeft;
    return m_settings.failureStatus;
}

void FakeEmbeddingServer::record(const Request &request)
{
    QMutexLocker lock(&m_mutex);
    m_requests.append(request);
}

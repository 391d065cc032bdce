#pragma once
#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QMutex>
#include <QString>
#include <QTemporaryDir>
#include <QThread>
#include <optional>

class FakeWooCommerceWorker;

// A WooCommerce shop for tests, speaking REST API v3 over HTTPS on 127.0.0.1:
// GET /wp-json/wc/v3/orders/<id> with HTTP Basic (consumer key and secret),
// answering orders in WooCommerce's own JSON and its error shapes
// ({"code","message","data":{"status"}}). The certificate is self-signed and
// generated at start() with the openssl command line into a temporary folder
// (caFile() is what a client must trust; nothing is committed). Served from
// its own thread, so a client may block the test's thread. Thread-safe.
class FakeWooCommerce
{
    Q_DISABLE_COPY_MOVE(FakeWooCommerce)

public:
    enum class Mode {
        Ok,
        Unauthorized, // 401 whatever the credentials
        NotFound,     // 404 for every order
        ServerError,  // 500 with a PHP-style body (it names the secret, as leaky servers do)
        Slow,         // the right answer, after delayMs
        Malformed,    // 200 with a body that is not JSON
    };
    struct Request
    {
        QByteArray method;
        QByteArray path;
        bool authorized = false; // the Basic credentials matched
        int status = 0;
    };

    FakeWooCommerce();
    ~FakeWooCommerce();

    // Generates the certificate and listens. Fails (with the reason) when
    // openssl or TLS support is missing.
    bool start(QString *error = nullptr);
    quint16 port() const;
    QString baseUrl() const; // https://127.0.0.1:<port>
    QString caFile() const;  // the server's self-signed certificate (PEM)

    void setCredentials(const QString &consumerKey, const QString &consumerSecret);
    void setMode(Mode mode);
    void setDelayMs(int delayMs);

    // Orders are served by their "id".
    void addOrder(const QJsonObject &order);
    bool addOrderFile(const QString &path, QString *error = nullptr);
    // The orders committed under tests/fakes/woocommerce/; returns how many.
    int addBundledOrders(QString *error = nullptr);
    static QString bundledOrdersDir();

    QList<Request> requests() const;
    int requestCount() const;

private:
    friend class FakeWooCommerceWorker;
    struct Settings
    {
        Mode mode = Mode::Ok;
        int delayMs = 2000;
        QString consumerKey = QStringLiteral("ck_test_key");
        QString consumerSecret = QStringLiteral("cs_test_secret");
    };
    Settings settings() const;
    std::optional<QJsonObject> order(qint64 id) const;
    void record(const Request &request);

    mutable QMutex m_mutex;
    Settings m_settings;
    QMap<qint64, QJsonObject> m_orders;
    QList<Request> m_requests;
    QTemporaryDir m_certDir;
    QThread m_thread;
    FakeWooCommerceWorker *m_worker = nullptr;
    quint16 m_port = 0;
};

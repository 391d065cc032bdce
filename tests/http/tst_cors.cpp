#include "http/cors.h"

#include <QJsonDocument>
#include <QTest>

namespace {

HttpRequest request(const QByteArray &method, const QString &path, const QHash<QByteArray, QByteArray> &headers)
{
    HttpRequest r;
    r.method = method;
    r.path = path;
    r.headers = headers;
    return r;
}

QByteArray headerOf(const CorsPolicy::Headers &headers, const QByteArray &name)
{
    for (const auto &header : headers) {
        if (header.first.compare(name, Qt::CaseInsensitive) == 0)
            return header.second;
    }
    return {};
}

const CorsPolicy kPolicy({QStringLiteral("https://shop.example"), QStringLiteral("http://localhost:8000")},
                         {QStringLiteral("/api/agent/")});

} // namespace

// The CORS policy on its own: which origins are listed, what a preflight and
// an actual answer carry. (tst_webchannel checks it through a real server.)
class TestCors : public QObject
{
    Q_OBJECT

private slots:
    void normalizeOrigin_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("origin"); // empty: refused
        QTest::newRow("https") << "https://shop.example" << "https://shop.example";
        QTest::newRow("upper case, trailing slash") << "HTTPS://Shop.Example/" << "https://shop.example";
        QTest::newRow("default port dropped") << "https://shop.example:443" << "https://shop.example";
        QTest::newRow("other port kept") << "http://localhost:8000" << "http://localhost:8000";
        QTest::newRow("spaces around") << "  http://127.0.0.1:9000 " << "http://127.0.0.1:9000";
        QTest::newRow("path") << "https://shop.example/shop" << "";
        QTest::newRow("query") << "https://shop.example?x=1" << "";
        QTest::newRow("user") << "https://user@shop.example" << "";
        QTest::newRow("wildcard") << "*" << "";
        QTest::newRow("null") << "null" << "";
        QTest::newRow("no scheme") << "shop.example" << "";
        QTest::newRow("ftp") << "ftp://shop.example" << "";
        QTest::newRow("empty") << "" << "";
    }

    void normalizeOrigin()
    {
        QFETCH(QString, text);
        QFETCH(QString, origin);
        const std::optional<QString> normalized = CorsPolicy::normalizeOrigin(text);
        QCOMPARE(normalized.value_or(QString()), origin);
    }

    void coversOnlyItsPaths()
    {
        QVERIFY(kPolicy.covers(QStringLiteral("/api/agent/messages")));
        QVERIFY(kPolicy.covers(QStringLiteral("/api/agent/thread/x/events")));
        QVERIFY(!kPolicy.covers(QStringLiteral("/admin/agent/threads")));
        QVERIFY(!kPolicy.covers(QStringLiteral("/api/auth/login")));
        QVERIFY(!kPolicy.covers(QStringLiteral("/")));
        QVERIFY(!CorsPolicy().covers(QStringLiteral("/api/agent/messages")));
    }

    void preflightFromListedOrigin()
    {
        const HttpRequest preflight = request("OPTIONS", QStringLiteral("/api/agent/messages"),
                                              {{"origin", "https://shop.example"},
                                               {"access-control-request-method", "POST"},
                                               {"access-control-request-headers", "content-type,x-thread-token,x-device-id"}});
        QVERIFY(CorsPolicy::isPreflight(preflight));
        const HttpResponse answer = kPolicy.preflight(preflight);
        QCOMPARE(answer.status, 204);
        QVERIFY(answer.body.isEmpty());
        QCOMPARE(headerOf(answer.headers, "Access-Control-Allow-Origin"), QByteArray("https://shop.example"));
        QCOMPARE(headerOf(answer.headers, "Vary"), QByteArray("Origin"));
        const QByteArray methods = headerOf(answer.headers, "Access-Control-Allow-Methods");
        QVERIFY(methods.contains("POST") && methods.contains("GET"));
        const QByteArray allowed = headerOf(answer.headers, "Access-Control-Allow-Headers").toLower();
        for (const char *name : {"content-type", "x-thread-token", "x-device-id", "authorization", "last-event-id"})
            QVERIFY2(allowed.contains(name), name);
        QCOMPARE(headerOf(answer.headers, "Access-Control-Max-Age").toInt(), CorsPolicy::kMaxAgeSeconds);
        QVERIFY(headerOf(answer.headers, "Access-Control-Allow-Credentials").isEmpty());
    }

    void preflightFromOtherOriginIsRefused_data()
    {
        QTest::addColumn<QByteArray>("origin");
        QTest::newRow("unlisted") << QByteArray("https://evil.example");
        QTest::newRow("listed host, other scheme") << QByteArray("http://shop.example");
        QTest::newRow("listed host, other port") << QByteArray("https://shop.example:8443");
        QTest::newRow("suffix") << QByteArray("https://shop.example.evil.example");
        QTest::newRow("null") << QByteArray("null");
    }

    void preflightFromOtherOriginIsRefused()
    {
        QFETCH(QByteArray, origin);
        const HttpResponse answer = kPolicy.preflight(request(
            "OPTIONS", QStringLiteral("/api/agent/messages"), {{"origin", origin}, {"access-control-request-method", "POST"}}));
        QCOMPARE(answer.status, 403);
        QCOMPARE(QJsonDocument::fromJson(answer.body).object().value(QStringLiteral("error")).toObject()
                     .value(QStringLiteral("code")).toString(),
                 QStringLiteral("origin_not_allowed"));
        QVERIFY(headerOf(answer.headers, "Access-Control-Allow-Origin").isEmpty());
    }

    void anOptionsWithoutCorsHeadersIsNoPreflight()
    {
        QVERIFY(!CorsPolicy::isPreflight(request("OPTIONS", QStringLiteral("/api/agent/messages"), {})));
        QVERIFY(!CorsPolicy::isPreflight(
            request("OPTIONS", QStringLiteral("/api/agent/messages"), {{"origin", "https://shop.example"}})));
        QVERIFY(!CorsPolicy::isPreflight(request("POST", QStringLiteral("/api/agent/messages"),
                                                 {{"origin", "https://shop.example"}, {"access-control-request-method", "POST"}})));
    }

    void actualResponses()
    {
        const auto listed = kPolicy.responseHeaders(
            request("POST", QStringLiteral("/api/agent/messages"), {{"origin", "http://localhost:8000"}}));
        QCOMPARE(headerOf(listed, "Access-Control-Allow-Origin"), QByteArray("http://localhost:8000"));
        QVERIFY(headerOf(listed, "Access-Control-Expose-Headers").contains("Retry-After"));
        QCOMPARE(headerOf(listed, "Vary"), QByteArray("Origin"));

        const auto other = kPolicy.responseHeaders(
            request("POST", QStringLiteral("/api/agent/messages"), {{"origin", "https://evil.example"}}));
        for (const auto &header : other)
            QVERIFY2(!header.first.toLower().startsWith("access-control-"), header.first.constData());

        const auto sameOrigin = kPolicy.responseHeaders(request("GET", QStringLiteral("/api/agent/thread/x"), {}));
        QVERIFY(headerOf(sameOrigin, "Access-Control-Allow-Origin").isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCors)
#include "tst_cors.moc"

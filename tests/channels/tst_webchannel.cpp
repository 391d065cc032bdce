#include "channels/web/webconfig.h"

#include "support/eventwait.h"
#include "support/rawhttpclient.h"
#include "support/testserver.h"

#include <QJsonDocument>
#include <QTemporaryFile>
#include <QTest>

namespace {

constexpr qsizetype kWidgetBudgetBytes = 20 * 1024; // widget.js gzipped, its styles included

const QByteArray kShop = "https://shop.example";
const QByteArray kOther = "https://evil.example";

QByteArray get(const QByteArray &path, const RawHttpClient::Headers &headers = {})
{
    return RawHttpClient::request("GET", path, {}, headers);
}

QByteArray postMessage(const QByteArray &origin, const QString &text)
{
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("user_msg"), text}}).toJson(QJsonDocument::Compact);
    return RawHttpClient::request("POST", "/api/agent/messages", body,
                                  {{"Content-Type", "application/json"}, {"Origin", origin}});
}

QByteArray preflight(const QByteArray &path, const QByteArray &origin)
{
    return RawHttpClient::request("OPTIONS", path, {},
                                  {{"Origin", origin},
                                   {"Access-Control-Request-Method", "POST"},
                                   {"Access-Control-Request-Headers", "content-type,x-thread-token,x-device-id,authorization"}});
}

// Whether a response head is buffered (hasResponse() reads what arrived).
bool headArrived(RawHttpClient &client)
{
    client.hasResponse();
    return client.buffered().contains("\r\n\r\n");
}

bool hasCorsHeaders(const HttpResult &result)
{
    for (const auto &header : result.headers) {
        if (header.first.toLower().startsWith("access-control-"))
            return true;
    }
    return false;
}

// gzip's size for bytes: a zlib stream (qCompress, after its 4-byte length
// prefix) has a 2-byte head and a 4-byte trailer, gzip a 10-byte head and an
// 8-byte trailer around the same deflate data.
qsizetype gzipSize(const QByteArray &bytes)
{
    return qCompress(bytes, 9).size() - 4 - 6 + 18;
}

std::unique_ptr<QTemporaryFile> configFile(const QByteArray &json)
{
    auto file = std::make_unique<QTemporaryFile>();
    if (file->open()) {
        file->write(json);
        file->flush();
    }
    return file;
}

} // namespace

// The website channel through a real supportd: the demo page and the widget
// (types, caching, security headers, the size budget), and CORS for the
// configured site origins only.
class TestWebChannel : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryFile> m_config;
    std::unique_ptr<TestServer> m_server;

    HttpResult exchange(const QByteArray &bytes) { return RawHttpClient::exchange(m_server->port(), bytes, 15000); }

private slots:
    void initTestCase()
    {
        qunsetenv("SUPPORTD_SITE_ORIGINS");
        m_config = configFile("{\"web\": {\"origins\": [\"https://shop.example\", \"http://localhost:8000/\"]}}");
        ServeOptions options = TestServer::defaultOptions();
        options.configFile = m_config->fileName();
        m_server = std::make_unique<TestServer>(options);
        START_TEST_SERVER(*m_server);
    }

    void cleanupTestCase() { m_server.reset(); }

    void demoStorePage()
    {
        const HttpResult page = exchange(get("/"));
        QCOMPARE(page.status, 200);
        QCOMPARE(page.header("Content-Type"), QByteArray("text/html; charset=utf-8"));
        QCOMPARE(page.header("Cache-Control"), QByteArray("no-cache"));
        QCOMPARE(page.header("X-Content-Type-Options"), QByteArray("nosniff"));
        const QByteArray policy = page.header("Content-Security-Policy");
        QVERIFY2(policy.contains("script-src 'self'") && policy.contains("default-src 'none'")
                     && !policy.contains("unsafe-inline"),
                 policy.constData());
        QVERIFY(page.body.contains("<script src=\"/widget.js\" defer"));
        QVERIFY(!page.body.contains("<script>")); // the policy allows no inline script
        QVERIFY(!hasCorsHeaders(exchange(get("/", {{"Origin", kShop}}))));

        const HttpResult styles = exchange(get("/demo.css"));
        QCOMPARE(styles.status, 200);
        QCOMPARE(styles.header("Content-Type"), QByteArray("text/css; charset=utf-8"));
        QVERIFY(styles.body.contains(".products"));
    }

    void widgetScript()
    {
        const HttpResult widget = exchange(get("/widget.js"));
        QCOMPARE(widget.status, 200);
        QCOMPARE(widget.header("Content-Type"), QByteArray("text/javascript; charset=utf-8"));
        QCOMPARE(widget.header("Cache-Control"), QByteArray("public, max-age=300"));
        QCOMPARE(widget.header("Cross-Origin-Resource-Policy"), QByteArray("cross-origin"));
        QCOMPARE(widget.header("X-Content-Type-Options"), QByteArray("nosniff"));
        QCOMPARE(widget.header("Content-Length").toInt(), widget.body.size());
        QVERIFY(widget.body.contains("SupportWidgetConfig"));
        // One Cache-Control only: the API's no-store must not be added to it.
        int cacheControls = 0;
        for (const auto &header : widget.headers)
            cacheControls += header.first.compare("Cache-Control", Qt::CaseInsensitive) == 0;
        QCOMPARE(cacheControls, 1);
    }

    void widgetFitsTheSizeBudget()
    {
        const HttpResult widget = exchange(get("/widget.js"));
        QCOMPARE(widget.status, 200);
        const qsizetype gzipped = gzipSize(widget.body);
        qInfo("widget.js: %lld bytes, %lld gzipped (budget %lld)", qlonglong(widget.body.size()), qlonglong(gzipped),
              qlonglong(kWidgetBudgetBytes));
        QVERIFY(gzipped > 1000); // really compressed the script, not an empty answer
        QVERIFY2(gzipped <= kWidgetBudgetBytes, qPrintable(QString::number(gzipped)));
    }

    void revalidationByEtag_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::newRow("widget") << QByteArray("/widget.js");
        QTest::newRow("page") << QByteArray("/");
    }

    void revalidationByEtag()
    {
        QFETCH(QByteArray, path);
        const HttpResult first = exchange(get(path));
        const QByteArray etag = first.header("ETag");
        QVERIFY2(etag.startsWith('"') && etag.endsWith('"') && etag.size() > 10, etag.constData());
        QCOMPARE(exchange(get(path)).header("ETag"), etag); // stable

        for (const QByteArray &condition : {etag, "W/" + etag, "\"other\", " + etag, QByteArray("*")}) {
            const HttpResult again = exchange(get(path, {{"If-None-Match", condition}}));
            QCOMPARE(again.status, 304);
            QVERIFY(again.body.isEmpty());
            QCOMPARE(again.header("ETag"), etag);
            QVERIFY(again.header("Content-Length").isEmpty());
            QVERIFY(!again.header("Cache-Control").isEmpty());
        }
        const HttpResult changed = exchange(get(path, {{"If-None-Match", "\"0123456789\""}}));
        QCOMPARE(changed.status, 200);
        QCOMPARE(changed.body, first.body);
    }

    void headGivesTheHeadOnly()
    {
        RawHttpClient client(m_server->port());
        QVERIFY(client.connectToServer());
        client.send(RawHttpClient::request("HEAD", "/widget.js"));
        QVERIFY(waitUntil([&] { return headArrived(client); }));
        QTest::qWait(100); // a body, if one were sent, would be here by now
        client.hasResponse();
        const QByteArray bytes = client.buffered();
        QVERIFY2(bytes.startsWith("HTTP/1.1 200"), bytes.left(40).constData());
        QVERIFY(bytes.endsWith("\r\n\r\n"));
        QVERIFY(bytes.contains("ETag: "));
    }

    void preflightFromASiteOrigin()
    {
        for (const QByteArray &path : {QByteArray("/api/agent/messages"), QByteArray("/api/agent/feedback"),
                                       QByteArray("/api/agent/thread/x/events")}) {
            const HttpResult answer = exchange(preflight(path, kShop));
            QCOMPARE(answer.status, 204);
            QCOMPARE(answer.header("Access-Control-Allow-Origin"), kShop);
            QCOMPARE(answer.header("Vary"), QByteArray("Origin"));
            QVERIFY(answer.header("Access-Control-Allow-Headers").contains("X-Thread-Token"));
            QVERIFY(answer.header("Access-Control-Allow-Headers").contains("X-Device-Id"));
            QVERIFY(answer.header("Access-Control-Allow-Methods").contains("POST"));
            QVERIFY(answer.header("Access-Control-Max-Age").toInt() > 0);
        }
        // The configured "http://localhost:8000/" was normalised to the form browsers send.
        QCOMPARE(exchange(preflight("/api/agent/messages", "http://localhost:8000")).status, 204);
    }

    void preflightFromAnotherOriginIsRefused()
    {
        const HttpResult answer = exchange(preflight("/api/agent/messages", kOther));
        QCOMPARE(answer.status, 403);
        QCOMPARE(answer.errorCode(), QStringLiteral("origin_not_allowed"));
        QVERIFY(!hasCorsHeaders(answer));
        // Admin routes are not open to other sites at all: no preflight is granted there.
        const HttpResult admin = exchange(preflight("/admin/agent/threads", kShop));
        QVERIFY(admin.status != 204);
        QVERIFY(!hasCorsHeaders(admin));
    }

    void actualRequestsCarryTheGrantForSiteOriginsOnly()
    {
        const HttpResult listed = exchange(postMessage(kShop, QStringLiteral("How long does delivery take?")));
        QCOMPARE(listed.status, 200);
        QCOMPARE(listed.header("Access-Control-Allow-Origin"), kShop);
        QCOMPARE(listed.header("Vary"), QByteArray("Origin"));
        QVERIFY(listed.header("Access-Control-Expose-Headers").contains("Retry-After"));

        const HttpResult other = exchange(postMessage(kOther, QStringLiteral("How long does delivery take?")));
        QCOMPARE(other.status, 200); // CORS is the browser's to enforce; the answer just carries no grant
        QVERIFY(!hasCorsHeaders(other));

        // Errors carry it too, so the widget can read them.
        const HttpResult missing = exchange(get("/api/agent/thread/00000000-0000-4000-8000-000000000000",
                                                {{"Origin", kShop}, {"X-Thread-Token", "nope"}}));
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.header("Access-Control-Allow-Origin"), kShop);
    }

    void eventStreamCarriesTheGrant()
    {
        const HttpResult opened = exchange(postMessage(kShop, QStringLiteral("How do I return an item?")));
        QCOMPARE(opened.status, 200);
        const QJsonObject body = opened.json();
        const QByteArray path = "/api/agent/thread/" + body.value(QStringLiteral("thread_id")).toString().toLatin1()
                                + "/events?token=" + body.value(QStringLiteral("thread_token")).toString().toLatin1();
        RawHttpClient client(m_server->port());
        QVERIFY(client.connectToServer());
        client.send(get(path, {{"Origin", kShop}, {"Accept", "text/event-stream"}}));
        QVERIFY(waitUntil([&] { return headArrived(client); }));
        const QByteArray head = client.buffered().left(client.buffered().indexOf("\r\n\r\n")).toLower();
        QVERIFY2(head.startsWith("http/1.1 200"), head.constData());
        QVERIFY(head.contains("content-type: text/event-stream"));
        QVERIFY(head.contains("access-control-allow-origin: https://shop.example"));
        client.abort();
    }

    void environmentReplacesTheFileList()
    {
        qputenv("SUPPORTD_SITE_ORIGINS", " http://localhost:9000 , https://other-shop.example");
        ServeOptions options = TestServer::defaultOptions();
        options.configFile = m_config->fileName();
        TestServer server(options);
        const bool started = server.start();
        qunsetenv("SUPPORTD_SITE_ORIGINS");
        QVERIFY2(started, qPrintable(server.errorString()));
        const auto status = [&](const QByteArray &origin) {
            return RawHttpClient::exchange(server.port(), preflight("/api/agent/messages", origin)).status;
        };
        QCOMPARE(status("http://localhost:9000"), 204);
        QCOMPARE(status("https://other-shop.example"), 204);
        QCOMPARE(status(kShop), 403);
    }

    void withoutOriginsNoSiteIsAllowed()
    {
        TestServer server; // no config file, no environment
        START_TEST_SERVER(server);
        QCOMPARE(RawHttpClient::exchange(server.port(), preflight("/api/agent/messages", kShop)).status, 403);
        // The demo page is same-origin: it needs none.
        QCOMPARE(RawHttpClient::exchange(server.port(), get("/")).status, 200);
    }

    void invalidSettingsAreRefused_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QString>("environment"); // "-": unset
        QTest::addColumn<QString>("mentions");
        QTest::newRow("origin with a path") << QByteArray("{\"web\": {\"origins\": [\"https://shop.example/x\"]}}") << "-"
                                            << "web.origins";
        QTest::newRow("wildcard") << QByteArray("{\"web\": {\"origins\": [\"*\"]}}") << "-" << "web.origins";
        QTest::newRow("not a list") << QByteArray("{\"web\": {\"origins\": \"https://shop.example\"}}") << "-"
                                    << "\"origins\" array";
        QTest::newRow("not strings") << QByteArray("{\"web\": {\"origins\": [1]}}") << "-" << "web.origins";
        QTest::newRow("web not an object") << QByteArray("{\"web\": [\"https://shop.example\"]}") << "-" << "\"web\"";
        QTest::newRow("not json") << QByteArray("{\"web\": secret-value") << "-" << "not a JSON object";
        QTest::newRow("environment") << QByteArray("{}") << "https://shop.example,ftp://x" << "SUPPORTD_SITE_ORIGINS";
    }

    void invalidSettingsAreRefused()
    {
        QFETCH(QByteArray, file);
        QFETCH(QString, environment);
        QFETCH(QString, mentions);
        const auto config = configFile(file);
        QProcessEnvironment env;
        if (environment != QLatin1String("-"))
            env.insert(QStringLiteral("SUPPORTD_SITE_ORIGINS"), environment);
        WebConfig web;
        QString error;
        QVERIFY(!WebConfig::load(config->fileName(), env, &web, &error));
        QVERIFY2(error.contains(mentions), qPrintable(error));
        QVERIFY2(!error.contains(QLatin1String("secret-value")), qPrintable(error));
    }

    void anInvalidOriginStopsTheStart()
    {
        const auto config = configFile("{\"web\": {\"origins\": [\"shop.example\"]}}");
        ServeOptions options = TestServer::defaultOptions();
        options.configFile = config->fileName();
        TestServer server(options);
        QVERIFY(!server.start());
        QVERIFY2(server.errorString().contains(QLatin1String("\"shop.example\" is not a site origin")),
                 qPrintable(server.errorString()));
    }
};

QTEST_GUILESS_MAIN(TestWebChannel)
#include "tst_webchannel.moc"

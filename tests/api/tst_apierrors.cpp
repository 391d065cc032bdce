#include "support/apiclient.h"
#include "support/rawhttpclient.h"
#include "support/testserver.h"

#include <QJsonArray>
#include <QTest>
#include <memory>

namespace {

QByteArray message(const QByteArray &userMessageJson)
{
    return "{\"user_msg\":" + userMessageJson + '}';
}

QByteArray quoted(const QString &text)
{
    return '"' + text.toUtf8() + '"';
}

} // namespace

// Every kind of bad request the agent API can get, sent as raw bytes: each
// gets its status and a JSON error, and no error ever shows internals.
class TestApiErrors : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;

private slots:
    void initTestCase()
    {
        m_server = std::make_unique<TestServer>();
        START_TEST_SERVER(*m_server);
    }

    void cleanupTestCase() { m_server.reset(); }

    void badRequest_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("contentType"); // null: no Content-Type header
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QByteArray>("allow"); // for 405

        const QByteArray post = "POST";
        const QByteArray messages = "/api/agent/messages";
        const QByteArray json = "application/json";
        const auto row = [&](const char *name, const QByteArray &body, int status, const char *code) {
            QTest::newRow(name) << post << messages << json << body << status << QString::fromLatin1(code) << QByteArray();
        };

        // 400: not JSON, or JSON of the wrong shape or types.
        row("truncated JSON", "{\"user_msg\":\"How long", 400, "malformed_json");
        row("truncated after a key", "{\"user_msg\"", 400, "malformed_json");
        row("not JSON at all", "user_msg=hello", 400, "malformed_json");
        row("empty body", "", 400, "bad_request");
        row("top-level array", "[\"How long does delivery take?\"]", 400, "bad_request");
        row("top-level number", "42", 400, "");
        row("user_msg missing", "{\"message\":\"hi\"}", 400, "bad_request");
        row("user_msg null", "{\"user_msg\":null}", 400, "bad_request");
        row("user_msg a number", message("42"), 400, "bad_request");
        row("user_msg an array", message("[\"hi\"]"), 400, "bad_request");
        row("user_msg an object", message("{\"text\":\"hi\"}"), 400, "bad_request");
        row("user_msg true", message("true"), 400, "bad_request");
        row("thread_id an object", "{\"user_msg\":\"hi\",\"thread_id\":{\"id\":\"x\"}}", 400, "bad_request");
        row("thread_id a number", "{\"user_msg\":\"hi\",\"thread_id\":12}", 400, "bad_request");
        row("channel unknown", "{\"user_msg\":\"hi\",\"channel\":\"fax\"}", 400, "bad_request");
        row("channel a number", "{\"user_msg\":\"hi\",\"channel\":1}", 400, "bad_request");
        row("channel empty", "{\"user_msg\":\"hi\",\"channel\":\"\"}", 400, "bad_request");

        // 422: well-formed, but not text a person can have typed.
        row("user_msg empty", message("\"\""), 422, "invalid_message");
        row("user_msg only spaces", message("\"   \""), 422, "invalid_message");
        row("user_msg only whitespace", message("\" \\t\\n\\r \""), 422, "invalid_message");
        row("user_msg 4001 characters", message(quoted(QString(4001, QLatin1Char('a')))), 422, "invalid_message");
        row("user_msg 4001 emoji", message(quoted(QString(QStringLiteral("😀")).repeated(4001))), 422,
            "invalid_message");
        row("invalid UTF-8 byte", message("\"caf\xe9\""), 422, "invalid_utf8");
        row("invalid UTF-8, overlong", message("\"\xc0\xaf\""), 422, "invalid_utf8");
        row("invalid UTF-8, surrogate bytes", message("\"\xed\xa0\x80\""), 422, "invalid_utf8");
        row("lone surrogate escape", message("\"\\ud800\""), 422, "invalid_message");
        row("lone low surrogate escape", message("\"a\\udc00b\""), 422, "invalid_message");
        row("NUL escape", message("\"a\\u0000b\""), 422, "invalid_message");
        row("ESC escape", message("\"\\u001b[2J\""), 422, "invalid_message");
        row("raw ESC byte", message("\"a\x1b[2Jb\""), 422, "invalid_message");
        row("DEL", message("\"a\\u007fb\""), 422, "invalid_message");
        row("C1 control", message("\"a\\u0085b\""), 422, "invalid_message");

        // Accepted at the edges.
        row("4000 characters", message(quoted(QString(4000, QLatin1Char('a')))), 200, "");
        row("4000 emoji", message(quoted(QString(QStringLiteral("😀")).repeated(4000))), 200, "");
        row("tab and newline", message("\"Hello,\\n\\twhere is my parcel?\""), 200, "");
        row("escaped emoji pair", message("\"thanks \\ud83d\\ude00\""), 200, "");

        // 415: not sent as JSON.
        QTest::newRow("no content type") << post << messages << QByteArray() << message("\"hi\"") << 415
                                         << "unsupported_media_type" << QByteArray();
        QTest::newRow("text/plain") << post << messages << QByteArray("text/plain") << message("\"hi\"") << 415
                                    << "unsupported_media_type" << QByteArray();
        QTest::newRow("form encoded") << post << messages << QByteArray("application/x-www-form-urlencoded")
                                      << QByteArray("user_msg=hi") << 415 << "unsupported_media_type" << QByteArray();
        QTest::newRow("JSON in latin1") << post << messages << QByteArray("application/json; charset=latin1")
                                        << message("\"hi\"") << 415 << "unsupported_media_type" << QByteArray();

        // 413: over 64 KiB, even when the JSON inside would be fine.
        QTest::newRow("64 KiB + 1") << post << messages << json
                                    << message(quoted(QString(64 * 1024 + 1 - 14, QLatin1Char('a')))) << 413
                                    << "payload_too_large" << QByteArray();

        // 404 and 405 from the router.
        QTest::newRow("unknown route") << QByteArray("GET") << QByteArray("/api/agent/nothing") << QByteArray()
                                       << QByteArray() << 404 << "not_found" << QByteArray();
        QTest::newRow("unknown route under admin") << QByteArray("GET") << QByteArray("/admin/secrets") << QByteArray()
                                                   << QByteArray() << 404 << "not_found" << QByteArray();
        QTest::newRow("thread without id") << QByteArray("GET") << QByteArray("/api/agent/thread/") << QByteArray()
                                           << QByteArray() << 404 << "not_found" << QByteArray();
        QTest::newRow("path traversal") << QByteArray("GET") << QByteArray("/api/agent/../../etc/passwd") << QByteArray()
                                        << QByteArray() << 404 << "not_found" << QByteArray();
        QTest::newRow("GET messages") << QByteArray("GET") << messages << QByteArray() << QByteArray() << 405
                                      << "method_not_allowed" << QByteArray("POST");
        QTest::newRow("DELETE messages") << QByteArray("DELETE") << messages << QByteArray() << QByteArray() << 405
                                         << "method_not_allowed" << QByteArray("POST");
        QTest::newRow("POST thread") << post << QByteArray("/api/agent/thread/3f2b8c1e-9d4a-4e6b-8a7c-1d2e3f4a5b6c")
                                     << json << QByteArray("{}") << 405 << "method_not_allowed" << QByteArray("GET");
        QTest::newRow("PUT feedback") << QByteArray("PUT") << QByteArray("/api/agent/feedback") << json
                                      << QByteArray("{}") << 405 << "method_not_allowed" << QByteArray("POST");
        QTest::newRow("GET login") << QByteArray("GET") << QByteArray("/api/auth/login") << QByteArray() << QByteArray()
                                   << 405 << "method_not_allowed" << QByteArray("POST");
        QTest::newRow("POST healthz") << post << QByteArray("/healthz") << json << QByteArray("{}") << 405
                                      << "method_not_allowed" << QByteArray("GET");

        // The other JSON endpoints go through the same gates.
        QTest::newRow("feedback truncated") << post << QByteArray("/api/agent/feedback") << json
                                            << QByteArray("{\"rating\":") << 400 << "malformed_json" << QByteArray();
        QTest::newRow("feedback not JSON") << post << QByteArray("/api/agent/feedback") << QByteArray("text/plain")
                                           << QByteArray("up") << 415 << "unsupported_media_type" << QByteArray();
        QTest::newRow("login truncated") << post << QByteArray("/api/auth/login") << json << QByteArray("{\"username\":")
                                         << 400 << "malformed_json" << QByteArray();
        QTest::newRow("login wrong types") << post << QByteArray("/api/auth/login") << json
                                           << QByteArray("{\"username\":1,\"password\":[\"x\"]}") << 400 << "bad_request"
                                           << QByteArray();
        QTest::newRow("login invalid UTF-8") << post << QByteArray("/api/auth/login") << json
                                             << QByteArray("{\"username\":\"\xff\",\"password\":\"x\"}") << 422
                                             << "invalid_utf8" << QByteArray();
    }

    void badRequest()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, path);
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, code);
        QFETCH(QByteArray, allow);

        RawHttpClient::Headers headers{{"Connection", "close"}};
        if (!contentType.isNull())
            headers.append({"Content-Type", contentType});
        const HttpResult result = RawHttpClient::exchange(m_server->port(), RawHttpClient::request(method, path, body, headers));
        QCOMPARE(result.status, status);
        if (status == 200) {
            QCOMPARE(result.json().value(QStringLiteral("message")).toObject().value(QStringLiteral("role")).toString(),
                     QStringLiteral("assistant"));
            return;
        }
        QCOMPARE(result.header("Content-Type"), QByteArray("application/json"));
        const QJsonObject error = result.json().value(QStringLiteral("error")).toObject();
        QVERIFY2(!error.value(QStringLiteral("code")).toString().isEmpty(), result.body.constData());
        QVERIFY2(!error.value(QStringLiteral("message")).toString().isEmpty(), result.body.constData());
        if (!code.isEmpty())
            QCOMPARE(error.value(QStringLiteral("code")).toString(), code);
        if (!allow.isEmpty())
            QCOMPARE(result.header("Allow"), allow);
        const QString leak = leakIn(result.body);
        QVERIFY2(leak.isEmpty(), qPrintable(QStringLiteral("%1 in %2").arg(leak, QString::fromUtf8(result.body))));
    }

    void serverStillAnswersAfterwards()
    {
        ApiClient client(m_server->port());
        QCOMPARE(client.get(QStringLiteral("/healthz")).status, 200);
        QCOMPARE(client.get(QStringLiteral("/readyz")).status, 200);
        // Only the rows that were accepted opened threads.
        const HttpResult turn = client.sendMessage(QStringLiteral("How long does delivery take?"));
        QCOMPARE(turn.status, 200);
    }
};

QTEST_GUILESS_MAIN(TestApiErrors)
#include "tst_apierrors.moc"

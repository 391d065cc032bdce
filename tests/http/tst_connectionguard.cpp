#include "support/eventwait.h"
#include "support/rawhttpclient.h"

#include "http/httpserver.h"

#include <QJsonObject>
#include <QSemaphore>
#include <QTest>
#include <QThread>
#include <memory>
#include <optional>

// The connection guard and HttpReply, through a real HttpServer on a free
// port, driven byte by byte with raw sockets.
class TestConnectionGuard : public QObject
{
    Q_OBJECT

private:
    void startServer(const ConnectionLimits &limits = {})
    {
        m_server = std::make_unique<HttpServer>(limits);
        m_server->router().add("POST", QStringLiteral("/echo"), [this](const HttpRequest &request, const HttpReply &reply) {
            ++m_echoCalls;
            m_lastBody = request.body;
            reply.send(HttpResponse::json({{QStringLiteral("bytes"), request.body.size()}}));
        });
        m_server->router().add("GET", QStringLiteral("/hello"), [this](const HttpRequest &, const HttpReply &reply) {
            ++m_helloCalls;
            reply.send(HttpResponse::json({{QStringLiteral("hello"), true}}));
        });
        // Keeps the reply for a worker thread to send when the test says so.
        m_server->router().add("GET", QStringLiteral("/later"), [this](const HttpRequest &, const HttpReply &reply) {
            ++m_laterCalls;
            m_parked = reply;
        });
        m_port = m_server->listenOn(QHostAddress::LocalHost, 0);
        QVERIFY2(m_port != 0, qPrintable(m_server->errorString()));
    }

    static QByteArray post(qint64 contentLength, const QByteArray &body = {}, const QByteArray &extraHeaders = {})
    {
        return "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + extraHeaders
               + "Content-Length: " + QByteArray::number(contentLength) + "\r\n\r\n" + body;
    }

    static void verifyJsonError(const HttpResult &result, int status, const QString &code)
    {
        QCOMPARE(result.status, status);
        QCOMPARE(result.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(result.errorCode(), code);
        QVERIFY(!result.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString().isEmpty());
    }

    std::unique_ptr<HttpServer> m_server;
    quint16 m_port = 0;
    int m_echoCalls = 0;
    int m_helloCalls = 0;
    int m_laterCalls = 0;
    QByteArray m_lastBody;
    std::optional<HttpReply> m_parked;

private slots:
    void init()
    {
        m_echoCalls = m_helloCalls = m_laterCalls = 0;
        m_lastBody.clear();
        m_parked.reset();
        startServer();
    }

    void cleanup()
    {
        m_parked.reset();
        m_server.reset();
    }

    void bodyAtTheLimitReachesTheHandler()
    {
        const QByteArray body(64 * 1024, 'x');
        RawHttpClient client(m_port);
        QVERIFY(client.connectToServer());
        client.send(post(body.size(), body));
        const auto response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->json().value(QStringLiteral("bytes")).toInt(), body.size());
        QCOMPARE(m_echoCalls, 1);
        QCOMPARE(m_lastBody, body);
    }

    void bodyOverTheLimitIsRefused_data()
    {
        QTest::addColumn<qint64>("contentLength");
        QTest::addColumn<bool>("sendBody");
        QTest::newRow("64 KiB + 1, body sent with the head") << qint64(64 * 1024 + 1) << true;
        QTest::newRow("64 KiB + 1, head only") << qint64(64 * 1024 + 1) << false;
        // Refused from the head alone: the client never has to send 100 MB.
        QTest::newRow("100 MB announced, no body") << qint64(100) * 1024 * 1024 << false;
        QTest::newRow("larger than qint32") << (qint64(1) << 40) << false;
    }

    void bodyOverTheLimitIsRefused()
    {
        QFETCH(qint64, contentLength);
        QFETCH(bool, sendBody);
        RawHttpClient client(m_port);
        QVERIFY(client.connectToServer());
        client.send(post(contentLength, sendBody ? QByteArray(contentLength, 'x') : QByteArray()));
        const auto response = client.readResponse();
        QVERIFY(response);
        verifyJsonError(*response, 413, QStringLiteral("payload_too_large"));
        QCOMPARE(response->header("Connection").toLower(), QByteArray("close"));
        QVERIFY(client.waitForClosed());
        QCOMPARE(m_echoCalls, 0);
    }

    void largerLimitForAuthorisedRequestsUnderAPrefix_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("authorization"); // empty: no header
        QTest::addColumn<qint64>("size");
        QTest::addColumn<int>("status");
        const QByteArray bearer = "Bearer 0123456789abcdef";
        const qint64 mib = 1024 * 1024;
        QTest::newRow("1 MiB authorised PUT to the KB route") << QByteArray("PUT") << QByteArray("/admin/agent/kb/x") << bearer << mib << 200;
        QTest::newRow("1 MiB authorised POST to the prefix itself, with a query")
            << QByteArray("POST") << QByteArray("/admin/agent/kb?dry=1") << bearer << mib << 200;
        QTest::newRow("scheme in lower case") << QByteArray("PUT") << QByteArray("/admin/agent/kb/x") << QByteArray("bearer abc") << mib << 200;
        QTest::newRow("exactly the raised limit") << QByteArray("PUT") << QByteArray("/admin/agent/kb/x") << bearer << 6 * mib << 200;
        QTest::newRow("1 byte over the raised limit") << QByteArray("PUT") << QByteArray("/admin/agent/kb/x") << bearer << 6 * mib + 1 << 413;
        QTest::newRow("1 MiB authorised to another route") << QByteArray("POST") << QByteArray("/api/agent/messages") << bearer << mib << 413;
        QTest::newRow("1 MiB unauthorised to the KB route") << QByteArray("PUT") << QByteArray("/admin/agent/kb/x") << QByteArray() << mib << 413;
        QTest::newRow("Basic is not a bearer token") << QByteArray("PUT") << QByteArray("/admin/agent/kb/x") << QByteArray("Basic YTpi") << mib << 413;
        QTest::newRow("bearer with no token") << QByteArray("PUT") << QByteArray("/admin/agent/kb/x") << QByteArray("Bearer") << mib << 413;
        QTest::newRow("a path that only starts like the prefix") << QByteArray("PUT") << QByteArray("/admin/agent/kbx") << bearer << mib << 413;
        QTest::newRow("dot segments out of the prefix")
            << QByteArray("POST") << QByteArray("/admin/agent/kb/../../../api/agent/messages") << bearer << mib << 413;
        QTest::newRow("escaped dot segments") << QByteArray("POST") << QByteArray("/admin/agent/kb/%2e%2e/%2e%2e/x") << bearer << mib << 413;
        QTest::newRow("64 KiB + 1 anywhere else, authorised") << QByteArray("POST") << QByteArray("/echo") << bearer << qint64(64 * 1024 + 1) << 413;
    }

    void largerLimitForAuthorisedRequestsUnderAPrefix()
    {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, path);
        QFETCH(QByteArray, authorization);
        QFETCH(qint64, size);
        QFETCH(int, status);
        ConnectionLimits limits;
        limits.authorizedBodyLimits.append({"/admin/agent/kb", 6 * 1024 * 1024});
        startServer(limits);
        int kbCalls = 0, messageCalls = 0;
        qsizetype received = -1;
        const auto kbHandler = [&kbCalls, &received](const HttpRequest &request, const HttpReply &reply) {
            ++kbCalls;
            received = request.body.size();
            reply.send(HttpResponse::json({{QStringLiteral("bytes"), request.body.size()}}));
        };
        m_server->router().add("PUT", QStringLiteral("/admin/agent/kb/{id}"), kbHandler);
        m_server->router().add("POST", QStringLiteral("/admin/agent/kb"), kbHandler);
        m_server->router().add("POST", QStringLiteral("/api/agent/messages"), [&messageCalls](const HttpRequest &, const HttpReply &reply) {
            ++messageCalls;
            reply.send(HttpResponse::json({}));
        });

        RawHttpClient client(m_port);
        QVERIFY(client.connectToServer());
        RawHttpClient::Headers headers{{"Content-Type", "application/json"},
                                       {"Content-Length", QByteArray::number(size)}};
        if (!authorization.isEmpty())
            headers.append({"Authorization", authorization});
        // A refused request is refused from its head: only an accepted one sends its body.
        client.send(RawHttpClient::request(method, path, {}, headers));
        if (status == 200)
            client.send(QByteArray(size, 'x'));
        const auto response = client.readResponse(20000);
        QVERIFY(response);
        if (status == 200) {
            QCOMPARE(response->status, 200);
            QCOMPARE(response->json().value(QStringLiteral("bytes")).toInteger(), size);
            QCOMPARE(kbCalls, 1);
            QCOMPARE(received, size);
            return;
        }
        verifyJsonError(*response, 413, QStringLiteral("payload_too_large"));
        QVERIFY(client.waitForClosed());
        QCOMPARE(kbCalls + messageCalls + m_echoCalls, 0);
    }

    void anonymousLimitIsNamedInThe413()
    {
        // The message names the limit that applied, not the raised one.
        ConnectionLimits limits;
        limits.authorizedBodyLimits.append({"/admin/agent/kb", 6 * 1024 * 1024});
        startServer(limits);
        auto response = RawHttpClient::exchange(
            m_port, RawHttpClient::request("PUT", "/admin/agent/kb/x", {}, {{"Content-Length", "1048576"}}));
        verifyJsonError(response, 413, QStringLiteral("payload_too_large"));
        QVERIFY(response.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString().contains(QStringLiteral("64 KiB")));
        response = RawHttpClient::exchange(
            m_port, RawHttpClient::request("PUT", "/admin/agent/kb/x", {},
                                           {{"Content-Length", "7340032"}, {"Authorization", "Bearer t"}}));
        verifyJsonError(response, 413, QStringLiteral("payload_too_large"));
        QVERIFY(response.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString().contains(QStringLiteral("6144 KiB")));
    }

    void expectContinueIsAnswered()
    {
        const QByteArray body = "{\"user_msg\":\"hello\"}";
        RawHttpClient client(m_port);
        QVERIFY(client.connectToServer());
        client.send(post(body.size(), {}, "Expect: 100-continue\r\n"));
        // The interim answer comes while the client still holds the body back.
        const auto interim = client.readResponse();
        QVERIFY(interim);
        QCOMPARE(interim->status, 100);
        QCOMPARE(m_echoCalls, 0);
        client.send(body);
        const auto response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(m_lastBody, body);
        QCOMPARE(m_echoCalls, 1);
    }

    void expectContinueWithOversizeBodyGetsOnly413()
    {
        RawHttpClient client(m_port);
        QVERIFY(client.connectToServer());
        client.send(post(1024 * 1024, {}, "Expect: 100-continue\r\n"));
        const auto response = client.readResponse();
        QVERIFY(response);
        verifyJsonError(*response, 413, QStringLiteral("payload_too_large"));
        QVERIFY(client.waitForClosed());
        QVERIFY2(!client.buffered().contains("100 Continue"), client.buffered().constData());
    }

    void headersOverTheLimit_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<int>("status");
        const QByteArray start = "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        QTest::newRow("one header of 17 KiB") << start + "X-Big: " + QByteArray(17 * 1024, 'a') + "\r\n\r\n" << 431;
        QTest::newRow("head that never ends") << start + "X-Big: " + QByteArray(17 * 1024, 'a') << 431;
        QByteArray many = start;
        for (int i = 0; i < 600; ++i)
            many += "X-Header-" + QByteArray::number(i) + ": " + QByteArray(20, 'v') + "\r\n";
        QTest::newRow("600 small headers") << many + "\r\n" << 431;
        QTest::newRow("15 KiB is still fine") << start + "X-Big: " + QByteArray(15 * 1024, 'a') + "\r\n\r\n" << 200;
    }

    void headersOverTheLimit()
    {
        QFETCH(QByteArray, head);
        QFETCH(int, status);
        RawHttpClient client(m_port);
        QVERIFY(client.connectToServer());
        client.send(head);
        const auto response = client.readResponse();
        QVERIFY(response);
        if (status == 200) {
            QCOMPARE(response->status, 200);
            QCOMPARE(m_helloCalls, 1);
            return;
        }
        verifyJsonError(*response, 431, QStringLiteral("headers_too_large"));
        QVERIFY(client.waitForClosed());
        QCOMPARE(m_helloCalls, 0);
    }

    void framingRefused_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        const QByteArray start = "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
        QTest::newRow("chunked") << start + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n" << 411
                                 << "length_required";
        QTest::newRow("chunked, odd case") << start + "transfer-encoding: Chunked\r\n\r\n" << 411 << "length_required";
        QTest::newRow("chunked and a length") << start + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\nhello"
                                              << 411 << "length_required";
        QTest::newRow("length not a number") << start + "Content-Length: abc\r\n\r\n" << 400 << "bad_request";
        QTest::newRow("negative length") << start + "Content-Length: -1\r\n\r\n" << 400 << "bad_request";
        QTest::newRow("two different lengths") << start + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!" << 400
                                               << "bad_request";
    }

    void framingRefused()
    {
        QFETCH(QByteArray, head);
        QFETCH(int, status);
        QFETCH(QString, code);
        RawHttpClient client(m_port);
        QVERIFY(client.connectToServer());
        client.send(head);
        const auto response = client.readResponse();
        QVERIFY(response);
        verifyJsonError(*response, status, code);
        QVERIFY(client.waitForClosed());
        QCOMPARE(m_echoCalls, 0);
    }

    void keepAliveAnswersEveryRequest_data()
    {
        QTest::addColumn<bool>("pipelined");
        QTest::newRow("one after the other") << false;
        QTest::newRow("pipelined in one write") << true;
    }

    void keepAliveAnswersEveryRequest()
    {
        QFETCH(bool, pipelined);
        const QByteArray first = "{\"n\":1}";
        const QByteArray second = "{\"n\":22}";
        RawHttpClient client(m_port);
        QVERIFY(client.connectToServer());
        client.send(post(first.size(), first));
        if (pipelined)
            client.send(post(second.size(), second));
        auto response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->json().value(QStringLiteral("bytes")).toInt(), first.size());
        if (!pipelined)
            client.send(post(second.size(), second));
        response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->json().value(QStringLiteral("bytes")).toInt(), second.size());
        QCOMPARE(m_echoCalls, 2);
        QVERIFY(!client.isClosed());
    }

    void headIsAnsweredWithoutABody()
    {
        // HEAD runs the GET handler, but a body in the answer would be read as
        // the start of the next response on this connection.
        RawHttpClient client(m_port);
        QVERIFY(client.connectToServer());
        client.send("HEAD /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        client.send("GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QVERIFY(waitUntil([&client] {
            client.hasResponse();
            return client.buffered().count("HTTP/1.1 200") == 2 && client.buffered().endsWith('}');
        }));
        const QByteArray bytes = client.buffered();
        const qsizetype firstHeadEnd = bytes.indexOf("\r\n\r\n");
        QVERIFY(firstHeadEnd > 0);
        QVERIFY2(bytes.mid(firstHeadEnd + 4).startsWith("HTTP/1.1 200"), bytes.constData());
        QCOMPARE(m_helloCalls, 2);
    }

    void replyAfterTheClientLeftIsDropped_data()
    {
        QTest::addColumn<bool>("serverNoticedFirst");
        QTest::newRow("server saw the disconnect") << true;
        QTest::newRow("reply races the disconnect") << false;
    }

    void replyAfterTheClientLeftIsDropped()
    {
        QFETCH(bool, serverNoticedFirst);
        {
            RawHttpClient client(m_port);
            QVERIFY(client.connectToServer());
            client.send("GET /later HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            QTRY_COMPARE(m_laterCalls, 1);
            QVERIFY(m_parked);
            client.abort();
            if (serverNoticedFirst)
                QTRY_VERIFY(!m_parked->isConnected());
        }
        // The worker holds its own copy of the reply and answers from its thread.
        QSemaphore go;
        const HttpReply reply = *m_parked;
        std::unique_ptr<QThread> worker(QThread::create([&go, reply] {
            go.acquire();
            reply.send(HttpResponse::json({{QStringLiteral("late"), true}}));
        }));
        worker->start();
        m_parked.reset();
        go.release();
        QVERIFY(worker->wait(5000));

        // The queued write runs on the server's thread; afterwards it still serves.
        RawHttpClient next(m_port);
        QVERIFY(next.connectToServer());
        next.send("GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        const auto response = next.readResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(m_helloCalls, 1);
    }

    void replyFromWorkerReachesAConnectedClient()
    {
        RawHttpClient client(m_port);
        QVERIFY(client.connectToServer());
        client.send("GET /later HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QTRY_COMPARE(m_laterCalls, 1);
        const HttpReply reply = *m_parked;
        std::unique_ptr<QThread> worker(QThread::create([reply] {
            reply.send(HttpResponse::json({{QStringLiteral("late"), true}}));
            reply.send(HttpResponse::json({{QStringLiteral("twice"), true}})); // ignored: the first send wins
        }));
        worker->start();
        QVERIFY(worker->wait(5000));
        const auto response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->json(), QJsonObject({{QStringLiteral("late"), true}}));
        QVERIFY(!client.hasResponse());
        QVERIFY(!waitUntil([&client] { return client.hasResponse(); }, 200));
    }

    void idleConnectionIsClosed_data()
    {
        QTest::addColumn<QByteArray>("sent");
        QTest::newRow("silent") << QByteArray();
        QTest::newRow("half a head") << QByteArray("GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        QTest::newRow("body never finished") << post(100, "{\"a\":");
        QTest::newRow("after an answered request") << QByteArray("GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    }

    void idleConnectionIsClosed()
    {
        QFETCH(QByteArray, sent);
        ConnectionLimits limits;
        limits.idleTimeoutMs = 200;
        startServer(limits);
        RawHttpClient client(m_port);
        QVERIFY(client.connectToServer());
        if (!sent.isEmpty())
            client.send(sent);
        QVERIFY(client.waitForClosed(5000));
        QCOMPARE(m_echoCalls, 0);
    }

    void slowReplyOutlivesTheIdleLimit()
    {
        // A connection the server owes an answer is not idle, however long the answer takes.
        ConnectionLimits limits;
        limits.idleTimeoutMs = 200;
        startServer(limits);
        RawHttpClient client(m_port);
        QVERIFY(client.connectToServer());
        client.send("GET /later HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QTRY_COMPARE(m_laterCalls, 1);
        QVERIFY(!waitUntil([&client] { return client.hasResponse(); }, 700)); // 3.5 idle limits pass
        m_parked->send(HttpResponse::json({{QStringLiteral("slow"), true}}));
        const auto response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->json(), QJsonObject({{QStringLiteral("slow"), true}}));
        QVERIFY(client.waitForClosed(5000)); // and once answered, idleness counts again
    }

    void unknownRouteAndMethodAreJson()
    {
        auto response = RawHttpClient::exchange(m_port, "GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n");
        verifyJsonError(response, 404, QStringLiteral("not_found"));
        response = RawHttpClient::exchange(m_port, "DELETE /echo HTTP/1.1\r\nHost: x\r\n\r\n");
        verifyJsonError(response, 405, QStringLiteral("method_not_allowed"));
        QCOMPARE(response.header("Allow"), QByteArray("POST"));
    }
};

QTEST_GUILESS_MAIN(TestConnectionGuard)
#include "tst_connectionguard.moc"

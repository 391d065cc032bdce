#include "support/eventwait.h"
#include "support/liveclients.h"
#include "support/rawhttpclient.h"

#include "http/httpserver.h"
#include "http/httpstream.h"

#include <QNetworkProxy>
#include <QPointer>
#include <QTest>
#include <QWebSocket>
#include <memory>

// Long-lived responses through a real HttpServer: event streams
// (HttpReply::stream) and WebSocket endpoints (Router::addWebSocket), and
// that the connection guard's idle timeout leaves both alone.
class TestHttpStream : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<HttpServer> m_server;
    quint16 m_port = 0;
    QPointer<HttpStream> m_stream;
    QPointer<QWebSocket> m_socket;
    int m_checks = 0;

private slots:
    void init()
    {
        ConnectionLimits limits;
        limits.idleTimeoutMs = 300;
        m_server = std::make_unique<HttpServer>(limits);
        m_server->router().add("GET", QStringLiteral("/stream"), [this](const HttpRequest &, const HttpReply &reply) {
            HttpResponse head;
            head.contentType = "text/event-stream";
            head.body = "retry: 1000\n\n";
            reply.stream(head, [this](HttpStream *stream) { m_stream = stream; });
        });
        m_server->router().addWebSocket(
            QStringLiteral("/socket/{name}"),
            [this](const HttpRequest &request) -> std::optional<HttpResponse> {
                ++m_checks;
                if (request.header("authorization") != "Bearer yes")
                    return HttpResponse::error(401, QStringLiteral("unauthorized"), QStringLiteral("sign in first"));
                return std::nullopt;
            },
            [this](QWebSocket *socket, const HttpRequest &request) {
                m_socket = socket;
                socket->sendTextMessage(QStringLiteral("hello ") + request.param(QStringLiteral("name")));
            });
        m_port = m_server->listenOn(QHostAddress::LocalHost, 0);
        QVERIFY(m_port != 0);
        m_checks = 0;
    }

    void cleanup() { m_server.reset(); }

    void streamOutlivesTheIdleTimeout()
    {
        EventStreamClient client(m_port);
        QCOMPARE(client.open("/stream"), 200);
        QCOMPARE(client.head().header("Content-Type"), QByteArray("text/event-stream"));
        QVERIFY(client.head().header("Content-Length").isEmpty());
        QVERIFY(waitUntil([this] { return !m_stream.isNull(); }));
        QTest::qWait(900); // three idle timeouts
        QVERIFY(!client.isClosed());
        QVERIFY(m_stream->write("id: 1\nevent: ping\ndata: {\"n\":1}\n\n"));
        QVERIFY(client.waitForEvents(1));
        QCOMPARE(client.events().first().data.value(QStringLiteral("n")).toInt(), 1);
        QVERIFY(client.raw().startsWith("retry: 1000\n\n"));
        // Ending the stream closes the connection.
        m_stream->close();
        QVERIFY(waitUntil([&] {
            client.raw();
            return client.isClosed();
        }));
    }

    void streamNoticesAClientThatLeft()
    {
        EventStreamClient client(m_port);
        QCOMPARE(client.open("/stream"), 200);
        QVERIFY(waitUntil([this] { return !m_stream.isNull(); }));
        client.close();
        QVERIFY(waitUntil([this] { return m_stream.isNull() || !m_stream->isOpen(); }));
        if (m_stream)
            QVERIFY(!m_stream->write("data: x\n\n"));
    }

    void webSocketOutlivesTheIdleTimeout()
    {
        QWebSocket socket;
        socket.setProxy(QNetworkProxy::NoProxy);
        QStringList received;
        connect(&socket, &QWebSocket::textMessageReceived, this, [&](const QString &text) { received.append(text); });
        QNetworkRequest request(QUrl(QStringLiteral("ws://127.0.0.1:%1/socket/ana").arg(m_port)));
        request.setRawHeader("Authorization", "Bearer yes");
        socket.open(request);
        QVERIFY(waitUntil([&] { return received.size() == 1; }));
        QCOMPARE(received.first(), QStringLiteral("hello ana"));
        QTest::qWait(900);
        QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
        QVERIFY(m_socket);
        m_socket->sendTextMessage(QStringLiteral("still here"));
        QVERIFY(waitUntil([&] { return received.size() == 2; }));
        socket.close();
        // The server deletes its end when it disconnects.
        QVERIFY(waitUntil([this] { return m_socket.isNull(); }));
    }

    void refusedUpgradeGetsTheCheckersAnswer_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("authorization");
        QTest::addColumn<int>("status");
        QTest::newRow("refused by the check") << QByteArray("/socket/ana") << QByteArray("Bearer no") << 401;
        QTest::newRow("no such endpoint") << QByteArray("/elsewhere") << QByteArray("Bearer yes") << 404;
        QTest::newRow("a plain route") << QByteArray("/stream") << QByteArray("Bearer yes") << 404;
    }

    void refusedUpgradeGetsTheCheckersAnswer()
    {
        QFETCH(QByteArray, path);
        QFETCH(QByteArray, authorization);
        QFETCH(int, status);
        RawHttpClient client(m_port);
        QVERIFY(client.connectToServer());
        client.send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nAuthorization: "
                    + authorization + "\r\n\r\n");
        const auto response = client.readResponse();
        QVERIFY(response);
        QCOMPARE(response->status, status);
        QVERIFY(!response->errorCode().isEmpty());
        QVERIFY(client.waitForClosed()); // no upgrade, no keep-alive
        QVERIFY(m_socket.isNull());
    }
};

QTEST_GUILESS_MAIN(TestHttpStream)
#include "tst_httpstream.moc"

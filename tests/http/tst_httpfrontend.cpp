#include "support/rawhttpclient.h"

#include "http/httpfrontend.h"

#include <QJsonObject>
#include <QMutex>
#include <QSet>
#include <QTcpServer>
#include <QTest>
#include <QThread>
#include <memory>

// Several I/O threads share one port (SO_REUSEPORT) and one router.
class TestHttpFrontend : public QObject
{
    Q_OBJECT

private slots:
    void threadsShareThePortAndTheRouter()
    {
        HttpFrontend frontend;
        QMutex mutex;
        QSet<QString> servingThreads;
        frontend.router().add("GET", QStringLiteral("/where"), [&](const HttpRequest &, const HttpReply &reply) {
            {
                QMutexLocker locker(&mutex);
                servingThreads.insert(QThread::currentThread()->objectName());
            }
            reply.send(HttpResponse::json({{QStringLiteral("thread"), QThread::currentThread()->objectName()}}));
        });
        const quint16 port = frontend.listen(QHostAddress::LocalHost, 0, 3);
        QVERIFY2(port != 0, qPrintable(frontend.errorString()));

        // Many fresh connections: the kernel spreads them across the listeners.
        for (int i = 0; i < 60; ++i) {
            const HttpResult result = RawHttpClient::exchange(port, "GET /where HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            QCOMPARE(result.status, 200);
            QVERIFY(result.json().value(QStringLiteral("thread")).toString().startsWith(QStringLiteral("http-io-")));
        }
        QVERIFY2(servingThreads.size() >= 2, "connections were not spread across I/O threads");
        QVERIFY(!servingThreads.contains(QThread::currentThread()->objectName())); // never the caller's thread

        // Unknown routes get JSON from every thread alike.
        const HttpResult missing = RawHttpClient::exchange(port, "GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.errorCode(), QStringLiteral("not_found"));

        frontend.stop();
        QCOMPARE(RawHttpClient::exchange(port, "GET /where HTTP/1.1\r\nHost: x\r\n\r\n", 1000).status, 0); // closed
    }

    // SUPPORTD_SERVER_TIMING=1 (the benchmarks) adds the server's own time to
    // each answer; by default answers do not tell it.
    void serverTimingOnlyWhenAsked()
    {
        HttpFrontend frontend;
        frontend.router().add("GET", QStringLiteral("/slow"), [](const HttpRequest &, const HttpReply &reply) {
            QThread::msleep(30); // the server's own time, as it will report it
            reply.send(HttpResponse::json({{QStringLiteral("ok"), true}}));
        });
        const quint16 port = frontend.listen(QHostAddress::LocalHost, 0, 1);
        QVERIFY2(port != 0, qPrintable(frontend.errorString()));
        const QByteArray request = "GET /slow HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";

        qunsetenv("SUPPORTD_SERVER_TIMING");
        const HttpResult quiet = RawHttpClient::exchange(port, request);
        QCOMPARE(quiet.status, 200);
        QVERIFY(quiet.header("Server-Timing").isEmpty());

        qputenv("SUPPORTD_SERVER_TIMING", "1");
        const HttpResult timed = RawHttpClient::exchange(port, request);
        qunsetenv("SUPPORTD_SERVER_TIMING");
        QCOMPARE(timed.status, 200);
        const QByteArray value = timed.header("Server-Timing");
        QVERIFY2(value.startsWith("app;dur="), value.constData());
        bool ok = false;
        const double ms = value.mid(8).toDouble(&ok);
        QVERIFY(ok);
        QVERIFY2(ms >= 30 && ms < 10000, value.constData());
        frontend.stop();
    }

    void portInUseIsReported()
    {
        HttpFrontend first;
        const quint16 port = first.listen(QHostAddress::LocalHost, 0, 1);
        QVERIFY(port != 0);
        QTcpServer plain; // a listener without SO_REUSEPORT on another free port
        QVERIFY(plain.listen(QHostAddress::LocalHost, 0));
        HttpFrontend second;
        QCOMPARE(second.listen(QHostAddress::LocalHost, plain.serverPort(), 1), quint16(0));
        QVERIFY(!second.errorString().isEmpty());
    }

    void rejectsNonIpAddresses()
    {
        HttpFrontend frontend;
        QCOMPARE(frontend.listen(QHostAddress(), 0, 1), quint16(0));
        QVERIFY(!frontend.errorString().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestHttpFrontend)
#include "tst_httpfrontend.moc"

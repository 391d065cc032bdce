#include "http/router.h"

#include <QTest>

namespace {

// A handler that only carries a name, so a test can tell which route matched
// without having to answer a request.
struct Tag
{
    QString name;
    void operator()(const HttpRequest &, const HttpReply &) const {}
};

Router makeRouter()
{
    Router router;
    router.add("GET", QStringLiteral("/healthz"), Tag{QStringLiteral("health")});
    router.add("POST", QStringLiteral("/api/agent/messages"), Tag{QStringLiteral("post-message")});
    router.add("GET", QStringLiteral("/api/agent/thread/{id}"), Tag{QStringLiteral("get-thread")});
    router.add("DELETE", QStringLiteral("/api/agent/thread/{id}"), Tag{QStringLiteral("delete-thread")});
    router.add("GET", QStringLiteral("/admin/traces/{trace}/spans/{span}"), Tag{QStringLiteral("get-span")});
    router.add("PUT", QStringLiteral("/items/special"), Tag{QStringLiteral("put-special")});
    router.add("PUT", QStringLiteral("/items/{id}"), Tag{QStringLiteral("put-item")});
    router.add("PATCH", QStringLiteral("/items/{id}"), Tag{QStringLiteral("patch-item")});
    return router;
}

} // namespace

// Route matching on its own: literal and {param} segments, 404 versus 405.
class TestRouter : public QObject
{
    Q_OBJECT

private slots:
    void match_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("route");      // empty: no handler
        QTest::addColumn<QStringList>("params"); // name=value
        QTest::addColumn<QByteArrayList>("allowed");

        const QByteArrayList none;
        QTest::newRow("exact") << QByteArray("GET") << "/healthz" << "health" << QStringList() << none;
        QTest::newRow("exact, trailing slash") << QByteArray("GET") << "/healthz/" << "health" << QStringList() << none;
        QTest::newRow("HEAD answers like GET") << QByteArray("HEAD") << "/healthz" << "health" << QStringList() << none;
        QTest::newRow("exact, deeper") << QByteArray("POST") << "/api/agent/messages" << "post-message" << QStringList()
                                       << none;
        QTest::newRow("param") << QByteArray("GET") << "/api/agent/thread/abc-123" << "get-thread"
                               << QStringList{"id=abc-123"} << none;
        QTest::newRow("param, other method") << QByteArray("DELETE") << "/api/agent/thread/x" << "delete-thread"
                                             << QStringList{"id=x"} << none;
        QTest::newRow("two params") << QByteArray("GET") << "/admin/traces/t1/spans/s2" << "get-span"
                                    << QStringList{"trace=t1", "span=s2"} << none;
        QTest::newRow("literal is case-sensitive") << QByteArray("GET") << "/HEALTHZ" << "" << QStringList() << none;
        QTest::newRow("unknown path") << QByteArray("GET") << "/nowhere" << "" << QStringList() << none;
        QTest::newRow("root") << QByteArray("GET") << "/" << "" << QStringList() << none;
        QTest::newRow("param missing") << QByteArray("GET") << "/api/agent/thread/" << "" << QStringList() << none;
        QTest::newRow("one segment too many") << QByteArray("GET") << "/api/agent/thread/a/b" << "" << QStringList()
                                              << none;
        QTest::newRow("prefix only") << QByteArray("POST") << "/api/agent" << "" << QStringList() << none;
        QTest::newRow("405 one method") << QByteArray("GET") << "/api/agent/messages" << "" << QStringList()
                                        << QByteArrayList{"POST"};
        QTest::newRow("405 on a param route lists all its methods")
            << QByteArray("POST") << "/api/agent/thread/abc" << "" << QStringList() << QByteArrayList{"GET", "DELETE"};
        QTest::newRow("literal before param: the first route added wins")
            << QByteArray("PUT") << "/items/special" << "put-special" << QStringList() << none;
        QTest::newRow("param route after a literal") << QByteArray("PUT") << "/items/7" << "put-item"
                                                     << QStringList{"id=7"} << none;
        QTest::newRow("405 lists a method once even when two routes match")
            << QByteArray("GET") << "/items/special" << "" << QStringList() << QByteArrayList{"PUT", "PATCH"};
        QTest::newRow("405 for HEAD where there is no GET")
            << QByteArray("HEAD") << "/api/agent/messages" << "" << QStringList() << QByteArrayList{"POST"};
        QTest::newRow("unknown method") << QByteArray("BREW") << "/healthz" << "" << QStringList()
                                        << QByteArrayList{"GET"};
    }

    void match()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QString, route);
        QFETCH(QStringList, params);
        QFETCH(QByteArrayList, allowed);

        const Router router = makeRouter();
        const Router::Match match = router.match(method, path);
        if (route.isEmpty()) {
            QVERIFY(!match.handler);
            QCOMPARE(match.allowedMethods, allowed);
            return;
        }
        QVERIFY(match.handler);
        QVERIFY(match.allowedMethods.isEmpty());
        const Tag *tag = match.handler->target<Tag>();
        QVERIFY(tag);
        QCOMPARE(tag->name, route);
        QStringList actual;
        for (auto it = match.params.cbegin(); it != match.params.cend(); ++it)
            actual.append(it.key() + QLatin1Char('=') + it.value());
        actual.sort();
        params.sort();
        QCOMPARE(actual, params);
    }

};

QTEST_GUILESS_MAIN(TestRouter)
#include "tst_router.moc"

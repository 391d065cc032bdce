#include "support/apiclient.h"
#include "support/testserver.h"

#include <QJsonArray>
#include <QTest>

// A knowledge base older than --kb-max-age: /readyz says why, search_kb is
// withdrawn and the agent hands the question to a person instead of guessing.
class TestKbFreshness : public QObject
{
    Q_OBJECT

private slots:
    void staleKnowledgeBaseHandsOff()
    {
        ServeOptions options = TestServer::defaultOptions();
        options.kbMaxAgeMs = 1200;
        TestServer server(options);
        START_TEST_SERVER(server);
        ApiClient client(server.port());

        // Fresh: answered from the help centre, with a citation.
        HttpResult fresh = client.sendMessage(QStringLiteral("How long does delivery take?"));
        QCOMPARE(fresh.status, 200);
        QCOMPARE(fresh.json().value(QStringLiteral("status")).toString(), QStringLiteral("bot"));
        QVERIFY(!fresh.json().value(QStringLiteral("message")).toObject().value(QStringLiteral("citations")).toArray().isEmpty());
        QCOMPARE(client.get(QStringLiteral("/readyz")).status, 200);

        QTest::qWait(1500); // the knowledge base is now older than allowed

        const HttpResult ready = client.get(QStringLiteral("/readyz"));
        QCOMPARE(ready.status, 503);
        const QJsonObject kb = ready.json().value(QStringLiteral("kb")).toObject();
        QCOMPARE(kb.value(QStringLiteral("ok")).toBool(), false);
        QVERIFY2(kb.value(QStringLiteral("reason")).toString().contains(QStringLiteral("maximum age")), ready.body.constData());

        const HttpResult stale = client.sendMessage(QStringLiteral("How long does delivery take?"));
        QCOMPARE(stale.status, 200);
        QCOMPARE(stale.json().value(QStringLiteral("status")).toString(), QStringLiteral("handoff"));
        const QJsonObject message = stale.json().value(QStringLiteral("message")).toObject();
        QVERIFY(message.value(QStringLiteral("citations")).toArray().isEmpty());
        QVERIFY(!message.value(QStringLiteral("content")).toString().contains(QStringLiteral("(See:")));
    }
};

QTEST_GUILESS_MAIN(TestKbFreshness)
#include "tst_kbfreshness.moc"

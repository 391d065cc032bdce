#include "support/apiclient.h"
#include "support/testserver.h"

#include "model/jsonutil.h"

#include <QJsonArray>
#include <QTest>
#include <memory>

namespace {

const QString kPassword = QStringLiteral("correct horse battery");
const QString kToolsPath = QStringLiteral("/admin/agent/tools");

QJsonObject toolNamed(const QJsonArray &tools, const QString &name)
{
    for (const QJsonValue &value : tools) {
        if (value.toObject().value(QStringLiteral("name")).toString() == name)
            return value.toObject();
    }
    return {};
}

} // namespace

// GET /admin/agent/tools: the tools with their versions, schemas, circuit
// state and telemetry counters, for operators. Black-box over HTTP.
class TestToolsApi : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ApiClient> m_client;
    QString m_agentToken;

private slots:
    void initTestCase()
    {
        m_server = std::make_unique<TestServer>();
        START_TEST_SERVER(*m_server);
        QVERIFY(m_server->addOperator(QStringLiteral("agent.ana"), OperatorRole::Agent, kPassword));
        m_client = std::make_unique<ApiClient>(m_server->port());
        m_agentToken = m_client->login(QStringLiteral("agent.ana"), kPassword);
        QVERIFY(!m_agentToken.isEmpty());
        // One real turn on the web channel: the rules brain calls search_kb.
        QCOMPARE(m_client->sendMessage(QStringLiteral("How long does delivery take?")).status, 200);
    }

    void cleanupTestCase()
    {
        m_client.reset();
        m_server.reset();
    }

    void needsAValidToken_data()
    {
        QTest::addColumn<QByteArray>("authorization"); // null: no header
        QTest::newRow("no header") << QByteArray();
        QTest::newRow("garbage bearer") << QByteArray("Bearer garbage");
        QTest::newRow("well-formed unknown token") << QByteArray("Bearer ") + QByteArray(43, 'A');
    }

    void needsAValidToken()
    {
        QFETCH(QByteArray, authorization);
        ApiClient::Headers headers;
        if (!authorization.isNull())
            headers.append({"Authorization", authorization});
        const HttpResult result = m_client->get(kToolsPath, headers);
        QCOMPARE(result.status, 401);
        QCOMPARE(result.errorCode(), QStringLiteral("unauthorized"));
        QVERIFY(!result.json().contains(QStringLiteral("tools")));
    }

    void onlyGet()
    {
        const HttpResult result = m_client->post(kToolsPath, {}, ApiClient::bearer(m_agentToken));
        QCOMPARE(result.status, 405);
    }

    void listsEveryToolWithItsSchemas()
    {
        const HttpResult result = m_client->get(kToolsPath, ApiClient::bearer(m_agentToken));
        QCOMPARE(result.status, 200);
        const QJsonArray tools = result.json().value(QStringLiteral("tools")).toArray();
        QStringList names;
        for (const QJsonValue &value : tools) {
            const QJsonObject tool = value.toObject();
            const QString name = tool.value(QStringLiteral("name")).toString();
            names.append(name);
            const ToolRegistry &registry = m_server->app().runtime().tools();
            QCOMPARE(tool.value(QStringLiteral("version")).toString(), registry.find(name)->version());
            QVERIFY(!tool.value(QStringLiteral("description")).toString().isEmpty());
            QCOMPARE(tool.value(QStringLiteral("input_schema")).toObject(), registry.find(name)->inputSchema().toJsonSchema());
            QCOMPARE(tool.value(QStringLiteral("output_schema")).toObject(), registry.find(name)->outputSchema().toJsonSchema());
            QCOMPARE(tool.value(QStringLiteral("circuit")).toString(), QStringLiteral("closed"));
            const QJsonObject counters = tool.value(QStringLiteral("counters")).toObject();
            for (const QString &key : {QStringLiteral("calls"), QStringLiteral("failures"), QStringLiteral("validation_failures"),
                                       QStringLiteral("deprecated_uses"), QStringLiteral("coercions"), QStringLiteral("unknown_dropped")})
                QVERIFY2(counters.value(key).isDouble(), qPrintable(name + QLatin1Char(' ') + key));
            QVERIFY(counters.value(QStringLiteral("by_channel")).isObject());
            QVERIFY(counters.value(QStringLiteral("by_argument")).isObject());
        }
        QStringList registered = m_server->app().runtime().tools().names();
        names.sort();
        registered.sort();
        QCOMPARE(names, registered);
        QVERIFY(names.contains(QStringLiteral("search_kb")));
        QVERIFY(names.contains(QStringLiteral("handoff_human")));

        // The turn of initTestCase counted.
        const QJsonObject search = toolNamed(tools, QStringLiteral("search_kb")).value(QStringLiteral("counters")).toObject();
        QVERIFY(search.value(QStringLiteral("calls")).toInt() >= 1);
        QVERIFY(search.value(QStringLiteral("by_channel")).toObject().value(QStringLiteral("web")).toObject()
                    .value(QStringLiteral("calls")).toInt() >= 1);
    }

    void countersShowWhatParsingCorrected()
    {
        // A brain on Slack that sends top_k as a string and a field search_kb does not know.
        ToolContext context;
        context.channel = QStringLiteral("slack");
        context.deadline = QDeadlineTimer(3000);
        const ToolCall call = m_server->app().runtime().tools().invoke(
            QStringLiteral("search_kb"),
            {{QStringLiteral("query"), QStringLiteral("returns")}, {QStringLiteral("top_k"), QStringLiteral("2")},
             {QStringLiteral("locale"), QStringLiteral("de")}},
            context);
        QVERIFY2(call.succeeded(), qPrintable(call.error));

        const HttpResult result = m_client->get(kToolsPath, ApiClient::bearer(m_agentToken));
        QCOMPARE(result.status, 200);
        const QJsonObject counters = toolNamed(result.json().value(QStringLiteral("tools")).toArray(), QStringLiteral("search_kb"))
                                         .value(QStringLiteral("counters")).toObject();
        QCOMPARE(counters.value(QStringLiteral("coercions")).toInt(), 1);
        QCOMPARE(counters.value(QStringLiteral("unknown_dropped")).toInt(), 1);
        const QJsonObject slack = counters.value(QStringLiteral("by_channel")).toObject().value(QStringLiteral("slack")).toObject();
        QCOMPARE(slack.value(QStringLiteral("calls")).toInt(), 1);
        const QJsonObject arguments = counters.value(QStringLiteral("by_argument")).toObject();
        QCOMPARE(arguments.value(QStringLiteral("top_k")).toObject().value(QStringLiteral("coercions")).toInt(), 1);
        QCOMPARE(arguments.value(QStringLiteral("locale")).toObject().value(QStringLiteral("by_channel")).toObject()
                     .value(QStringLiteral("slack")).toObject().value(QStringLiteral("unknown_dropped")).toInt(),
                 1);
    }

    void showsTheRealCircuitState()
    {
        ToolResilience &resilience = m_server->app().runtime().tools().resilience();
        CircuitBreaker &breaker = resilience.breaker(QStringLiteral("search_kb"));
        const qint64 now = resilience.nowMs();
        for (int i = 0; i < CircuitPolicy().failureThreshold; ++i)
            breaker.recordFailure(now);
        const auto circuitOf = [this](const QString &name) {
            const HttpResult result = m_client->get(kToolsPath, ApiClient::bearer(m_agentToken));
            return toolNamed(result.json().value(QStringLiteral("tools")).toArray(), name);
        };
        QJsonObject search = circuitOf(QStringLiteral("search_kb"));
        QCOMPARE(search.value(QStringLiteral("circuit")).toString(), QStringLiteral("open"));
        QCOMPARE(search.value(QStringLiteral("open_until")).toString(), json::formatTime(now + CircuitPolicy().openMs));
        QCOMPARE(circuitOf(QStringLiteral("handoff_human")).value(QStringLiteral("circuit")).toString(), QStringLiteral("closed"));
        QVERIFY(circuitOf(QStringLiteral("handoff_human")).value(QStringLiteral("open_until")).isNull());

        // A turn meanwhile fails fast on search_kb, and the counters say so.
        QCOMPARE(m_client->sendMessage(QStringLiteral("How do returns work?")).status, 200);
        search = circuitOf(QStringLiteral("search_kb"));
        QVERIFY(search.value(QStringLiteral("counters")).toObject().value(QStringLiteral("circuit_open_rejections")).toInt() >= 1);
        QVERIFY(search.value(QStringLiteral("counters")).toObject().value(QStringLiteral("retries")).isDouble());

        resilience.reset();
        QCOMPARE(circuitOf(QStringLiteral("search_kb")).value(QStringLiteral("circuit")).toString(), QStringLiteral("closed"));
    }
};

QTEST_GUILESS_MAIN(TestToolsApi)
#include "tst_toolsapi.moc"

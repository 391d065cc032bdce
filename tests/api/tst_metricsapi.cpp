#include "support/apiclient.h"
#include "support/testserver.h"

#include "store/conversationstore.h"
#include "store/metricsstore.h"
#include "store/tracestore.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTest>
#include <memory>

namespace {

const QString kPassword = QStringLiteral("correct horse battery");
const QString kMetricsPath = QStringLiteral("/admin/agent/metrics");
constexpr qint64 kDayMs = 86400000;
constexpr qint64 kHourMs = 3600000;

QJsonObject hourAt(const QJsonArray &hourly, qint64 hourStartMs)
{
    const QString hour = QDateTime::fromMSecsSinceEpoch(hourStartMs, Qt::UTC).toString(Qt::ISODate);
    for (const QJsonValue &value : hourly) {
        if (value.toObject().value(QStringLiteral("hour")).toString() == hour)
            return value.toObject();
    }
    return {};
}

QJsonObject routeNamed(const QJsonArray &routes, const QString &name)
{
    for (const QJsonValue &value : routes) {
        if (value.toObject().value(QStringLiteral("route")).toString() == name)
            return value.toObject();
    }
    return {};
}

} // namespace

// GET /admin/agent/metrics: turns, handoff and tool error rates, tokens and
// cost per day, and latency by route, summed from the traces; black-box over
// HTTP on a fresh database, so every figure is known.
class TestMetricsApi : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ApiClient> m_client;
    QString m_adminToken;
    QString m_agentToken;

    HttpResult metrics(const QString &query = {})
    {
        return m_client->get(kMetricsPath + query, ApiClient::bearer(m_adminToken));
    }

private slots:
    void initTestCase()
    {
        m_server = std::make_unique<TestServer>();
        START_TEST_SERVER(*m_server);
        QVERIFY(m_server->addOperator(QStringLiteral("admin.ada"), OperatorRole::Admin, kPassword));
        QVERIFY(m_server->addOperator(QStringLiteral("agent.ana"), OperatorRole::Agent, kPassword));
        m_client = std::make_unique<ApiClient>(m_server->port());
        m_adminToken = m_client->login(QStringLiteral("admin.ada"), kPassword);
        m_agentToken = m_client->login(QStringLiteral("agent.ana"), kPassword);
        QVERIFY(!m_adminToken.isEmpty() && !m_agentToken.isEmpty());
    }

    void cleanupTestCase()
    {
        m_client.reset();
        m_server.reset();
    }

    void needsTheAdminRole_data()
    {
        QTest::addColumn<QString>("caller"); // none, unknown, agent
        QTest::addColumn<int>("status");
        QTest::newRow("no header") << QStringLiteral("none") << 401;
        QTest::newRow("unknown token") << QStringLiteral("unknown") << 401;
        QTest::newRow("agent role") << QStringLiteral("agent") << 403;
    }

    void needsTheAdminRole()
    {
        QFETCH(QString, caller);
        QFETCH(int, status);
        ApiClient::Headers headers;
        if (caller == QLatin1String("unknown"))
            headers.append({"Authorization", QByteArray("Bearer ") + QByteArray(43, 'A')});
        else if (caller == QLatin1String("agent"))
            headers = ApiClient::bearer(m_agentToken);
        const HttpResult result = m_client->get(kMetricsPath, headers);
        QCOMPARE(result.status, status);
        QVERIFY(!result.json().contains(QStringLiteral("totals")));
    }

    void rejectsABadWindow_data()
    {
        QTest::addColumn<QString>("query");
        QTest::newRow("zero") << QStringLiteral("?days=0");
        QTest::newRow("too many") << QStringLiteral("?days=91");
        QTest::newRow("not a number") << QStringLiteral("?days=week");
        QTest::newRow("negative") << QStringLiteral("?days=-3");
        QTest::newRow("zero hours") << QStringLiteral("?hours=0");
        QTest::newRow("too many hours") << QStringLiteral("?hours=721");
        QTest::newRow("hours not a number") << QStringLiteral("?hours=day");
        QTest::newRow("hours with good days") << QStringLiteral("?days=2&hours=-1");
    }

    void rejectsABadWindow()
    {
        QFETCH(QString, query);
        const HttpResult result = metrics(query);
        QCOMPARE(result.status, 400);
        QCOMPARE(result.errorCode(), QStringLiteral("bad_request"));
    }

    void emptyBeforeAnyTurn()
    {
        const HttpResult result = metrics();
        QCOMPARE(result.status, 200);
        const QJsonObject totals = result.json().value(QStringLiteral("totals")).toObject();
        QCOMPARE(totals.value(QStringLiteral("turns")).toInt(), 0);
        QCOMPARE(totals.value(QStringLiteral("handoff_rate")).toDouble(), 0.0);
        QCOMPARE(result.json().value(QStringLiteral("days")).toArray().size(), 0);
        QCOMPARE(result.json().value(QStringLiteral("window")).toObject().value(QStringLiteral("days")).toInt(), 7);
    }

    void countsRealTurns()
    {
        // Three FAQ turns (search_kb) and one handoff, then one message while
        // the thread waits for a person (not an agent turn).
        for (const QString &text : {QStringLiteral("How long does delivery take?"), QStringLiteral("How do returns work?"),
                                    QStringLiteral("Which payment methods do you accept?")})
            QCOMPARE(m_client->sendMessage(text).status, 200);
        const HttpResult handoff = m_client->sendMessage(QStringLiteral("I want to talk to a human please"));
        QCOMPARE(handoff.status, 200);
        const QJsonObject body = handoff.json();
        const QString threadId = body.value(QStringLiteral("thread_id")).toString();
        const QString token = body.value(QStringLiteral("thread_token")).toString();
        QCOMPARE(m_client->sendMessage(QStringLiteral("hello?"), threadId, token).status, 200);

        const HttpResult result = metrics(QStringLiteral("?days=1"));
        QCOMPARE(result.status, 200);
        const QJsonObject totals = result.json().value(QStringLiteral("totals")).toObject();
        QCOMPARE(totals.value(QStringLiteral("turns")).toInt(), 4);
        QCOMPARE(totals.value(QStringLiteral("handoffs")).toInt(), 1);
        QCOMPARE(totals.value(QStringLiteral("handoff_rate")).toDouble(), 0.25);
        QVERIFY(totals.value(QStringLiteral("tool_calls")).toInt() >= 4);
        QCOMPARE(totals.value(QStringLiteral("tool_errors")).toInt(), 0);
        QCOMPARE(totals.value(QStringLiteral("tool_error_rate")).toDouble(), 0.0);
        QCOMPARE(totals.value(QStringLiteral("cost_usd")).toDouble(), 0.0); // the rules brain costs nothing

        const QJsonArray days = result.json().value(QStringLiteral("days")).toArray();
        QCOMPARE(days.size(), 1);
        QCOMPARE(days.first().toObject().value(QStringLiteral("date")).toString(),
                 QDateTime::currentDateTimeUtc().date().toString(Qt::ISODate));

        const QJsonArray routes = result.json().value(QStringLiteral("routes")).toArray();
        const QJsonObject search = routeNamed(routes, QStringLiteral("search_kb"));
        QCOMPARE(search.value(QStringLiteral("turns")).toInt(), 3);
        QVERIFY(search.value(QStringLiteral("p50_ms")).toInteger() <= search.value(QStringLiteral("p95_ms")).toInteger());
        QCOMPARE(routeNamed(routes, QStringLiteral("handoff_human")).value(QStringLiteral("turns")).toInt(), 1);
        QCOMPARE(totals.value(QStringLiteral("latency")).toObject().value(QStringLiteral("turns")).toInt(), 4);

        // This process's tool counters ride along.
        const QJsonObject tools = result.json().value(QStringLiteral("process")).toObject().value(QStringLiteral("tools")).toObject();
        QVERIFY(tools.value(QStringLiteral("search_kb")).toObject().value(QStringLiteral("calls")).toInt() >= 3);
        QCOMPARE(tools.value(QStringLiteral("search_kb")).toObject().value(QStringLiteral("circuit")).toString(),
                 QStringLiteral("closed"));
    }

    void sumsCostAndTokensPerDay()
    {
        // Two model-driven turns recorded yesterday, as the LLM brain records them.
        Database &db = m_server->app().runtime().database();
        const QString threadId = QStringLiteral("metrics-thread");
        Thread thread;
        thread.id = threadId;
        thread.channel = QStringLiteral("web");
        thread.createdAt = thread.updatedAt = QDateTime::currentMSecsSinceEpoch() - kDayMs;
        QVERIFY(ConversationStore(db).createThread(thread, QStringLiteral("digest")));
        for (int i = 0; i < 2; ++i) {
            Trace trace;
            trace.id = QStringLiteral("metrics-trace-%1").arg(i);
            trace.threadId = threadId;
            trace.route = QStringLiteral("get_order");
            trace.outcome = i == 0 ? QStringLiteral("degraded") : QStringLiteral("failed");
            trace.brain = QStringLiteral("agent");
            trace.startedAt = QDateTime::currentMSecsSinceEpoch() - kDayMs;
            trace.durationMs = 900 + i * 100;
            trace.usage.toolCalls = 2;
            trace.usage.toolErrors = i;
            trace.usage.modelCalls = 2;
            trace.usage.inputTokens = 1200;
            trace.usage.outputTokens = 150;
            trace.usage.costUsd = 0.0125;
            QVERIFY(TraceStore(db).insert(trace));
            QCOMPARE(TraceStore(db).find(trace.id)->usage.costUsd, 0.0125); // stored exactly
        }

        const HttpResult result = metrics(QStringLiteral("?days=2"));
        QCOMPARE(result.status, 200);
        const QJsonArray days = result.json().value(QStringLiteral("days")).toArray();
        QCOMPARE(days.size(), 2);
        const QJsonObject yesterday = days.first().toObject();
        QCOMPARE(yesterday.value(QStringLiteral("turns")).toInt(), 2);
        QCOMPARE(yesterday.value(QStringLiteral("failed")).toInt(), 1);
        QCOMPARE(yesterday.value(QStringLiteral("degraded")).toInt(), 1);
        QCOMPARE(yesterday.value(QStringLiteral("model_calls")).toInt(), 4);
        QCOMPARE(yesterday.value(QStringLiteral("input_tokens")).toInt(), 2400);
        QCOMPARE(yesterday.value(QStringLiteral("output_tokens")).toInt(), 300);
        QCOMPARE(yesterday.value(QStringLiteral("cost_usd")).toDouble(), 0.025);
        QCOMPARE(yesterday.value(QStringLiteral("tool_error_rate")).toDouble(), 0.25);
        const QJsonObject totals = result.json().value(QStringLiteral("totals")).toObject();
        QCOMPARE(totals.value(QStringLiteral("turns")).toInt(), 6);
        QCOMPARE(totals.value(QStringLiteral("cost_usd")).toDouble(), 0.025);
        const QJsonObject order = routeNamed(result.json().value(QStringLiteral("routes")).toArray(), QStringLiteral("get_order"));
        QCOMPARE(order.value(QStringLiteral("p50_ms")).toInt(), 900);
        QCOMPARE(order.value(QStringLiteral("p95_ms")).toInt(), 1000);

        // A one-day window leaves yesterday out.
        QCOMPARE(metrics(QStringLiteral("?days=1")).json().value(QStringLiteral("totals")).toObject()
                     .value(QStringLiteral("turns")).toInt(), 4);
    }

    void hourlySeries()
    {
        // Turns recorded two and five hours before this hour began.
        Database &db = m_server->app().runtime().database();
        const qint64 thisHour = QDateTime::currentMSecsSinceEpoch() / kHourMs * kHourMs;
        const QString threadId = QStringLiteral("hourly-thread");
        Thread thread;
        thread.id = threadId;
        thread.channel = QStringLiteral("web");
        thread.createdAt = thread.updatedAt = thisHour - 5 * kHourMs;
        QVERIFY(ConversationStore(db).createThread(thread, QStringLiteral("digest")));
        const struct { qint64 at; const char *outcome; qint64 durationMs; int toolErrors; } turns[] = {
            {thisHour - 2 * kHourMs + 1000, "responded", 300, 0},
            {thisHour - 2 * kHourMs + 2000, "handoff", 100, 1},
            {thisHour - 2 * kHourMs + 3000, "responded", 200, 0},
            {thisHour - 2 * kHourMs + 4000, "failed", 4000, 1},
            {thisHour - 5 * kHourMs + 1000, "degraded", 700, 0},
        };
        int n = 0;
        for (const auto &turn : turns) {
            Trace trace;
            trace.id = QStringLiteral("hourly-trace-%1").arg(n++);
            trace.threadId = threadId;
            trace.route = QStringLiteral("search_kb");
            trace.outcome = QString::fromLatin1(turn.outcome);
            trace.brain = QStringLiteral("agent");
            trace.startedAt = turn.at;
            trace.durationMs = turn.durationMs;
            trace.usage.toolCalls = 2;
            trace.usage.toolErrors = turn.toolErrors;
            trace.usage.costUsd = 0.001;
            QVERIFY(TraceStore(db).insert(trace));
        }

        // Four hours (this one and three before): the turns two hours back are
        // in even if the hour turns over meanwhile, those five hours back never.
        const HttpResult result = metrics(QStringLiteral("?days=1&hours=4"));
        QCOMPARE(result.status, 200);
        const QJsonObject window = result.json().value(QStringLiteral("window")).toObject();
        QCOMPARE(window.value(QStringLiteral("hours")).toInt(), 4);
        const qint64 serverNow = QDateTime::fromString(window.value(QStringLiteral("to")).toString(), Qt::ISODateWithMs)
                                     .toMSecsSinceEpoch();
        QCOMPARE(window.value(QStringLiteral("hours_from")).toString(),
                 QDateTime::fromMSecsSinceEpoch(serverNow / kHourMs * kHourMs - 3 * kHourMs, Qt::UTC).toString(Qt::ISODate));
        const QJsonArray hourly = result.json().value(QStringLiteral("hourly")).toArray();
        const QJsonObject twoAgo = hourAt(hourly, thisHour - 2 * kHourMs);
        QCOMPARE(twoAgo.value(QStringLiteral("turns")).toInt(), 4);
        QCOMPARE(twoAgo.value(QStringLiteral("handoffs")).toInt(), 1);
        QCOMPARE(twoAgo.value(QStringLiteral("failed")).toInt(), 1);
        QCOMPARE(twoAgo.value(QStringLiteral("tool_calls")).toInt(), 8);
        QCOMPARE(twoAgo.value(QStringLiteral("tool_errors")).toInt(), 2);
        QCOMPARE(twoAgo.value(QStringLiteral("tool_error_rate")).toDouble(), 0.25);
        QCOMPARE(twoAgo.value(QStringLiteral("handoff_rate")).toDouble(), 0.25);
        QCOMPARE(twoAgo.value(QStringLiteral("p50_ms")).toInt(), 200);
        QCOMPARE(twoAgo.value(QStringLiteral("p95_ms")).toInt(), 4000);
        QCOMPARE(twoAgo.value(QStringLiteral("cost_usd")).toDouble(), 0.004);
        // Oldest first, and the window's edge holds.
        for (int i = 1; i < hourly.size(); ++i)
            QVERIFY(hourly.at(i - 1).toObject().value(QStringLiteral("hour")).toString()
                    < hourly.at(i).toObject().value(QStringLiteral("hour")).toString());
        QVERIFY(hourAt(hourly, thisHour - 5 * kHourMs).isEmpty());

        const QJsonArray wider = metrics(QStringLiteral("?hours=6")).json().value(QStringLiteral("hourly")).toArray();
        const QJsonObject fiveAgo = hourAt(wider, thisHour - 5 * kHourMs);
        QCOMPARE(fiveAgo.value(QStringLiteral("turns")).toInt(), 1);
        QCOMPARE(fiveAgo.value(QStringLiteral("degraded")).toInt(), 1);
        QCOMPARE(fiveAgo.value(QStringLiteral("p50_ms")).toInt(), 700);

        // Without hours= the answer is as before: no hourly series.
        QVERIFY(!metrics().json().contains(QStringLiteral("hourly")));
    }

    void nearestRankPercentiles_data()
    {
        QTest::addColumn<QList<qint64>>("sorted");
        QTest::addColumn<double>("fraction");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("empty") << QList<qint64>{} << 0.5 << qint64(0);
        QTest::newRow("one") << QList<qint64>{7} << 0.95 << qint64(7);
        QTest::newRow("median of four") << QList<qint64>{1, 2, 3, 4} << 0.5 << qint64(2);
        QTest::newRow("p95 of twenty") << QList<qint64>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20}
                                       << 0.95 << qint64(19);
        QTest::newRow("p95 of ten") << QList<qint64>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10} << 0.95 << qint64(10);
    }

    void nearestRankPercentiles()
    {
        QFETCH(QList<qint64>, sorted);
        QFETCH(double, fraction);
        QFETCH(qint64, expected);
        QCOMPARE(MetricsStore::percentile(sorted, fraction), expected);
    }
};

QTEST_GUILESS_MAIN(TestMetricsApi)
#include "tst_metricsapi.moc"

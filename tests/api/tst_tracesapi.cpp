#include "support/apiclient.h"
#include "support/testserver.h"

#include "store/conversationstore.h"
#include "store/tracestore.h"

#include <QDateTime>
#include <QJsonArray>
#include <QSet>
#include <QTest>
#include <memory>

namespace {

const QString kPassword = QStringLiteral("correct horse battery");
const QString kTracesPath = QStringLiteral("/admin/agent/traces");

QStringList idsOf(const QJsonArray &rows, const char *field = "trace_id")
{
    QStringList ids;
    for (const QJsonValue &row : rows)
        ids.append(row.toObject().value(QLatin1String(field)).toString());
    return ids;
}

} // namespace

// GET /admin/agent/traces: the trace browser's list of turns, filtered by
// outcome, thread and route, paged newest first with a keyset cursor; black
// box over HTTP on a fresh database (SQLite, and PostgreSQL as _postgres).
class TestTracesApi : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ApiClient> m_client;
    QString m_token;
    QStringList m_faqTraces;    // newest first
    QString m_handoffTrace, m_handoffThread;

    HttpResult list(const QString &query = {})
    {
        return m_client->get(kTracesPath + query, ApiClient::bearer(m_token));
    }

private slots:
    void initTestCase()
    {
        m_server = std::make_unique<TestServer>();
        START_TEST_SERVER(*m_server);
        QVERIFY(m_server->addOperator(QStringLiteral("agent.ana"), OperatorRole::Agent, kPassword));
        m_client = std::make_unique<ApiClient>(m_server->port());
        m_token = m_client->login(QStringLiteral("agent.ana"), kPassword);
        QVERIFY(!m_token.isEmpty());
    }

    void cleanupTestCase()
    {
        m_client.reset();
        m_server.reset();
    }

    void needsAnOperator_data()
    {
        QTest::addColumn<QByteArray>("authorization");
        QTest::newRow("no header") << QByteArray();
        QTest::newRow("unknown token") << QByteArray("Bearer ") + QByteArray(43, 'A');
        QTest::newRow("not bearer") << QByteArray("Basic YWRtaW46YWRtaW4=");
    }

    void needsAnOperator()
    {
        QFETCH(QByteArray, authorization);
        ApiClient::Headers headers;
        if (!authorization.isEmpty())
            headers.append({"Authorization", authorization});
        const HttpResult result = m_client->get(kTracesPath, headers);
        QCOMPARE(result.status, 401);
        QVERIFY(!result.json().contains(QStringLiteral("traces")));
    }

    void emptyAtFirst()
    {
        const HttpResult result = list();
        QCOMPARE(result.status, 200);
        QCOMPARE(result.json().value(QStringLiteral("traces")).toArray().size(), 0);
        QCOMPARE(result.json().value(QStringLiteral("limit")).toInt(), 50);
        QVERIFY(result.json().value(QStringLiteral("next_before")).isNull());
    }

    void refusesBadParameters_data()
    {
        QTest::addColumn<QString>("query");
        QTest::newRow("unknown outcome") << QStringLiteral("?outcome=crashed");
        QTest::newRow("outcome case") << QStringLiteral("?outcome=FAILED");
        QTest::newRow("limit zero") << QStringLiteral("?limit=0");
        QTest::newRow("limit too big") << QStringLiteral("?limit=501");
        QTest::newRow("limit not a number") << QStringLiteral("?limit=ten");
        QTest::newRow("limit negative") << QStringLiteral("?limit=-5");
        QTest::newRow("route with SQL") << QStringLiteral("?route=search_kb%27%20OR%201=1--");
        QTest::newRow("route too long") << QStringLiteral("?route=") + QString(41, QLatin1Char('a'));
        QTest::newRow("thread id too long") << QStringLiteral("?thread_id=") + QString(65, QLatin1Char('t'));
        QTest::newRow("before unknown") << QStringLiteral("?before=no-such-trace");
        QTest::newRow("before too long") << QStringLiteral("?before=") + QString(65, QLatin1Char('b'));
    }

    void refusesBadParameters()
    {
        QFETCH(QString, query);
        const HttpResult result = list(query);
        QCOMPARE(result.status, 400);
        QCOMPARE(result.errorCode(), QStringLiteral("bad_request"));
        QVERIFY(!result.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString().isEmpty());
        QVERIFY2(leakIn(result.body).isEmpty(), result.body.constData());
    }

    void listsRealTurnsNewestFirst()
    {
        for (const QString &text : {QStringLiteral("How long does delivery take?"), QStringLiteral("How do returns work?")}) {
            const HttpResult sent = m_client->sendMessage(text);
            QCOMPARE(sent.status, 200);
            m_faqTraces.prepend(sent.json().value(QStringLiteral("trace_id")).toString());
        }
        const HttpResult handoff = m_client->sendMessage(QStringLiteral("I want to talk to a human please"));
        QCOMPARE(handoff.json().value(QStringLiteral("status")).toString(), QStringLiteral("handoff"));
        m_handoffTrace = handoff.json().value(QStringLiteral("trace_id")).toString();
        m_handoffThread = handoff.json().value(QStringLiteral("thread_id")).toString();

        const HttpResult result = list();
        QCOMPARE(result.status, 200);
        const QJsonArray rows = result.json().value(QStringLiteral("traces")).toArray();
        QCOMPARE(idsOf(rows), QStringList({m_handoffTrace}) + m_faqTraces);
        const QJsonObject faq = rows.at(1).toObject();
        QCOMPARE(faq.value(QStringLiteral("outcome")).toString(), QStringLiteral("responded"));
        QCOMPARE(faq.value(QStringLiteral("route")).toString(), QStringLiteral("search_kb"));
        QVERIFY(!faq.value(QStringLiteral("thread_id")).toString().isEmpty());
        QVERIFY(faq.value(QStringLiteral("started_at")).toString().endsWith(QLatin1Char('Z')));
        QVERIFY(faq.value(QStringLiteral("duration_ms")).isDouble());
        const QJsonObject usage = faq.value(QStringLiteral("usage")).toObject();
        QVERIFY(usage.value(QStringLiteral("tool_calls")).toInt() >= 1);
        QCOMPARE(usage.value(QStringLiteral("tool_errors")).toInt(), 0);
        QCOMPARE(usage.value(QStringLiteral("model_calls")).toInt(), 0); // the rules brain
        QCOMPARE(usage.value(QStringLiteral("cost_usd")).toDouble(), 0.0);
        QVERIFY(!faq.contains(QStringLiteral("spans"))); // the list stays small: spans come with the trace
        QCOMPARE(rows.at(0).toObject().value(QStringLiteral("thread_id")).toString(), m_handoffThread);

        // The same turn in full.
        const HttpResult full = m_client->get(kTracesPath + QLatin1Char('/') + m_faqTraces.first(), ApiClient::bearer(m_token));
        QCOMPARE(full.status, 200);
        QCOMPARE(full.json().value(QStringLiteral("started_at")), faq.value(QStringLiteral("started_at")));
        QVERIFY(!full.json().value(QStringLiteral("spans")).toArray().isEmpty());
    }

    void filters_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("expected"); // handoff, faq, all, none
        QTest::newRow("handed off") << QStringLiteral("?outcome=handoff") << QStringLiteral("handoff");
        QTest::newRow("ok") << QStringLiteral("?outcome=ok") << QStringLiteral("faq");
        QTest::newRow("responded") << QStringLiteral("?outcome=responded") << QStringLiteral("faq");
        QTest::newRow("failed") << QStringLiteral("?outcome=failed") << QStringLiteral("none");
        QTest::newRow("degraded") << QStringLiteral("?outcome=degraded") << QStringLiteral("none");
        QTest::newRow("route") << QStringLiteral("?route=search_kb") << QStringLiteral("faq");
        QTest::newRow("route handoff") << QStringLiteral("?route=handoff_human") << QStringLiteral("handoff");
        QTest::newRow("unknown route") << QStringLiteral("?route=get_order") << QStringLiteral("none");
        QTest::newRow("thread") << QStringLiteral("?thread_id=HANDOFF") << QStringLiteral("handoff");
        QTest::newRow("thread and outcome") << QStringLiteral("?thread_id=HANDOFF&outcome=ok") << QStringLiteral("none");
        QTest::newRow("unknown thread") << QStringLiteral("?thread_id=nobody") << QStringLiteral("none");
        QTest::newRow("empty values") << QStringLiteral("?outcome=&route=&thread_id=") << QStringLiteral("all");
    }

    void filters()
    {
        QFETCH(QString, query);
        QFETCH(QString, expected);
        QVERIFY(!m_handoffTrace.isEmpty());
        const HttpResult result = list(QString(query).replace(QStringLiteral("HANDOFF"), m_handoffThread));
        QCOMPARE(result.status, 200);
        const QStringList ids = idsOf(result.json().value(QStringLiteral("traces")).toArray());
        if (expected == QLatin1String("handoff"))
            QCOMPARE(ids, QStringList{m_handoffTrace});
        else if (expected == QLatin1String("faq"))
            QCOMPARE(ids, m_faqTraces);
        else if (expected == QLatin1String("all"))
            QCOMPARE(ids, QStringList({m_handoffTrace}) + m_faqTraces);
        else
            QCOMPARE(ids, QStringList());
    }

    void pagesWithoutRepeatsOrGaps()
    {
        // Seven recorded turns, five of them in the same millisecond: the
        // cursor must still walk each exactly once, newest first.
        Database &db = m_server->app().runtime().database();
        Thread thread;
        thread.id = QStringLiteral("paging-thread");
        thread.channel = QStringLiteral("web");
        thread.createdAt = thread.updatedAt = QDateTime::currentMSecsSinceEpoch() - 60000;
        QVERIFY(ConversationStore(db).createThread(thread, QStringLiteral("digest")));
        QStringList expected;
        for (int i = 0; i < 7; ++i) {
            Trace trace;
            trace.id = QStringLiteral("paging-%1").arg(i);
            trace.threadId = thread.id;
            trace.route = QStringLiteral("get_order");
            trace.outcome = i % 2 ? QStringLiteral("failed") : QStringLiteral("degraded");
            trace.brain = QStringLiteral("rules");
            trace.startedAt = thread.createdAt + (i < 5 ? 0 : i);
            trace.durationMs = 10 * i;
            trace.usage.toolErrors = i % 2;
            QVERIFY(TraceStore(db).insert(trace));
        }
        expected = {QStringLiteral("paging-6"), QStringLiteral("paging-5"), QStringLiteral("paging-4"),
                    QStringLiteral("paging-3"), QStringLiteral("paging-2"), QStringLiteral("paging-1"),
                    QStringLiteral("paging-0")};

        QStringList walked;
        QString before;
        for (int page = 0; page < 10; ++page) {
            const HttpResult result = list(QStringLiteral("?thread_id=paging-thread&limit=3")
                                           + (before.isEmpty() ? QString() : QStringLiteral("&before=") + before));
            QCOMPARE(result.status, 200);
            const QJsonArray rows = result.json().value(QStringLiteral("traces")).toArray();
            QVERIFY(rows.size() <= 3);
            walked += idsOf(rows);
            const QJsonValue next = result.json().value(QStringLiteral("next_before"));
            if (next.isNull())
                break;
            QCOMPARE(next.toString(), walked.last());
            before = next.toString();
        }
        QCOMPARE(walked, expected);

        const HttpResult failed = list(QStringLiteral("?outcome=failed"));
        QCOMPARE(idsOf(failed.json().value(QStringLiteral("traces")).toArray()),
                 QStringList({QStringLiteral("paging-5"), QStringLiteral("paging-3"), QStringLiteral("paging-1")}));
        const HttpResult degraded = list(QStringLiteral("?outcome=degraded&limit=2"));
        QCOMPARE(idsOf(degraded.json().value(QStringLiteral("traces")).toArray()),
                 QStringList({QStringLiteral("paging-6"), QStringLiteral("paging-4")}));
        QCOMPARE(degraded.json().value(QStringLiteral("next_before")).toString(), QStringLiteral("paging-4"));
        const QJsonObject row = failed.json().value(QStringLiteral("traces")).toArray().first().toObject();
        QCOMPARE(row.value(QStringLiteral("usage")).toObject().value(QStringLiteral("tool_errors")).toInt(), 1);
        QCOMPARE(row.value(QStringLiteral("duration_ms")).toInt(), 50);
    }
};

QTEST_GUILESS_MAIN(TestTracesApi)
#include "tst_tracesapi.moc"

#include "support/apiclient.h"
#include "support/testserver.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTest>
#include <memory>

namespace {

const QString kPassword = QStringLiteral("correct horse battery");
const QStringList kRoutes = {QStringLiteral("search_kb"), QStringLiteral("get_order"), QStringLiteral("create_ticket"),
                             QStringLiteral("handoff_human"), QStringLiteral("clarify"), QStringLiteral("refuse")};

QStringList idsOf(const QJsonArray &threads)
{
    QStringList ids;
    for (const QJsonValue &value : threads)
        ids.append(value.toObject().value(QStringLiteral("id")).toString());
    return ids;
}

} // namespace

// Operator sign-in and the /admin routes, black-box over HTTP.
class TestAdminApi : public QObject
{
    Q_OBJECT

private:
    HttpResult login(const QString &username, const QString &password)
    {
        return m_client->post(QStringLiteral("/api/auth/login"),
                              {{QStringLiteral("username"), username}, {QStringLiteral("password"), password}});
    }

    HttpResult admin(const QString &path, const QString &token)
    {
        return m_client->get(path, ApiClient::bearer(token));
    }

    // Every protected route, with real ids in it.
    QStringList protectedPaths() const
    {
        return {QStringLiteral("/admin/agent/threads"), QStringLiteral("/admin/agent/threads?status=handoff"),
                QStringLiteral("/admin/agent/threads/") + m_threadId, QStringLiteral("/admin/agent/traces/") + m_traceId};
    }

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ApiClient> m_client;
    QString m_agentToken;
    QString m_threadId;
    QString m_traceId;

private slots:
    void initTestCase()
    {
        m_server = std::make_unique<TestServer>();
        START_TEST_SERVER(*m_server);
        QVERIFY(m_server->addOperator(QStringLiteral("agent.ana"), OperatorRole::Agent, kPassword));
        QVERIFY(m_server->addOperator(QStringLiteral("editor.eve"), OperatorRole::Editor, kPassword));
        QVERIFY(m_server->addOperator(QStringLiteral("admin.ada"), OperatorRole::Admin, kPassword));
        QVERIFY(m_server->addOperator(QStringLiteral("locked.lou"), OperatorRole::Agent, kPassword));
        m_client = std::make_unique<ApiClient>(m_server->port());
        m_agentToken = m_client->login(QStringLiteral("agent.ana"), kPassword);
        QVERIFY(!m_agentToken.isEmpty());
        const HttpResult turn = m_client->sendMessage(QStringLiteral("How long does delivery take?"));
        QCOMPARE(turn.status, 200);
        m_threadId = turn.json().value(QStringLiteral("thread_id")).toString();
        m_traceId = turn.json().value(QStringLiteral("trace_id")).toString();
    }

    void cleanupTestCase()
    {
        m_client.reset();
        m_server.reset();
    }

    void loginGivesATokenForTheRole_data()
    {
        QTest::addColumn<QString>("username");
        QTest::addColumn<QString>("role");
        QTest::newRow("agent") << "agent.ana" << "agent";
        QTest::newRow("editor") << "editor.eve" << "editor";
        QTest::newRow("admin") << "admin.ada" << "admin";
    }

    void loginGivesATokenForTheRole()
    {
        QFETCH(QString, username);
        QFETCH(QString, role);
        const HttpResult result = login(username, kPassword);
        QCOMPARE(result.status, 200);
        const QJsonObject body = result.json();
        const QString token = body.value(QStringLiteral("token")).toString();
        QVERIFY(token.size() >= 32);
        QCOMPARE(body.value(QStringLiteral("role")).toString(), role);
        const QDateTime expires = QDateTime::fromString(body.value(QStringLiteral("expires_at")).toString(), Qt::ISODateWithMs);
        QVERIFY(expires.isValid());
        QVERIFY(expires > QDateTime::currentDateTimeUtc().addSecs(60));
        QVERIFY(expires < QDateTime::currentDateTimeUtc().addDays(31));
        QCOMPARE(admin(QStringLiteral("/admin/agent/threads"), token).status, 200);
        // Each sign-in is its own session.
        QVERIFY(token != m_agentToken);
    }

    void loginRefused_data()
    {
        QTest::addColumn<QString>("username");
        QTest::addColumn<QString>("password");
        QTest::newRow("wrong password") << "admin.ada" << "not the password";
        QTest::newRow("unknown user") << "nobody.here" << kPassword;
        QTest::newRow("empty password") << "admin.ada" << "";
        QTest::newRow("password with different case") << "admin.ada" << kPassword.toUpper();
    }

    void loginRefused()
    {
        QFETCH(QString, username);
        QFETCH(QString, password);
        const HttpResult result = login(username, password);
        QCOMPARE(result.status, 401);
        QCOMPARE(result.errorCode(), QStringLiteral("invalid_credentials"));
        // Whether the name exists is not given away.
        QCOMPARE(result.body, login(QStringLiteral("nobody.here"), QStringLiteral("x")).body);
        QVERIFY(!result.json().contains(QStringLiteral("token")));
    }

    void repeatedFailuresThrottleTheAccount()
    {
        const QString user = QStringLiteral("locked.lou");
        for (int attempt = 1; attempt <= 5; ++attempt)
            QCOMPARE(login(user, QStringLiteral("guess %1").arg(attempt)).status, 401);
        const HttpResult right = login(user, kPassword);
        QCOMPARE(right.status, 429);
        QCOMPARE(right.errorCode(), QStringLiteral("too_many_attempts"));
        QVERIFY(!right.json().contains(QStringLiteral("token")));
        bool ok = false;
        const int retryAfter = right.header("Retry-After").toInt(&ok);
        QVERIFY2(ok && retryAfter >= 1, right.header("Retry-After").constData());
        // The lock is on that account: others still sign in from the same address.
        QCOMPARE(login(QStringLiteral("editor.eve"), kPassword).status, 200);
    }

    void adminRoutesNeedAValidToken_data()
    {
        QTest::addColumn<QByteArray>("authorization"); // null: no header
        QTest::newRow("no header") << QByteArray();
        QTest::newRow("garbage bearer") << QByteArray("Bearer garbage");
        QTest::newRow("well-formed unknown token") << QByteArray("Bearer ") + QByteArray(43, 'A');
        QTest::newRow("empty bearer") << QByteArray("Bearer ");
        QTest::newRow("basic auth") << QByteArray("Basic ") + QByteArray("agent.ana:correct horse battery").toBase64();
        QTest::newRow("token without scheme") << QByteArray("TOKEN");
        QTest::newRow("very long token") << QByteArray("Bearer ") + QByteArray(8000, 'x');
    }

    void adminRoutesNeedAValidToken()
    {
        QFETCH(QByteArray, authorization);
        authorization.replace("TOKEN", m_agentToken.toLatin1());
        ApiClient::Headers headers;
        if (!authorization.isNull())
            headers.append({"Authorization", authorization});
        for (const QString &path : protectedPaths()) {
            const HttpResult result = m_client->get(path, headers);
            QVERIFY2(result.status == 401, qPrintable(path + QStringLiteral(": %1").arg(result.status)));
            QCOMPARE(result.errorCode(), QStringLiteral("unauthorized"));
            QCOMPARE(result.header("WWW-Authenticate"), QByteArray("Bearer"));
            QVERIFY(!result.json().contains(QStringLiteral("threads")));
        }
        QCOMPARE(m_client->postBytes(QStringLiteral("/api/auth/logout"), {}, "application/json", headers).status, 401);
    }

    void logoutEndsTheSession()
    {
        const QString token = m_client->login(QStringLiteral("admin.ada"), kPassword);
        QVERIFY(!token.isEmpty());
        for (const QString &path : protectedPaths())
            QCOMPARE(admin(path, token).status, 200);
        const HttpResult out = m_client->postBytes(QStringLiteral("/api/auth/logout"), {}, "application/json",
                                                   ApiClient::bearer(token));
        QCOMPARE(out.status, 204);
        for (const QString &path : protectedPaths())
            QCOMPARE(admin(path, token).status, 401);
        QCOMPARE(m_client->postBytes(QStringLiteral("/api/auth/logout"), {}, "application/json", ApiClient::bearer(token)).status,
                 401);
        // Other sessions live on.
        QCOMPARE(admin(QStringLiteral("/admin/agent/threads"), m_agentToken).status, 200);
    }

    void listThreadsFiltersByStatus()
    {
        const HttpResult handoff = m_client->sendMessage(QStringLiteral("I want to talk to a human"));
        QCOMPARE(handoff.json().value(QStringLiteral("status")).toString(), QStringLiteral("handoff"));
        const QString handoffId = handoff.json().value(QStringLiteral("thread_id")).toString();

        const HttpResult all = admin(QStringLiteral("/admin/agent/threads"), m_agentToken);
        QCOMPARE(all.status, 200);
        const QJsonArray threads = all.json().value(QStringLiteral("threads")).toArray();
        QVERIFY(idsOf(threads).contains(handoffId));
        QVERIFY(idsOf(threads).contains(m_threadId));
        for (const QJsonValue &value : threads) {
            const QJsonObject thread = value.toObject();
            if (thread.value(QStringLiteral("id")).toString() == m_threadId) {
                QCOMPARE(thread.value(QStringLiteral("status")).toString(), QStringLiteral("bot"));
                QCOMPARE(thread.value(QStringLiteral("message_count")).toInt(), 2);
                QVERIFY(!thread.value(QStringLiteral("last_message")).toString().isEmpty());
            }
        }
        const QStringList handoffs =
            idsOf(admin(QStringLiteral("/admin/agent/threads?status=handoff"), m_agentToken).json().value(QStringLiteral("threads")).toArray());
        QVERIFY(handoffs.contains(handoffId));
        QVERIFY(!handoffs.contains(m_threadId));
        const QStringList bots =
            idsOf(admin(QStringLiteral("/admin/agent/threads?status=bot"), m_agentToken).json().value(QStringLiteral("threads")).toArray());
        QVERIFY(bots.contains(m_threadId));
        QVERIFY(!bots.contains(handoffId));
        QCOMPARE(admin(QStringLiteral("/admin/agent/threads?limit=1"), m_agentToken).json().value(QStringLiteral("threads")).toArray().size(),
                 1);
    }

    void listThreadsRefusesBadQueries_data()
    {
        QTest::addColumn<QString>("query");
        QTest::newRow("unknown status") << "?status=sleeping";
        QTest::newRow("status with SQL") << "?status=bot'%20OR%20'1'='1";
        QTest::newRow("limit 0") << "?limit=0";
        QTest::newRow("limit 501") << "?limit=501";
        QTest::newRow("limit word") << "?limit=all";
        QTest::newRow("negative offset") << "?offset=-1";
    }

    void listThreadsRefusesBadQueries()
    {
        QFETCH(QString, query);
        const HttpResult result = admin(QStringLiteral("/admin/agent/threads") + query, m_agentToken);
        QCOMPARE(result.status, 400);
        QCOMPARE(result.errorCode(), QStringLiteral("bad_request"));
        QVERIFY(leakIn(result.body).isEmpty());
    }

    void threadShowsAllMessagesInOrder()
    {
        const HttpResult first = m_client->sendMessage(QStringLiteral("turn 0: how long does delivery take?"));
        const QString threadId = first.json().value(QStringLiteral("thread_id")).toString();
        const QString token = first.json().value(QStringLiteral("thread_token")).toString();
        QStringList replyIds{first.json().value(QStringLiteral("message")).toObject().value(QStringLiteral("id")).toString()};
        // More than the 50 the shopper's view shows by default.
        for (int turn = 1; turn < 30; ++turn) {
            const HttpResult next = m_client->sendMessage(QStringLiteral("turn %1: can I return boots?").arg(turn), threadId, token);
            QCOMPARE(next.status, 200);
            replyIds.append(next.json().value(QStringLiteral("message")).toObject().value(QStringLiteral("id")).toString());
        }
        const HttpResult result = admin(QStringLiteral("/admin/agent/threads/") + threadId, m_agentToken);
        QCOMPARE(result.status, 200);
        QCOMPARE(result.json().value(QStringLiteral("thread")).toObject().value(QStringLiteral("id")).toString(), threadId);
        const QJsonArray messages = result.json().value(QStringLiteral("messages")).toArray();
        QCOMPARE(messages.size(), 60);
        for (int i = 0; i < messages.size(); ++i) {
            const QJsonObject message = messages.at(i).toObject();
            if (i % 2 == 0) {
                QCOMPARE(message.value(QStringLiteral("role")).toString(), QStringLiteral("user"));
                QVERIFY(message.value(QStringLiteral("content")).toString().startsWith(QStringLiteral("turn %1:").arg(i / 2)));
            } else {
                QCOMPARE(message.value(QStringLiteral("role")).toString(), QStringLiteral("assistant"));
                QCOMPARE(message.value(QStringLiteral("id")).toString(), replyIds.at(i / 2));
                // A reply and its question share the turn's trace.
                QCOMPARE(message.value(QStringLiteral("trace_id")), messages.at(i - 1).toObject().value(QStringLiteral("trace_id")));
            }
        }
    }

    void unknownThreadAndTrace_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("unknown thread") << "/admin/agent/threads/3f2b8c1e-9d4a-4e6b-8a7c-1d2e3f4a5b6c";
        QTest::newRow("thread id not a uuid") << "/admin/agent/threads/abc";
        QTest::newRow("thread id very long") << QStringLiteral("/admin/agent/threads/") + QString(300, QLatin1Char('a'));
        QTest::newRow("unknown trace") << "/admin/agent/traces/3f2b8c1e-9d4a-4e6b-8a7c-1d2e3f4a5b6c";
        QTest::newRow("trace id with SQL") << "/admin/agent/traces/x'%20OR%20'1'='1";
    }

    void unknownThreadAndTrace()
    {
        QFETCH(QString, path);
        const HttpResult result = admin(path, m_agentToken);
        QCOMPARE(result.status, 404);
        QCOMPARE(result.errorCode(), QStringLiteral("not_found"));
        QVERIFY(leakIn(result.body).isEmpty());
    }

    void traceRecordsTheTurn_data()
    {
        QTest::addColumn<QString>("question");
        QTest::addColumn<QString>("route");
        QTest::addColumn<QString>("tool"); // the tool span expected, or empty for none
        QTest::newRow("help-centre question") << "How long does delivery take?" << "search_kb" << "search_kb";
        QTest::newRow("asks for a person") << "I want to talk to a human" << "handoff_human" << "handoff_human";
    }

    void traceRecordsTheTurn()
    {
        QFETCH(QString, question);
        QFETCH(QString, route);
        QFETCH(QString, tool);
        const HttpResult turn = m_client->sendMessage(question);
        QCOMPARE(turn.status, 200);
        const QString traceId = turn.json().value(QStringLiteral("trace_id")).toString();
        const HttpResult result = admin(QStringLiteral("/admin/agent/traces/") + traceId, m_agentToken);
        QCOMPARE(result.status, 200);
        const QJsonObject trace = result.json();
        QCOMPARE(trace.value(QStringLiteral("trace_id")).toString(), traceId);
        QCOMPARE(trace.value(QStringLiteral("thread_id")).toString(), turn.json().value(QStringLiteral("thread_id")).toString());
        QCOMPARE(trace.value(QStringLiteral("route")).toString(), route);

        const QJsonArray spans = trace.value(QStringLiteral("spans")).toArray();
        QStringList names;
        qint64 previousStart = 0;
        for (const QJsonValue &value : spans) {
            const QJsonObject span = value.toObject();
            names.append(span.value(QStringLiteral("name")).toString());
            QVERIFY(span.value(QStringLiteral("start_ms")).isDouble());
            QVERIFY(span.value(QStringLiteral("duration_ms")).isDouble());
            QVERIFY(span.value(QStringLiteral("attributes")).isObject());
            const qint64 start = span.value(QStringLiteral("start_ms")).toInteger();
            QVERIFY2(start >= previousStart, qPrintable(names.last())); // in time order
            QVERIFY2(span.value(QStringLiteral("duration_ms")).toInteger() >= 0, qPrintable(names.last())); // closed
            previousStart = start;
        }
        const QString toolSpan = QStringLiteral("tool:") + tool;
        const QStringList order{QStringLiteral("PLAN"), toolSpan, QStringLiteral("DRAFT"), QStringLiteral("GUARDRAIL"),
                                QStringLiteral("RESPOND")};
        qsizetype last = -1;
        for (const QString &name : order) {
            const qsizetype at = names.indexOf(name);
            QVERIFY2(at > last, qPrintable(names.join(QLatin1Char(' '))));
            last = at;
        }
        QCOMPARE(names.first(), QStringLiteral("PLAN"));

        const QJsonObject plan = spans.at(names.indexOf(QStringLiteral("PLAN"))).toObject().value(QStringLiteral("attributes")).toObject();
        QVERIFY(kRoutes.contains(plan.value(QStringLiteral("route")).toString()));
        QCOMPARE(plan.value(QStringLiteral("route")).toString(), route);

        const QJsonObject call = spans.at(names.indexOf(toolSpan)).toObject().value(QStringLiteral("attributes")).toObject();
        QVERIFY(call.value(QStringLiteral("arguments")).isObject());
        QVERIFY(!call.value(QStringLiteral("arguments")).toObject().isEmpty());
        QVERIFY(call.value(QStringLiteral("result")).isObject());
        QVERIFY(call.value(QStringLiteral("latency_ms")).isDouble());
        QVERIFY(call.value(QStringLiteral("latency_ms")).toDouble() >= 0);
        QVERIFY(!call.contains(QStringLiteral("error")));
        if (tool == QLatin1String("search_kb")) {
            QCOMPARE(call.value(QStringLiteral("arguments")).toObject().value(QStringLiteral("query")).toString(), question);
            QVERIFY(call.value(QStringLiteral("result")).toObject().value(QStringLiteral("count")).toInt() >= 1);
        }
    }
};

QTEST_GUILESS_MAIN(TestAdminApi)
#include "tst_adminapi.moc"

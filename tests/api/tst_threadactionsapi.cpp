#include "support/apiclient.h"
#include "support/rawhttpclient.h"
#include "support/testserver.h"

#include <QJsonArray>
#include <QNetworkReply>
#include <QTest>
#include <QUuid>
#include <memory>

namespace {

const QString kPassword = QStringLiteral("correct horse battery");
const QString kAna = QStringLiteral("agent.ana");
const QString kBen = QStringLiteral("agent.ben");

QString path(const QString &threadId, const QString &action)
{
    return QStringLiteral("/admin/agent/threads/") + threadId + QLatin1Char('/') + action;
}

QStringList actionNames(const QJsonArray &actions)
{
    QStringList names;
    for (const QJsonValue &value : actions)
        names.append(value.toObject().value(QStringLiteral("action")).toString() + QLatin1Char(':')
                     + value.toObject().value(QStringLiteral("operator")).toString());
    return names;
}

} // namespace

// Operators taking a conversation over, replying as a person, handing it back
// and closing it (POST /admin/agent/threads/{id}/...), and the ticket list,
// black-box over HTTP on SQLite and PostgreSQL.
class TestThreadActionsApi : public QObject
{
    Q_OBJECT

private:
    struct Conversation
    {
        QString id;
        QString token;
    };

    Conversation newConversation()
    {
        const HttpResult turn = m_client->sendMessage(QStringLiteral("How long does delivery take?"));
        if (turn.status != 200)
            return {};
        return {turn.json().value(QStringLiteral("thread_id")).toString(),
                turn.json().value(QStringLiteral("thread_token")).toString()};
    }

    HttpResult act(const QString &threadId, const QString &action, const QString &token, const QJsonObject &body = {})
    {
        return m_client->post(path(threadId, action), body, ApiClient::bearer(token));
    }

    HttpResult reply(const QString &threadId, const QString &token, const QString &text)
    {
        return act(threadId, QStringLiteral("reply"), token, {{QStringLiteral("text"), text}});
    }

    QJsonObject adminThread(const QString &threadId)
    {
        return m_client->get(QStringLiteral("/admin/agent/threads/") + threadId, ApiClient::bearer(m_anaToken)).json();
    }

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ApiClient> m_client;
    QString m_anaToken;
    QString m_benToken;
    QString m_editorToken;

private slots:
    void initTestCase()
    {
        m_server = std::make_unique<TestServer>();
        START_TEST_SERVER(*m_server);
        QVERIFY(m_server->addOperator(kAna, OperatorRole::Agent, kPassword));
        QVERIFY(m_server->addOperator(kBen, OperatorRole::Agent, kPassword));
        QVERIFY(m_server->addOperator(QStringLiteral("editor.eve"), OperatorRole::Editor, kPassword));
        m_client = std::make_unique<ApiClient>(m_server->port());
        m_anaToken = m_client->login(kAna, kPassword);
        m_benToken = m_client->login(kBen, kPassword);
        m_editorToken = m_client->login(QStringLiteral("editor.eve"), kPassword);
        QVERIFY(!m_anaToken.isEmpty() && !m_benToken.isEmpty() && !m_editorToken.isEmpty());
    }

    void cleanupTestCase()
    {
        m_client.reset();
        m_server.reset();
    }

    void takeOverReplyHandBackClose()
    {
        const Conversation conversation = newConversation();
        QVERIFY(!conversation.id.isEmpty());

        HttpResult result = act(conversation.id, QStringLiteral("takeover"), m_anaToken);
        QCOMPARE(result.status, 200);
        QJsonObject thread = result.json().value(QStringLiteral("thread")).toObject();
        QCOMPARE(thread.value(QStringLiteral("id")).toString(), conversation.id);
        QCOMPARE(thread.value(QStringLiteral("status")).toString(), QStringLiteral("human"));
        QCOMPARE(thread.value(QStringLiteral("assignee")).toString(), kAna);
        // Again, by the holder: the same answer, nothing new recorded.
        result = act(conversation.id, QStringLiteral("takeover"), m_anaToken);
        QCOMPARE(result.status, 200);
        QCOMPARE(result.json().value(QStringLiteral("thread")).toObject().value(QStringLiteral("assignee")).toString(), kAna);

        result = reply(conversation.id, m_anaToken, QStringLiteral("  Hi, Ana here. It takes 2-4 working days.  "));
        QCOMPARE(result.status, 201);
        const QJsonObject message = result.json().value(QStringLiteral("message")).toObject();
        QCOMPARE(message.value(QStringLiteral("role")).toString(), QStringLiteral("human"));
        QCOMPARE(message.value(QStringLiteral("author")).toString(), kAna);
        QCOMPARE(message.value(QStringLiteral("content")).toString(), QStringLiteral("Hi, Ana here. It takes 2-4 working days."));
        QVERIFY(!message.value(QStringLiteral("id")).toString().isEmpty());

        // The shopper's side sees it through the thread API.
        result = m_client->readThread(conversation.id, conversation.token);
        QCOMPARE(result.status, 200);
        QCOMPARE(result.json().value(QStringLiteral("status")).toString(), QStringLiteral("human"));
        const QJsonArray messages = result.json().value(QStringLiteral("messages")).toArray();
        const QJsonObject last = messages.last().toObject();
        QCOMPARE(last.value(QStringLiteral("id")).toString(), message.value(QStringLiteral("id")).toString());
        QCOMPARE(last.value(QStringLiteral("role")).toString(), QStringLiteral("human"));
        QCOMPARE(last.value(QStringLiteral("author")).toString(), kAna);

        result = act(conversation.id, QStringLiteral("handback"), m_anaToken);
        QCOMPARE(result.status, 200);
        thread = result.json().value(QStringLiteral("thread")).toObject();
        QCOMPARE(thread.value(QStringLiteral("status")).toString(), QStringLiteral("bot"));
        QVERIFY(!thread.contains(QStringLiteral("assignee")));
        // The agent answers again.
        result = m_client->sendMessage(QStringLiteral("And to Ireland?"), conversation.id, conversation.token);
        QCOMPARE(result.status, 200);
        QVERIFY(result.json().value(QStringLiteral("message")).isObject());

        QCOMPARE(act(conversation.id, QStringLiteral("takeover"), m_benToken).status, 200);
        result = act(conversation.id, QStringLiteral("close"), m_benToken);
        QCOMPARE(result.status, 200);
        thread = result.json().value(QStringLiteral("thread")).toObject();
        QCOMPARE(thread.value(QStringLiteral("status")).toString(), QStringLiteral("closed"));
        QVERIFY(!thread.contains(QStringLiteral("assignee")));
        QCOMPARE(act(conversation.id, QStringLiteral("close"), m_anaToken).status, 200); // closed already: fine

        // Who did what, in order, with times.
        const QJsonObject detail = adminThread(conversation.id);
        const QJsonArray actions = detail.value(QStringLiteral("actions")).toArray();
        QCOMPARE(actionNames(actions), (QStringList{QStringLiteral("takeover:agent.ana"), QStringLiteral("reply:agent.ana"),
                                                    QStringLiteral("handback:agent.ana"), QStringLiteral("takeover:agent.ben"),
                                                    QStringLiteral("close:agent.ben")}));
        for (const QJsonValue &value : actions)
            QVERIFY(QDateTime::fromString(value.toObject().value(QStringLiteral("at")).toString(), Qt::ISODateWithMs).isValid());
    }

    void secondOperatorIsRefused()
    {
        const Conversation conversation = newConversation();
        QVERIFY(!conversation.id.isEmpty());
        QCOMPARE(act(conversation.id, QStringLiteral("takeover"), m_anaToken).status, 200);
        const qint64 messagesBefore = adminThread(conversation.id).value(QStringLiteral("messages")).toArray().size();

        HttpResult result = act(conversation.id, QStringLiteral("takeover"), m_benToken);
        QCOMPARE(result.status, 409);
        QCOMPARE(result.errorCode(), QStringLiteral("held_by_other"));
        QCOMPARE(result.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString(),
                 QStringLiteral("agent.ana is handling this thread"));
        result = reply(conversation.id, m_benToken, QStringLiteral("Ben here"));
        QCOMPARE(result.status, 409);
        QCOMPARE(result.errorCode(), QStringLiteral("not_holder"));
        result = act(conversation.id, QStringLiteral("handback"), m_benToken);
        QCOMPARE(result.status, 409);
        QCOMPARE(result.errorCode(), QStringLiteral("not_holder"));
        result = act(conversation.id, QStringLiteral("close"), m_benToken);
        QCOMPARE(result.status, 409);
        QCOMPARE(result.errorCode(), QStringLiteral("held_by_other"));

        const QJsonObject detail = adminThread(conversation.id);
        QCOMPARE(detail.value(QStringLiteral("thread")).toObject().value(QStringLiteral("assignee")).toString(), kAna);
        QCOMPARE(detail.value(QStringLiteral("messages")).toArray().size(), messagesBefore);
        QCOMPARE(actionNames(detail.value(QStringLiteral("actions")).toArray()), QStringList{QStringLiteral("takeover:agent.ana")});
    }

    void racingTakeOversHaveOneWinner()
    {
        for (int round = 0; round < 5; ++round) {
            const Conversation conversation = newConversation();
            QVERIFY(!conversation.id.isEmpty());
            // Two clients, two connections, both requests in flight at once.
            ApiClient anaClient(m_server->port());
            ApiClient benClient(m_server->port());
            QNetworkReply *anaReply = anaClient.start("POST", path(conversation.id, QStringLiteral("takeover")), "{}",
                                                      ApiClient::bearer(m_anaToken));
            QNetworkReply *benReply = benClient.start("POST", path(conversation.id, QStringLiteral("takeover")), "{}",
                                                      ApiClient::bearer(m_benToken));
            const HttpResult ana = ApiClient::finish(anaReply);
            const HttpResult ben = ApiClient::finish(benReply);
            QCOMPARE(QList<int>({ana.status, ben.status}).count(200), 1);
            QCOMPARE(QList<int>({ana.status, ben.status}).count(409), 1);
            const QString winner = ana.status == 200 ? kAna : kBen;
            const HttpResult &loser = ana.status == 200 ? ben : ana;
            QCOMPARE(loser.errorCode(), QStringLiteral("held_by_other"));
            const QJsonObject detail = adminThread(conversation.id);
            QCOMPARE(detail.value(QStringLiteral("thread")).toObject().value(QStringLiteral("assignee")).toString(), winner);
            QCOMPARE(detail.value(QStringLiteral("actions")).toArray().size(), 1);
        }
    }

    void replyAndHandBackNeedTheHolder()
    {
        const Conversation conversation = newConversation();
        QVERIFY(!conversation.id.isEmpty());
        HttpResult result = reply(conversation.id, m_anaToken, QStringLiteral("Nobody took this over"));
        QCOMPARE(result.status, 409);
        QCOMPARE(result.errorCode(), QStringLiteral("not_holder"));
        result = act(conversation.id, QStringLiteral("handback"), m_anaToken);
        QCOMPARE(result.status, 409);
        QCOMPARE(result.errorCode(), QStringLiteral("not_holder"));
        QCOMPARE(adminThread(conversation.id).value(QStringLiteral("actions")).toArray().size(), 0);
    }

    void closedThreadCanBeTakenOver()
    {
        const Conversation conversation = newConversation();
        QVERIFY(!conversation.id.isEmpty());
        // Nobody holds it: anyone may close it.
        HttpResult result = act(conversation.id, QStringLiteral("close"), m_benToken);
        QCOMPARE(result.status, 200);
        QCOMPARE(result.json().value(QStringLiteral("thread")).toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("closed"));
        result = act(conversation.id, QStringLiteral("takeover"), m_anaToken);
        QCOMPARE(result.status, 200);
        const QJsonObject thread = result.json().value(QStringLiteral("thread")).toObject();
        QCOMPARE(thread.value(QStringLiteral("status")).toString(), QStringLiteral("human"));
        QCOMPARE(thread.value(QStringLiteral("assignee")).toString(), kAna);
    }

    void userMessageWhileHumanGetsNoBotAnswer()
    {
        const Conversation conversation = newConversation();
        QVERIFY(!conversation.id.isEmpty());
        QCOMPARE(act(conversation.id, QStringLiteral("takeover"), m_anaToken).status, 200);
        const HttpResult result = m_client->sendMessage(QStringLiteral("Are you a real person?"), conversation.id,
                                                        conversation.token);
        QCOMPARE(result.status, 200);
        QCOMPARE(result.json().value(QStringLiteral("status")).toString(), QStringLiteral("human"));
        QVERIFY(result.json().value(QStringLiteral("message")).isNull());
        const QJsonArray messages =
            m_client->readThread(conversation.id, conversation.token).json().value(QStringLiteral("messages")).toArray();
        QCOMPARE(messages.last().toObject().value(QStringLiteral("role")).toString(), QStringLiteral("user"));
        QCOMPARE(messages.last().toObject().value(QStringLiteral("content")).toString(), QStringLiteral("Are you a real person?"));
    }

    void unknownThreadIsNotFound_data()
    {
        QTest::addColumn<QString>("action");
        QTest::addColumn<QString>("threadId");
        const QString unknown = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QString tooLong(300, QLatin1Char('a'));
        for (const char *action : {"takeover", "reply", "handback", "close"}) {
            QTest::addRow("%s unknown", action) << QString::fromLatin1(action) << unknown;
            QTest::addRow("%s too long", action) << QString::fromLatin1(action) << tooLong;
        }
    }

    void unknownThreadIsNotFound()
    {
        QFETCH(QString, action);
        QFETCH(QString, threadId);
        const HttpResult result = act(threadId, action, m_anaToken, {{QStringLiteral("text"), QStringLiteral("Hello")}});
        QCOMPARE(result.status, 404);
        QCOMPARE(result.errorCode(), QStringLiteral("not_found"));
    }

    void operatorsOnly_data()
    {
        QTest::addColumn<QString>("action");
        QTest::addColumn<QByteArray>("authorization");
        for (const char *action : {"takeover", "reply", "handback", "close"}) {
            QTest::addRow("%s without token", action) << QString::fromLatin1(action) << QByteArray();
            QTest::addRow("%s with unknown token", action) << QString::fromLatin1(action) << QByteArray("Bearer not-a-session");
            QTest::addRow("%s with basic auth", action) << QString::fromLatin1(action) << QByteArray("Basic YWdlbnQ6cHc=");
        }
    }

    void operatorsOnly()
    {
        QFETCH(QString, action);
        QFETCH(QByteArray, authorization);
        const Conversation conversation = newConversation();
        QVERIFY(!conversation.id.isEmpty());
        ApiClient::Headers headers;
        if (!authorization.isEmpty())
            headers.append({"Authorization", authorization});
        // A shopper's thread token is no operator token either.
        const HttpResult result = m_client->post(path(conversation.id, action), {{QStringLiteral("text"), QStringLiteral("Hi")}},
                                                 headers);
        QCOMPARE(result.status, 401);
        QCOMPARE(result.errorCode(), QStringLiteral("unauthorized"));
        const QJsonObject detail = adminThread(conversation.id);
        QCOMPARE(detail.value(QStringLiteral("thread")).toObject().value(QStringLiteral("status")).toString(), QStringLiteral("bot"));
        QCOMPARE(detail.value(QStringLiteral("actions")).toArray().size(), 0);
    }

    void editorsAndAdminsMayActToo()
    {
        // Roles include the ones below them: an editor holds the agent role.
        const Conversation conversation = newConversation();
        QVERIFY(!conversation.id.isEmpty());
        const HttpResult result = act(conversation.id, QStringLiteral("takeover"), m_editorToken);
        QCOMPARE(result.status, 200);
        QCOMPARE(result.json().value(QStringLiteral("thread")).toObject().value(QStringLiteral("assignee")).toString(),
                 QStringLiteral("editor.eve"));
    }

    void badReplyBodiesStoreNothing_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<int>("status");
        const QByteArray json = "application/json";
        QTest::newRow("no body") << QByteArray() << json << 400;
        QTest::newRow("empty object") << QByteArray("{}") << json << 400;
        QTest::newRow("malformed") << QByteArray("{\"text\": ") << json << 400;
        QTest::newRow("array") << QByteArray("[\"hello\"]") << json << 400;
        QTest::newRow("number") << QByteArray("{\"text\": 42}") << json << 400;
        QTest::newRow("null") << QByteArray("{\"text\": null}") << json << 400;
        QTest::newRow("object") << QByteArray("{\"text\": {\"a\": 1}}") << json << 400;
        QTest::newRow("empty text") << QByteArray("{\"text\": \"\"}") << json << 422;
        QTest::newRow("blank text") << QByteArray("{\"text\": \" \\n\\t \"}") << json << 422;
        QTest::newRow("too long") << QByteArray("{\"text\": \"" + QByteArray(4001, 'a') + "\"}") << json << 422;
        QTest::newRow("control character") << QByteArray("{\"text\": \"bell \\u0007\"}") << json << 422;
        QTest::newRow("escape character") << QByteArray("{\"text\": \"\\u001b[31mred\"}") << json << 422;
        QTest::newRow("lone surrogate") << QByteArray("{\"text\": \"\\ud800 x\"}") << json << 422;
        QTest::newRow("invalid UTF-8") << QByteArray("{\"text\": \"caf\xe9\"}") << json << 422;
        QTest::newRow("not JSON") << QByteArray("text=hello") << QByteArray("application/x-www-form-urlencoded") << 415;
    }

    void badReplyBodiesStoreNothing()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        QFETCH(int, status);
        if (m_heldForBodies.isEmpty()) {
            const Conversation conversation = newConversation();
            QVERIFY(!conversation.id.isEmpty());
            QCOMPARE(act(conversation.id, QStringLiteral("takeover"), m_anaToken).status, 200);
            m_heldForBodies = conversation.id;
        }
        const QJsonObject before = adminThread(m_heldForBodies);
        const HttpResult result = m_client->postBytes(path(m_heldForBodies, QStringLiteral("reply")), body, contentType,
                                                      ApiClient::bearer(m_anaToken));
        QCOMPARE(result.status, status);
        QVERIFY(!result.errorCode().isEmpty());
        QVERIFY2(leakIn(result.body).isEmpty(), result.body.constData());
        const QJsonObject after = adminThread(m_heldForBodies);
        QCOMPARE(after.value(QStringLiteral("messages")).toArray().size(), before.value(QStringLiteral("messages")).toArray().size());
        QCOMPARE(after.value(QStringLiteral("actions")).toArray().size(), before.value(QStringLiteral("actions")).toArray().size());
    }

    void longestReplyIsAccepted()
    {
        const Conversation conversation = newConversation();
        QVERIFY(!conversation.id.isEmpty());
        QCOMPARE(act(conversation.id, QStringLiteral("takeover"), m_anaToken).status, 200);
        // 4000 characters, emoji counted as one each.
        QString text;
        for (int i = 0; i < 2000; ++i)
            text += QStringLiteral("a\U0001F600");
        const HttpResult result = reply(conversation.id, m_anaToken, text);
        QCOMPARE(result.status, 201);
        QCOMPARE(result.json().value(QStringLiteral("message")).toObject().value(QStringLiteral("content")).toString(), text);
    }

    void ticketsList()
    {
        const HttpResult turn = m_client->sendMessage(
            QStringLiteral("I want to make a complaint: my boots fell apart after two walks. jane@example.com"));
        QCOMPARE(turn.status, 200);
        const QString threadId = turn.json().value(QStringLiteral("thread_id")).toString();

        HttpResult result = m_client->get(QStringLiteral("/admin/agent/tickets?thread_id=") + threadId, ApiClient::bearer(m_anaToken));
        QCOMPARE(result.status, 200);
        QJsonArray tickets = result.json().value(QStringLiteral("tickets")).toArray();
        QCOMPARE(tickets.size(), 1);
        const QJsonObject ticket = tickets.first().toObject();
        QVERIFY(ticket.value(QStringLiteral("id")).toString().startsWith(QStringLiteral("T-")));
        QCOMPARE(ticket.value(QStringLiteral("thread_id")).toString(), threadId);
        QCOMPARE(ticket.value(QStringLiteral("status")).toString(), QStringLiteral("open"));
        QCOMPARE(ticket.value(QStringLiteral("email")).toString(), QStringLiteral("jane@example.com"));
        QCOMPARE(result.json().value(QStringLiteral("limit")).toInt(), 50);

        result = m_client->get(QStringLiteral("/admin/agent/tickets?status=open&limit=500&offset=0"), ApiClient::bearer(m_anaToken));
        QCOMPARE(result.status, 200);
        QVERIFY(result.json().value(QStringLiteral("tickets")).toArray().size() >= 1);
        result = m_client->get(QStringLiteral("/admin/agent/tickets?status=solved&thread_id=") + threadId,
                               ApiClient::bearer(m_anaToken));
        QCOMPARE(result.status, 200);
        QCOMPARE(result.json().value(QStringLiteral("tickets")).toArray().size(), 0);
        result = m_client->get(QStringLiteral("/admin/agent/tickets?offset=100000"), ApiClient::bearer(m_anaToken));
        QCOMPARE(result.status, 200);
        QCOMPARE(result.json().value(QStringLiteral("tickets")).toArray().size(), 0);
    }

    void ticketsListRefusals_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<bool>("signedIn");
        QTest::addColumn<int>("status");
        QTest::newRow("no token") << QString() << false << 401;
        QTest::newRow("unknown status") << QStringLiteral("?status=lost") << true << 400;
        QTest::newRow("limit 0") << QStringLiteral("?limit=0") << true << 400;
        QTest::newRow("limit too big") << QStringLiteral("?limit=501") << true << 400;
        QTest::newRow("negative offset") << QStringLiteral("?offset=-1") << true << 400;
        QTest::newRow("limit not a number") << QStringLiteral("?limit=ten") << true << 400;
        QTest::newRow("thread id too long") << QStringLiteral("?thread_id=") + QString(100, QLatin1Char('x')) << true << 400;
    }

    void ticketsListRefusals()
    {
        QFETCH(QString, query);
        QFETCH(bool, signedIn);
        QFETCH(int, status);
        const HttpResult result = m_client->get(QStringLiteral("/admin/agent/tickets") + query,
                                                signedIn ? ApiClient::bearer(m_anaToken) : ApiClient::Headers{});
        QCOMPARE(result.status, status);
        QVERIFY(!result.errorCode().isEmpty());
    }

private:
    QString m_heldForBodies;
};

QTEST_GUILESS_MAIN(TestThreadActionsApi)
#include "tst_threadactionsapi.moc"

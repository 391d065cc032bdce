#include "support/apiclient.h"
#include "support/testserver.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>
#include <memory>

namespace {

const QRegularExpression kUuidV4(QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
const QString kOperator = QStringLiteral("agent.ana");
const QString kPassword = QStringLiteral("correct horse battery");

struct OpenedThread
{
    QString id;
    QString token;
    QJsonObject reply; // the first answer
};

QJsonArray messagesOf(const HttpResult &result)
{
    return result.json().value(QStringLiteral("messages")).toArray();
}

} // namespace

// The shopper-facing agent API over HTTP, against a whole in-process supportd.
class TestAgentApi : public QObject
{
    Q_OBJECT

private:
    OpenedThread openThread(const QString &text = QStringLiteral("How long does delivery take?"))
    {
        const HttpResult result = m_client->sendMessage(text);
        OpenedThread thread;
        if (result.status != 200)
            return thread;
        thread.reply = result.json();
        thread.id = thread.reply.value(QStringLiteral("thread_id")).toString();
        thread.token = thread.reply.value(QStringLiteral("thread_token")).toString();
        return thread;
    }

    HttpResult sendFeedback(const QJsonObject &body, const QString &token)
    {
        return m_client->post(QStringLiteral("/api/agent/feedback"), body, ApiClient::threadToken(token));
    }

    QJsonObject adminThread(const QString &threadId)
    {
        return m_client->get(QStringLiteral("/admin/agent/threads/") + threadId, ApiClient::bearer(m_operatorToken)).json();
    }

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ApiClient> m_client;
    QString m_operatorToken;

private slots:
    void initTestCase()
    {
        m_server = std::make_unique<TestServer>();
        START_TEST_SERVER(*m_server);
        QVERIFY2(m_server->addOperator(kOperator, OperatorRole::Agent, kPassword), qPrintable(m_server->errorString()));
        m_client = std::make_unique<ApiClient>(m_server->port());
        m_operatorToken = m_client->login(kOperator, kPassword);
        QVERIFY(!m_operatorToken.isEmpty());
    }

    void cleanupTestCase()
    {
        m_client.reset();
        m_server.reset();
    }

    void firstMessageOpensAThread()
    {
        const HttpResult result = m_client->sendMessage(QStringLiteral("How long does delivery take?"));
        QCOMPARE(result.status, 200);
        QCOMPARE(result.header("Content-Type"), QByteArray("application/json"));
        const QJsonObject body = result.json();
        const QString threadId = body.value(QStringLiteral("thread_id")).toString();
        QVERIFY2(kUuidV4.match(threadId).hasMatch(), qPrintable(threadId));
        QVERIFY(body.value(QStringLiteral("thread_token")).toString().size() >= 32);
        QCOMPARE(body.value(QStringLiteral("status")).toString(), QStringLiteral("bot"));
        QVERIFY(!body.value(QStringLiteral("trace_id")).toString().isEmpty());

        const QJsonObject message = body.value(QStringLiteral("message")).toObject();
        QVERIFY(!message.value(QStringLiteral("id")).toString().isEmpty());
        QCOMPARE(message.value(QStringLiteral("role")).toString(), QStringLiteral("assistant"));
        const QString content = message.value(QStringLiteral("content")).toString();
        const QJsonArray citations = message.value(QStringLiteral("citations")).toArray();
        QVERIFY2(!citations.isEmpty(), qPrintable(content));
        for (const QJsonValue &value : citations) {
            const QJsonObject citation = value.toObject();
            for (const char *key : {"doc_id", "title", "url", "snippet"})
                QVERIFY2(!citation.value(QLatin1String(key)).toString().isEmpty(), key);
        }
        const QString title = citations.first().toObject().value(QStringLiteral("title")).toString();
        QVERIFY2(content.contains(QStringLiteral("(See: ") + title + QLatin1Char(')')), qPrintable(content));

        // Each new thread gets its own id and token.
        const OpenedThread other = openThread();
        QVERIFY(!other.id.isEmpty());
        QVERIFY(other.id != threadId);
        QVERIFY(other.token != body.value(QStringLiteral("thread_token")).toString());
    }

    void continuingNeedsTheToken()
    {
        const OpenedThread thread = openThread();
        QVERIFY(!thread.id.isEmpty());
        const HttpResult next = m_client->sendMessage(QStringLiteral("And how much does it cost?"), thread.id, thread.token);
        QCOMPARE(next.status, 200);
        const QJsonObject body = next.json();
        QCOMPARE(body.value(QStringLiteral("thread_id")).toString(), thread.id);
        QVERIFY(!body.contains(QStringLiteral("thread_token")));
        QCOMPARE(body.value(QStringLiteral("status")).toString(), QStringLiteral("bot"));
        QVERIFY(body.value(QStringLiteral("trace_id")).toString() != thread.reply.value(QStringLiteral("trace_id")).toString());

        const QJsonArray messages = messagesOf(m_client->readThread(thread.id, thread.token));
        QCOMPARE(messages.size(), 4);
        QCOMPARE(messages.at(2).toObject().value(QStringLiteral("content")).toString(),
                 QStringLiteral("And how much does it cost?"));
        QCOMPARE(messages.at(3).toObject().value(QStringLiteral("id")).toString(),
                 body.value(QStringLiteral("message")).toObject().value(QStringLiteral("id")).toString());
    }

    void foreignAccessLooksLikeAnUnknownThread_data()
    {
        QTest::addColumn<QString>("who");
        QTest::newRow("wrong token") << QStringLiteral("wrong");
        QTest::newRow("missing token") << QStringLiteral("missing");
        QTest::newRow("another thread's token") << QStringLiteral("other");
        QTest::newRow("token with a character changed") << QStringLiteral("tweaked");
    }

    void foreignAccessLooksLikeAnUnknownThread()
    {
        QFETCH(QString, who);
        const OpenedThread thread = openThread();
        const OpenedThread other = openThread();
        QVERIFY(!thread.id.isEmpty() && !other.id.isEmpty());
        QString token;
        if (who == QLatin1String("wrong"))
            token = QStringLiteral("not-the-token");
        else if (who == QLatin1String("other"))
            token = other.token;
        else if (who == QLatin1String("tweaked"))
            token = thread.token.left(thread.token.size() - 1) + (thread.token.endsWith(QLatin1Char('A')) ? u'B' : u'A');
        const QString unknownId = QStringLiteral("3f2b8c1e-9d4a-4e6b-8a7c-1d2e3f4a5b6c");
        const QString messageId = thread.reply.value(QStringLiteral("message")).toObject().value(QStringLiteral("id")).toString();
        const auto feedback = [&](const QString &threadId) {
            return QJsonObject{{QStringLiteral("thread_id"), threadId},
                               {QStringLiteral("message_id"), messageId},
                               {QStringLiteral("rating"), QStringLiteral("up")}};
        };

        // What an unknown thread looks like, with a token that is valid elsewhere.
        const HttpResult unknownMessage = m_client->sendMessage(QStringLiteral("hello"), unknownId, thread.token);
        const HttpResult unknownRead = m_client->readThread(unknownId, thread.token);
        const HttpResult unknownFeedback = sendFeedback(feedback(unknownId), thread.token);
        for (const HttpResult *result : {&unknownMessage, &unknownRead, &unknownFeedback}) {
            QCOMPARE(result->status, 404);
            QCOMPARE(result->errorCode(), QStringLiteral("not_found"));
        }

        const HttpResult message = m_client->sendMessage(QStringLiteral("hello"), thread.id, token);
        QCOMPARE(message.status, 404);
        QCOMPARE(message.body, unknownMessage.body);
        const HttpResult read = m_client->readThread(thread.id, token);
        QCOMPARE(read.status, 404);
        QCOMPARE(read.body, unknownRead.body);
        const HttpResult rated = sendFeedback(feedback(thread.id), token);
        QCOMPARE(rated.status, 404);
        QCOMPARE(rated.body, unknownFeedback.body);

        // Nothing reached the thread.
        const QJsonObject stored = adminThread(thread.id);
        QCOMPARE(stored.value(QStringLiteral("messages")).toArray().size(), 2);
        QCOMPARE(stored.value(QStringLiteral("feedback")).toArray().size(), 0);
    }

    void threadIdThatIsNoUuid_data()
    {
        QTest::addColumn<QString>("threadId");
        QTest::newRow("word") << QStringLiteral("abc");
        QTest::newRow("number-like") << QStringLiteral("12345");
        QTest::newRow("upper-case form of a real id") << QStringLiteral("UPPER");
        QTest::newRow("real id in braces") << QStringLiteral("BRACES");
        QTest::newRow("real id plus a space") << QStringLiteral("SPACE");
        QTest::newRow("SQL") << QStringLiteral("' OR '1'='1");
        QTest::newRow("path") << QStringLiteral("../../etc/passwd");
        QTest::newRow("uuid shape, not hex") << QStringLiteral("gggggggg-gggg-4ggg-8ggg-gggggggggggg");
        QTest::newRow("very long") << QString(5000, QLatin1Char('a'));
    }

    void threadIdThatIsNoUuid()
    {
        QFETCH(QString, threadId);
        const OpenedThread thread = openThread();
        QVERIFY(!thread.id.isEmpty());
        if (threadId == QLatin1String("UPPER"))
            threadId = thread.id.toUpper();
        else if (threadId == QLatin1String("BRACES"))
            threadId = QLatin1Char('{') + thread.id + QLatin1Char('}');
        else if (threadId == QLatin1String("SPACE"))
            threadId = thread.id + QLatin1Char(' ');
        const HttpResult result = m_client->sendMessage(QStringLiteral("hello"), threadId, thread.token);
        QCOMPARE(result.status, 404);
        QCOMPARE(result.errorCode(), QStringLiteral("not_found"));
        QCOMPARE(adminThread(thread.id).value(QStringLiteral("messages")).toArray().size(), 2);
    }

    void readThreadReturnsTheLastMessages_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<int>("expected");
        QTest::newRow("limit=1") << QStringLiteral("?limit=1") << 1;
        QTest::newRow("limit=4") << QStringLiteral("?limit=4") << 4;
        QTest::newRow("limit=6") << QStringLiteral("?limit=6") << 6;
        QTest::newRow("limit=500") << QStringLiteral("?limit=500") << 6;
        QTest::newRow("no limit") << QString() << 6;
    }

    void readThreadReturnsTheLastMessages()
    {
        QFETCH(QString, query);
        QFETCH(int, expected);
        const OpenedThread thread = openThread(QStringLiteral("question 1: how long does delivery take?"));
        QVERIFY(!thread.id.isEmpty());
        QStringList replies{thread.reply.value(QStringLiteral("message")).toObject().value(QStringLiteral("id")).toString()};
        for (int turn = 2; turn <= 3; ++turn) {
            const HttpResult next = m_client->sendMessage(QStringLiteral("question %1: can I return shoes?").arg(turn),
                                                          thread.id, thread.token);
            QCOMPARE(next.status, 200);
            replies.append(next.json().value(QStringLiteral("message")).toObject().value(QStringLiteral("id")).toString());
        }

        const HttpResult result = m_client->readThread(thread.id, thread.token, query);
        QCOMPARE(result.status, 200);
        QCOMPARE(result.json().value(QStringLiteral("thread_id")).toString(), thread.id);
        QCOMPARE(result.json().value(QStringLiteral("status")).toString(), QStringLiteral("bot"));
        const QJsonArray messages = messagesOf(result);
        QCOMPARE(messages.size(), expected);
        // Oldest first, ending with the newest reply: message k of 6 overall.
        for (int i = 0; i < expected; ++i) {
            const int overall = 6 - expected + i;
            const QJsonObject message = messages.at(i).toObject();
            const bool fromUser = overall % 2 == 0;
            QCOMPARE(message.value(QStringLiteral("role")).toString(),
                     fromUser ? QStringLiteral("user") : QStringLiteral("assistant"));
            if (fromUser)
                QVERIFY(message.value(QStringLiteral("content")).toString().startsWith(
                    QStringLiteral("question %1:").arg(overall / 2 + 1)));
            else
                QCOMPARE(message.value(QStringLiteral("id")).toString(), replies.at(overall / 2));
            QVERIFY(!message.contains(QStringLiteral("trace_id"))); // internal
        }
    }

    void readThreadDefaultsToFifty()
    {
        const OpenedThread thread = openThread(QStringLiteral("turn 0"));
        QVERIFY(!thread.id.isEmpty());
        for (int turn = 1; turn < 26; ++turn)
            QCOMPARE(m_client->sendMessage(QStringLiteral("turn %1").arg(turn), thread.id, thread.token).status, 200);
        // 52 stored messages; by default the newest 50, i.e. from turn 1's question on.
        const QJsonArray messages = messagesOf(m_client->readThread(thread.id, thread.token));
        QCOMPARE(messages.size(), 50);
        QCOMPARE(messages.first().toObject().value(QStringLiteral("content")).toString(), QStringLiteral("turn 1"));
        QCOMPARE(messages.last().toObject().value(QStringLiteral("role")).toString(), QStringLiteral("assistant"));
        QCOMPARE(messagesOf(m_client->readThread(thread.id, thread.token, QStringLiteral("?limit=52"))).size(), 52);
    }

    void readThreadWithABadLimit_data()
    {
        QTest::addColumn<QString>("query");
        QTest::newRow("zero") << QStringLiteral("?limit=0");
        QTest::newRow("negative") << QStringLiteral("?limit=-1");
        QTest::newRow("over 500") << QStringLiteral("?limit=501");
        QTest::newRow("word") << QStringLiteral("?limit=abc");
        QTest::newRow("empty") << QStringLiteral("?limit=");
        QTest::newRow("fraction") << QStringLiteral("?limit=1.5");
        QTest::newRow("digits then letters") << QStringLiteral("?limit=10abc");
        QTest::newRow("overflows an int") << QStringLiteral("?limit=99999999999999999999");
    }

    void readThreadWithABadLimit()
    {
        QFETCH(QString, query);
        const OpenedThread thread = openThread();
        const HttpResult result = m_client->readThread(thread.id, thread.token, query);
        QCOMPARE(result.status, 400);
        QCOMPARE(result.errorCode(), QStringLiteral("bad_request"));
    }

    void feedbackIsStoredAndReplaced()
    {
        const OpenedThread thread = openThread();
        const QString messageId = thread.reply.value(QStringLiteral("message")).toObject().value(QStringLiteral("id")).toString();
        QJsonObject body{{QStringLiteral("thread_id"), thread.id},
                         {QStringLiteral("message_id"), messageId},
                         {QStringLiteral("rating"), QStringLiteral("up")},
                         {QStringLiteral("tags"), QJsonArray{QStringLiteral("helpful")}}};
        HttpResult result = sendFeedback(body, thread.token);
        QCOMPARE(result.status, 204);
        QVERIFY(result.body.isEmpty());
        QJsonArray feedback = adminThread(thread.id).value(QStringLiteral("feedback")).toArray();
        QCOMPARE(feedback.size(), 1);
        QCOMPARE(feedback.first().toObject().value(QStringLiteral("rating")).toString(), QStringLiteral("up"));

        body[QStringLiteral("rating")] = QStringLiteral("down");
        body[QStringLiteral("tags")] = QJsonArray{QStringLiteral("wrong answer"), QStringLiteral("too long")};
        QCOMPARE(sendFeedback(body, thread.token).status, 204);
        feedback = adminThread(thread.id).value(QStringLiteral("feedback")).toArray();
        QCOMPARE(feedback.size(), 1);
        const QJsonObject stored = feedback.first().toObject();
        QCOMPARE(stored.value(QStringLiteral("message_id")).toString(), messageId);
        QCOMPARE(stored.value(QStringLiteral("rating")).toString(), QStringLiteral("down"));
        QCOMPARE(stored.value(QStringLiteral("tags")).toArray(),
                 (QJsonArray{QStringLiteral("wrong answer"), QStringLiteral("too long")}));
    }

    void feedbackRefused_data()
    {
        QTest::addColumn<QString>("change"); // field=value applied to a valid body; value "<drop>" removes it
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<int>("status");

        const QJsonValue drop;
        QTest::newRow("rating meh") << "rating" << QJsonValue(QStringLiteral("meh")) << 400;
        QTest::newRow("rating upper case") << "rating" << QJsonValue(QStringLiteral("UP")) << 400;
        QTest::newRow("rating a number") << "rating" << QJsonValue(1) << 400;
        QTest::newRow("rating missing") << "rating" << drop << 400;
        QTest::newRow("thread_id missing") << "thread_id" << drop << 400;
        QTest::newRow("message_id missing") << "message_id" << drop << 400;
        QTest::newRow("message_id a number") << "message_id" << QJsonValue(7) << 400;
        QTest::newRow("tags a string") << "tags" << QJsonValue(QStringLiteral("helpful")) << 400;
        QTest::newRow("tags with a number") << "tags" << QJsonValue(QJsonArray{1}) << 400;
        QJsonArray eleven;
        for (int i = 0; i < 11; ++i)
            eleven.append(QStringLiteral("tag%1").arg(i));
        QTest::newRow("eleven tags") << "tags" << QJsonValue(eleven) << 422;
        QTest::newRow("empty tag") << "tags" << QJsonValue(QJsonArray{QString()}) << 422;
        QTest::newRow("tag with ESC") << "tags" << QJsonValue(QJsonArray{QStringLiteral("a\u001bb")}) << 422;
        QTest::newRow("unknown message") << "message_id" << QJsonValue(QStringLiteral("5c0e2a44-7f3b-4c55-9a1e-0b6d2c3e4f50"))
                                         << 404;
        QTest::newRow("the user's own message") << "message_id" << QJsonValue(QStringLiteral("USER")) << 404;
        QTest::newRow("a reply in another thread") << "message_id" << QJsonValue(QStringLiteral("OTHER")) << 404;
    }

    void feedbackRefused()
    {
        QFETCH(QString, change);
        QFETCH(QJsonValue, value);
        QFETCH(int, status);
        const OpenedThread thread = openThread();
        const OpenedThread other = openThread();
        if (value == QJsonValue(QStringLiteral("USER")))
            value = messagesOf(m_client->readThread(thread.id, thread.token)).first().toObject().value(QStringLiteral("id"));
        else if (value == QJsonValue(QStringLiteral("OTHER")))
            value = other.reply.value(QStringLiteral("message")).toObject().value(QStringLiteral("id"));
        QJsonObject body{{QStringLiteral("thread_id"), thread.id},
                         {QStringLiteral("message_id"),
                          thread.reply.value(QStringLiteral("message")).toObject().value(QStringLiteral("id"))},
                         {QStringLiteral("rating"), QStringLiteral("up")}};
        if (value.isNull())
            body.remove(change);
        else
            body.insert(change, value);
        const HttpResult result = sendFeedback(body, thread.token);
        QCOMPARE(result.status, status);
        QVERIFY(!result.errorCode().isEmpty());
        QCOMPARE(adminThread(thread.id).value(QStringLiteral("feedback")).toArray().size(), 0);
        QCOMPARE(adminThread(other.id).value(QStringLiteral("feedback")).toArray().size(), 0);
    }

    void askingForAPersonHandsOff()
    {
        const OpenedThread thread = openThread(QStringLiteral("I want to talk to a human"));
        QVERIFY(!thread.id.isEmpty());
        QCOMPARE(thread.reply.value(QStringLiteral("status")).toString(), QStringLiteral("handoff"));
        const QString handoffReply =
            thread.reply.value(QStringLiteral("message")).toObject().value(QStringLiteral("content")).toString();
        QVERIFY(!handoffReply.isEmpty());

        // The agent stays out of it now: an acknowledgement, nothing answered.
        const HttpResult next = m_client->sendMessage(QStringLiteral("How long does delivery take?"), thread.id, thread.token);
        QCOMPARE(next.status, 200);
        QCOMPARE(next.json().value(QStringLiteral("status")).toString(), QStringLiteral("handoff"));
        const QJsonObject ack = next.json().value(QStringLiteral("message")).toObject();
        QCOMPARE(ack.value(QStringLiteral("role")).toString(), QStringLiteral("assistant"));
        QVERIFY(!ack.value(QStringLiteral("content")).toString().isEmpty());
        QVERIFY2(!ack.value(QStringLiteral("content")).toString().contains(QStringLiteral("(See:")),
                 qPrintable(ack.value(QStringLiteral("content")).toString()));
        QVERIFY(ack.value(QStringLiteral("citations")).toArray().isEmpty());

        const HttpResult read = m_client->readThread(thread.id, thread.token);
        QCOMPARE(read.json().value(QStringLiteral("status")).toString(), QStringLiteral("handoff"));
        QCOMPARE(messagesOf(read).size(), 4);

        const auto listed = [this](const QString &status) {
            QStringList ids;
            const HttpResult list = m_client->get(QStringLiteral("/admin/agent/threads?status=") + status,
                                                  ApiClient::bearer(m_operatorToken));
            for (const QJsonValue &value : list.json().value(QStringLiteral("threads")).toArray())
                ids.append(value.toObject().value(QStringLiteral("id")).toString());
            return ids;
        };
        QVERIFY(listed(QStringLiteral("handoff")).contains(thread.id));
        QVERIFY(!listed(QStringLiteral("bot")).contains(thread.id));
    }

    // A new thread's row is written while the brain plans (GroupCommit): when
    // it cannot be stored, no tool runs for it (the handoff would write to
    // it), nothing is half stored, and the shopper is told to try again.
    void aNewThreadThatCannotBeStoredIsAnsweredUnavailable()
    {
        const QString file = QDir(m_server->dataDir()).filePath(QStringLiteral("supportd.sqlite"));
        if (!QFileInfo::exists(file))
            QSKIP("makes SQLite refuse new threads; this run stores them in PostgreSQL");
        const QString connection = QStringLiteral("refuse-threads");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
            db.setDatabaseName(file);
            db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral("CREATE TRIGGER refuse_threads BEFORE INSERT ON threads"
                                              " BEGIN SELECT RAISE(ABORT, 'refused'); END")));
            const auto count = [&db](const QString &sql) {
                QSqlQuery q(db);
                return q.exec(sql) && q.next() ? q.value(0).toInt() : -1;
            };
            const int threads = count(QStringLiteral("SELECT COUNT(*) FROM threads"));
            const int handoffs = count(QStringLiteral("SELECT COUNT(*) FROM handoffs"));
            const int traces = count(QStringLiteral("SELECT COUNT(*) FROM traces"));

            const HttpResult refused = m_client->sendMessage(QStringLiteral("I want to talk to a human"));
            QCOMPARE(refused.status, 503);
            QCOMPARE(refused.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
                     QStringLiteral("unavailable"));
            QVERIFY(!refused.body.contains("refused")); // no database text in the answer
            QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM threads")), threads);
            QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM handoffs")), handoffs);
            QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM traces")), traces);

            QVERIFY(query.exec(QStringLiteral("DROP TRIGGER refuse_threads")));
        }
        QSqlDatabase::removeDatabase(connection);
        const OpenedThread thread = openThread(QStringLiteral("I want to talk to a human"));
        QVERIFY(!thread.id.isEmpty());
        QCOMPARE(thread.reply.value(QStringLiteral("status")).toString(), QStringLiteral("handoff"));
    }
};

QTEST_GUILESS_MAIN(TestAgentApi)
#include "tst_agentapi.moc"

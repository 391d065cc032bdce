#include "support/apiclient.h"
#include "support/eventwait.h"
#include "support/liveclients.h"
#include "support/rawhttpclient.h"
#include "support/testserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <memory>

namespace {

const QString kPassword = QStringLiteral("correct horse battery");

QString typeOf(const QJsonObject &frame)
{
    return frame.value(QStringLiteral("type")).toString();
}

qint64 idOf(const QJsonObject &frame)
{
    return frame.value(QStringLiteral("id")).toInteger();
}

QByteArray upgradeRequest(const QByteArray &target, const QByteArray &authorization)
{
    QByteArray request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                         "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";
    if (!authorization.isEmpty())
        request += "Authorization: " + authorization + "\r\n";
    return request + "\r\n";
}

} // namespace

// The live event feeds, black-box over HTTP: the operators' WebSocket
// (GET /api/live) and a thread's Server-Sent Events
// (GET /api/agent/thread/{id}/events), on SQLite and PostgreSQL.
class TestLiveApi : public QObject
{
    Q_OBJECT

private:
    struct Conversation
    {
        QString id;
        QString token;
    };

    Conversation newConversation(const QString &text = QStringLiteral("How long does delivery take?"))
    {
        const HttpResult turn = m_client->sendMessage(text);
        if (turn.status != 200)
            return {};
        return {turn.json().value(QStringLiteral("thread_id")).toString(),
                turn.json().value(QStringLiteral("thread_token")).toString()};
    }

    HttpResult act(const QString &threadId, const QString &action, const QJsonObject &body = {})
    {
        return m_client->post(QStringLiteral("/admin/agent/threads/") + threadId + QLatin1Char('/') + action, body,
                              ApiClient::bearer(m_token));
    }

    // Frames of one thread's events, in arrival order.
    static QList<QJsonObject> eventsOf(const LiveSocketClient &client, const QString &threadId)
    {
        QList<QJsonObject> events;
        for (const QJsonObject &event : client.events()) {
            if (event.value(QStringLiteral("thread_id")).toString() == threadId)
                events.append(event);
        }
        return events;
    }

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ApiClient> m_client;
    QString m_token;
    QString m_editorToken;

private slots:
    void initTestCase()
    {
        m_server = std::make_unique<TestServer>();
        START_TEST_SERVER(*m_server);
        QVERIFY(m_server->addOperator(QStringLiteral("agent.ana"), OperatorRole::Agent, kPassword));
        QVERIFY(m_server->addOperator(QStringLiteral("editor.eve"), OperatorRole::Editor, kPassword));
        m_client = std::make_unique<ApiClient>(m_server->port());
        m_token = m_client->login(QStringLiteral("agent.ana"), kPassword);
        m_editorToken = m_client->login(QStringLiteral("editor.eve"), kPassword);
        QVERIFY(!m_token.isEmpty() && !m_editorToken.isEmpty());
    }

    void cleanupTestCase()
    {
        m_client.reset();
        m_server.reset();
    }

    void helloThenTheEventsOfATurnInOrder()
    {
        LiveSocketClient live(m_server->port());
        QVERIFY(live.open(m_token));
        QVERIFY(live.waitForFrames(1));
        const QJsonObject hello = live.frames().first();
        QCOMPARE(typeOf(hello), QStringLiteral("hello"));
        QVERIFY(!hello.value(QStringLiteral("epoch")).toString().isEmpty());
        const qint64 lastId = hello.value(QStringLiteral("last_id")).toInteger();
        QVERIFY(lastId > 0);

        const Conversation conversation = newConversation();
        QVERIFY(!conversation.id.isEmpty());
        QVERIFY(!live.waitForEvent(QStringLiteral("message.added"), conversation.id).isEmpty());
        QVERIFY(waitUntil([&] { return eventsOf(live, conversation.id).size() >= 3; }));
        const QList<QJsonObject> events = eventsOf(live, conversation.id);
        QCOMPARE(events.size(), 3);
        QCOMPARE(typeOf(events.at(0)), QStringLiteral("thread.created"));
        QCOMPARE(events.at(0).value(QStringLiteral("data")).toObject().value(QStringLiteral("id")).toString(), conversation.id);
        QCOMPARE(typeOf(events.at(1)), QStringLiteral("message.added"));
        QCOMPARE(events.at(1).value(QStringLiteral("data")).toObject().value(QStringLiteral("role")).toString(), QStringLiteral("user"));
        QCOMPARE(events.at(1).value(QStringLiteral("data")).toObject().value(QStringLiteral("content")).toString(),
                 QStringLiteral("How long does delivery take?"));
        QCOMPARE(typeOf(events.at(2)), QStringLiteral("message.added"));
        QCOMPARE(events.at(2).value(QStringLiteral("data")).toObject().value(QStringLiteral("role")).toString(),
                 QStringLiteral("assistant"));
        qint64 previous = lastId;
        for (const QJsonObject &event : events) {
            QVERIFY(idOf(event) > previous);
            previous = idOf(event);
            QVERIFY(QDateTime::fromString(event.value(QStringLiteral("at")).toString(), Qt::ISODateWithMs).isValid());
        }
    }

    void reconnectWithSinceReplaysWhatWasMissed()
    {
        LiveSocketClient first(m_server->port());
        QVERIFY(first.open(m_token));
        QVERIFY(first.waitForFrames(1));
        const QString epoch = first.frames().first().value(QStringLiteral("epoch")).toString();
        const qint64 since = first.frames().first().value(QStringLiteral("last_id")).toInteger();
        first.close();

        // Happens while no console is connected.
        const Conversation missed = newConversation();
        QVERIFY(!missed.id.isEmpty());

        LiveSocketClient second(m_server->port());
        QVERIFY(second.open(m_token, QStringLiteral("since=%1&epoch=%2").arg(since).arg(epoch)));
        QVERIFY(waitUntil([&] { return eventsOf(second, missed.id).size() >= 3; }));
        QCOMPARE(typeOf(second.frames().first()), QStringLiteral("hello"));
        QCOMPARE(second.frames().first().value(QStringLiteral("epoch")).toString(), epoch);
        const QList<QJsonObject> replayed = eventsOf(second, missed.id);
        QCOMPARE(typeOf(replayed.first()), QStringLiteral("thread.created"));
        for (const QJsonObject &event : second.events())
            QVERIFY(idOf(event) > since);
        // Live events follow the replay on the same connection.
        QCOMPARE(act(missed.id, QStringLiteral("takeover")).status, 200);
        const QJsonObject status = second.waitForEvent(QStringLiteral("thread.status"), missed.id);
        QVERIFY(!status.isEmpty());
        QVERIFY(idOf(status) > idOf(replayed.last()));
        QVERIFY(std::none_of(second.frames().cbegin(), second.frames().cend(),
                             [](const QJsonObject &frame) { return typeOf(frame) == QLatin1String("reset"); }));
    }

    void resetWhenTheLogCannotReplay_data()
    {
        QTest::addColumn<QString>("query");
        QTest::newRow("another epoch") << QStringLiteral("since={last}&epoch=0123456789abcdef");
        QTest::newRow("older than the ring") << QStringLiteral("since=1&epoch={epoch}");
        QTest::newRow("from the future") << QStringLiteral("since={future}&epoch={epoch}");
    }

    void resetWhenTheLogCannotReplay()
    {
        QFETCH(QString, query);
        LiveSocketClient probe(m_server->port());
        QVERIFY(probe.open(m_token));
        QVERIFY(probe.waitForFrames(1));
        const QJsonObject hello = probe.frames().first();
        const qint64 lastId = hello.value(QStringLiteral("last_id")).toInteger();
        probe.close();

        LiveSocketClient live(m_server->port());
        query.replace(QStringLiteral("{last}"), QString::number(lastId))
            .replace(QStringLiteral("{epoch}"), hello.value(QStringLiteral("epoch")).toString())
            .replace(QStringLiteral("{future}"), QString::number(lastId + 1000000));
        QVERIFY(live.open(m_token, query));
        QVERIFY(live.waitForFrames(2));
        QCOMPARE(typeOf(live.frames().at(0)), QStringLiteral("hello"));
        QCOMPARE(typeOf(live.frames().at(1)), QStringLiteral("reset"));
        // Live events still come after a reset.
        const Conversation conversation = newConversation();
        QVERIFY(!live.waitForEvent(QStringLiteral("thread.created"), conversation.id).isEmpty());
    }

    void upgradeNeedsAnOperatorToken_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QByteArray>("authorization");
        QTest::addColumn<int>("status");
        QTest::newRow("no token") << QByteArray("/api/live") << QByteArray() << 401;
        QTest::newRow("unknown token") << QByteArray("/api/live") << QByteArray("Bearer not-a-session") << 401;
        QTest::newRow("basic auth") << QByteArray("/api/live") << QByteArray("Basic YWdlbnQ6cHc=") << 401;
        QTest::newRow("bad since") << QByteArray("/api/live?since=abc") << QByteArray("valid") << 400;
        QTest::newRow("no such socket") << QByteArray("/api/elsewhere") << QByteArray("valid") << 404;
    }

    void upgradeNeedsAnOperatorToken()
    {
        QFETCH(QByteArray, target);
        QFETCH(QByteArray, authorization);
        QFETCH(int, status);
        if (authorization == "valid")
            authorization = "Bearer " + m_token.toLatin1();
        const HttpResult result = RawHttpClient::exchange(m_server->port(), upgradeRequest(target, authorization));
        QCOMPARE(result.status, status);
        QVERIFY(!result.errorCode().isEmpty());
        // And QWebSocket cannot open it either.
        if (status == 401) {
            LiveSocketClient live(m_server->port());
            QVERIFY(!live.open(QString()));
        }
    }

    void plainGetSaysUpgrade()
    {
        QCOMPARE(m_client->get(QStringLiteral("/api/live")).status, 401);
        const HttpResult result = m_client->get(QStringLiteral("/api/live"), ApiClient::bearer(m_token));
        QCOMPARE(result.status, 426);
        QCOMPARE(result.errorCode(), QStringLiteral("upgrade_required"));
    }

    void operatorActionsArePublished()
    {
        LiveSocketClient live(m_server->port());
        QVERIFY(live.open(m_token));
        const Conversation conversation = newConversation();
        QVERIFY(!conversation.id.isEmpty());
        QVERIFY(waitUntil([&] { return eventsOf(live, conversation.id).size() >= 3; }));

        QCOMPARE(act(conversation.id, QStringLiteral("takeover")).status, 200);
        QJsonObject event = live.waitForEvent(QStringLiteral("thread.status"), conversation.id);
        QJsonObject data = event.value(QStringLiteral("data")).toObject();
        QCOMPARE(data.value(QStringLiteral("status")).toString(), QStringLiteral("human"));
        QCOMPARE(data.value(QStringLiteral("assignee")).toString(), QStringLiteral("agent.ana"));

        QCOMPARE(act(conversation.id, QStringLiteral("reply"), {{QStringLiteral("text"), QStringLiteral("Ana here")}}).status, 201);
        // While a person holds it the shopper's message is stored and published, with no bot answer.
        const HttpResult userTurn = m_client->sendMessage(QStringLiteral("Thanks Ana"), conversation.id, conversation.token);
        QCOMPARE(userTurn.status, 200);
        QVERIFY(userTurn.json().value(QStringLiteral("message")).isNull());
        QVERIFY(waitUntil([&] { return eventsOf(live, conversation.id).size() >= 6; }));
        QCOMPARE(act(conversation.id, QStringLiteral("handback")).status, 200);
        QVERIFY(waitUntil([&] { return eventsOf(live, conversation.id).size() >= 7; }));
        QTest::qWait(100); // nothing else may follow (no bot answer to "Thanks Ana")

        const QList<QJsonObject> events = eventsOf(live, conversation.id);
        QCOMPARE(events.size(), 7);
        QCOMPARE(typeOf(events.at(4)), QStringLiteral("message.added"));
        data = events.at(4).value(QStringLiteral("data")).toObject();
        QCOMPARE(data.value(QStringLiteral("role")).toString(), QStringLiteral("human"));
        QCOMPARE(data.value(QStringLiteral("author")).toString(), QStringLiteral("agent.ana"));
        QCOMPARE(data.value(QStringLiteral("content")).toString(), QStringLiteral("Ana here"));
        QCOMPARE(typeOf(events.at(5)), QStringLiteral("message.added"));
        data = events.at(5).value(QStringLiteral("data")).toObject();
        QCOMPARE(data.value(QStringLiteral("role")).toString(), QStringLiteral("user"));
        QCOMPARE(data.value(QStringLiteral("content")).toString(), QStringLiteral("Thanks Ana"));
        QCOMPARE(typeOf(events.at(6)), QStringLiteral("thread.status"));
        data = events.at(6).value(QStringLiteral("data")).toObject();
        QCOMPARE(data.value(QStringLiteral("status")).toString(), QStringLiteral("bot"));
        QVERIFY(data.value(QStringLiteral("assignee")).isNull());
        QCOMPARE(data.value(QStringLiteral("reason")).toString(), QStringLiteral("handback"));
    }

    void handoffTicketAndKbArePublished()
    {
        LiveSocketClient live(m_server->port());
        QVERIFY(live.open(m_token));

        const Conversation handoff = newConversation(QStringLiteral("I want to talk to a human please"));
        QVERIFY(!handoff.id.isEmpty());
        QJsonObject event = live.waitForEvent(QStringLiteral("thread.status"), handoff.id);
        QCOMPARE(event.value(QStringLiteral("data")).toObject().value(QStringLiteral("status")).toString(), QStringLiteral("handoff"));

        const Conversation complaint = newConversation(
            QStringLiteral("I want to make a complaint: my boots fell apart after two walks. jane@example.com"));
        QVERIFY(!complaint.id.isEmpty());
        event = live.waitForEvent(QStringLiteral("ticket.created"), complaint.id);
        QVERIFY(!event.isEmpty());
        QVERIFY(event.value(QStringLiteral("data")).toObject().value(QStringLiteral("id")).toString().startsWith(QStringLiteral("T-")));

        const QString docPath = QStringLiteral("/admin/agent/kb/live-test-doc");
        const QJsonObject doc{{QStringLiteral("title"), QStringLiteral("Gift wrapping")},
                              {QStringLiteral("text"), QStringLiteral("We wrap gifts for free at checkout.")},
                              {QStringLiteral("format"), QStringLiteral("markdown")}};
        const HttpResult saved = ApiClient::finish(m_client->start(
            "PUT", docPath, QJsonDocument(doc).toJson(QJsonDocument::Compact), ApiClient::bearer(m_editorToken)));
        QVERIFY2(saved.status == 201 || saved.status == 200, saved.body.constData());
        QCOMPARE(ApiClient::finish(m_client->start("DELETE", docPath, {}, ApiClient::bearer(m_editorToken))).status, 204);
        QVERIFY(waitUntil([&] {
            int changes = 0;
            for (const QJsonObject &frame : live.events())
                changes += typeOf(frame) == QLatin1String("kb.changed");
            return changes >= 2;
        }));
        QList<QJsonObject> changes;
        for (const QJsonObject &frame : live.events()) {
            if (typeOf(frame) == QLatin1String("kb.changed"))
                changes.append(frame.value(QStringLiteral("data")).toObject());
        }
        QCOMPARE(changes.at(0).value(QStringLiteral("doc_id")).toString(), QStringLiteral("live-test-doc"));
        QCOMPARE(changes.at(0).value(QStringLiteral("change")).toString(), QStringLiteral("saved"));
        QCOMPARE(changes.at(1).value(QStringLiteral("change")).toString(), QStringLiteral("deleted"));
    }

    void manyConsolesSeeTheSameEvents()
    {
        std::vector<std::unique_ptr<LiveSocketClient>> consoles;
        for (int i = 0; i < 8; ++i) {
            consoles.push_back(std::make_unique<LiveSocketClient>(m_server->port()));
            QVERIFY(consoles.back()->open(m_token));
        }
        const Conversation conversation = newConversation();
        QVERIFY(!conversation.id.isEmpty());
        for (const auto &console : consoles) {
            QVERIFY(waitUntil([&] { return eventsOf(*console, conversation.id).size() >= 3; }));
            QCOMPARE(idOf(eventsOf(*console, conversation.id).first()), idOf(eventsOf(*consoles.front(), conversation.id).first()));
        }
    }

    void threadStreamCarriesRepliesAndStatus()
    {
        const Conversation mine = newConversation();
        const Conversation other = newConversation();
        QVERIFY(!mine.id.isEmpty() && !other.id.isEmpty());

        EventStreamClient stream(m_server->port());
        QCOMPARE(stream.open(("/api/agent/thread/" + mine.id + "/events").toLatin1(), {{"X-Thread-Token", mine.token.toLatin1()}}),
                 200);
        QVERIFY(stream.head().header("Content-Type").startsWith("text/event-stream"));
        // EventSource cannot set headers: the token also works in the query.
        EventStreamClient otherStream(m_server->port());
        QCOMPARE(otherStream.open(("/api/agent/thread/" + other.id + "/events?token=" + other.token).toLatin1()), 200);

        QCOMPARE(act(mine.id, QStringLiteral("takeover")).status, 200);
        const HttpResult sent = act(mine.id, QStringLiteral("reply"), {{QStringLiteral("text"), QStringLiteral("Hello from Ana")}});
        QCOMPARE(sent.status, 201);
        QCOMPARE(m_client->sendMessage(QStringLiteral("Hi Ana!"), mine.id, mine.token).status, 200);
        QVERIFY(stream.waitForEvents(3));
        QList<EventStreamClient::Event> events = stream.events();
        QCOMPARE(events.at(0).type, QByteArray("thread.status"));
        QCOMPARE(events.at(0).data.value(QStringLiteral("status")).toString(), QStringLiteral("human"));
        QCOMPARE(events.at(1).type, QByteArray("message.added"));
        QCOMPARE(events.at(1).data.value(QStringLiteral("role")).toString(), QStringLiteral("human"));
        QCOMPARE(events.at(1).data.value(QStringLiteral("content")).toString(), QStringLiteral("Hello from Ana"));
        QCOMPARE(events.at(1).data.value(QStringLiteral("author")).toString(), QStringLiteral("agent.ana"));
        QCOMPARE(events.at(1).data.value(QStringLiteral("id")).toString(),
                 sent.json().value(QStringLiteral("message")).toObject().value(QStringLiteral("id")).toString());
        QVERIFY(!events.at(1).data.contains(QStringLiteral("trace_id")));
        QCOMPARE(events.at(2).type, QByteArray("message.added"));
        QCOMPARE(events.at(2).data.value(QStringLiteral("role")).toString(), QStringLiteral("user"));
        QVERIFY(events.at(0).id < events.at(1).id && events.at(1).id < events.at(2).id);
        // The wire format, field by field.
        QVERIFY(stream.raw().contains("id: " + QByteArray::number(events.at(1).id) + "\nevent: message.added\ndata: {"));

        // The other thread's stream saw none of it; its own events do arrive.
        QCOMPARE(act(other.id, QStringLiteral("takeover")).status, 200);
        QVERIFY(otherStream.waitForEvents(1));
        QCOMPARE(otherStream.events().size(), 1);
        QCOMPARE(otherStream.events().first().type, QByteArray("thread.status"));
        QTest::qWait(100);
        QCOMPARE(stream.events().size(), 3);

        // Reconnecting with Last-Event-ID replays what came after it.
        EventStreamClient again(m_server->port());
        QCOMPARE(again.open(("/api/agent/thread/" + mine.id + "/events").toLatin1(),
                            {{"X-Thread-Token", mine.token.toLatin1()}, {"Last-Event-ID", QByteArray::number(events.at(0).id)}}),
                 200);
        QVERIFY(again.waitForEvents(2));
        QCOMPARE(again.events().at(0).id, events.at(1).id);
        QCOMPARE(again.events().at(1).id, events.at(2).id);
        // And ?since= does the same.
        EventStreamClient bySince(m_server->port());
        QCOMPARE(bySince.open(("/api/agent/thread/" + mine.id + "/events?since=" + QString::number(events.at(1).id)).toLatin1(),
                              {{"X-Thread-Token", mine.token.toLatin1()}}),
                 200);
        QVERIFY(bySince.waitForEvents(1));
        QCOMPARE(bySince.events().first().id, events.at(2).id);
    }

    void threadStreamRefusals_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<int>("status");
        QTest::newRow("no token") << QStringLiteral("/api/agent/thread/%1/events") << QByteArray() << 404;
        QTest::newRow("wrong token") << QStringLiteral("/api/agent/thread/%1/events") << QByteArray("wrong") << 404;
        QTest::newRow("another thread's token") << QStringLiteral("/api/agent/thread/%1/events") << QByteArray("other") << 404;
        QTest::newRow("wrong query token") << QStringLiteral("/api/agent/thread/%1/events?token=wrong") << QByteArray() << 404;
        QTest::newRow("not a thread id") << QStringLiteral("/api/agent/thread/nope/events") << QByteArray("mine") << 404;
        QTest::newRow("bad since") << QStringLiteral("/api/agent/thread/%1/events?since=yesterday") << QByteArray("mine") << 400;
    }

    void threadStreamRefusals()
    {
        QFETCH(QString, target);
        QFETCH(QByteArray, token);
        QFETCH(int, status);
        const Conversation mine = newConversation();
        const Conversation other = newConversation();
        QVERIFY(!mine.id.isEmpty() && !other.id.isEmpty());
        if (token == "mine")
            token = mine.token.toLatin1();
        else if (token == "other")
            token = other.token.toLatin1();
        EventStreamClient stream(m_server->port());
        EventStreamClient::Headers headers;
        if (!token.isEmpty())
            headers.append({"X-Thread-Token", token});
        QCOMPARE(stream.open(QString(target).replace(QStringLiteral("%1"), mine.id).toLatin1(), headers), status);
        QVERIFY(QJsonDocument::fromJson(stream.head().body).object().contains(QStringLiteral("error")));
    }
};

QTEST_GUILESS_MAIN(TestLiveApi)
#include "tst_liveapi.moc"

// Api::ApiClient and Api::LiveConnection against a real supportd in the test
// process: typed results, the server's errors, network and TLS errors,
// timeouts, the thread actions, the knowledge base, and reconnecting after
// a server restart.
#include "api/apiclient.h"
#include "api/liveconnection.h"
#include "support/apiclient.h"
#include "support/eventwait.h"
#include "support/testserver.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <memory>
#include <optional>

namespace {

const QString kPassword = QStringLiteral("correct horse battery");

// Runs one asynchronous call to its end.
template <typename T, typename Start>
Api::Result<T> await(Start start, int timeoutMs = 15000)
{
    std::optional<Api::Result<T>> out;
    start([&out](const Api::Result<T> &result) { out = result; });
    waitUntil([&out] { return out.has_value(); }, timeoutMs);
    if (!out) {
        Api::Result<T> none;
        none.error.kind = Api::ApiError::Kind::Timeout;
        none.error.message = QStringLiteral("test gave up waiting");
        return none;
    }
    return *out;
}

} // namespace

class TestApiClient : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Api::ApiClient> clientFor(const QString &user)
    {
        auto client = std::make_unique<Api::ApiClient>();
        client->setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server->port())));
        const auto login = await<Api::LoginInfo>(
            [&](auto done) { client->login(user, kPassword, this, done); });
        if (!login.ok())
            qWarning() << "login failed" << login.error.toString();
        return client;
    }
    bool threadActionsOffered()
    {
        const auto result = await<Thread>([&](auto done) { m_agent->takeOver(QStringLiteral("no-such-thread"), this, done); });
        // A server with the route says "no such thread"; one without has no route at all.
        return result.error.httpStatus == 404 && result.error.message.contains(QStringLiteral("thread"));
    }

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ApiClient> m_shopper; // the agent API, as a shop's web chat uses it
    std::unique_ptr<Api::ApiClient> m_agent;
    QString m_botThread, m_botToken, m_handoffThread, m_handoffToken, m_traceId;

private slots:
    void initTestCase()
    {
        m_server = std::make_unique<TestServer>();
        START_TEST_SERVER(*m_server);
        QVERIFY(m_server->addOperator(QStringLiteral("ana"), OperatorRole::Agent, kPassword));
        QVERIFY(m_server->addOperator(QStringLiteral("ed"), OperatorRole::Editor, kPassword));
        QVERIFY(m_server->addOperator(QStringLiteral("ada"), OperatorRole::Admin, kPassword));
        QVERIFY(m_server->addOperator(QStringLiteral("bo"), OperatorRole::Agent, kPassword));
        m_shopper = std::make_unique<ApiClient>(m_server->port());
        const HttpResult bot = m_shopper->sendMessage(QStringLiteral("How long does delivery take?"));
        QCOMPARE(bot.status, 200);
        m_botThread = bot.json().value("thread_id").toString();
        m_botToken = bot.json().value("thread_token").toString();
        m_traceId = bot.json().value("trace_id").toString();
        const HttpResult handoff = m_shopper->sendMessage(QStringLiteral("I want to talk to a human"));
        QCOMPARE(handoff.status, 200);
        QCOMPARE(handoff.json().value("status").toString(), QStringLiteral("handoff"));
        m_handoffThread = handoff.json().value("thread_id").toString();
        m_handoffToken = handoff.json().value("thread_token").toString();
        m_agent = clientFor(QStringLiteral("ana"));
        QVERIFY(!m_agent->token().isEmpty());
    }

    void login_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::addColumn<int>("status");
        QTest::newRow("good") << "ana" << kPassword << 200;
        QTest::newRow("wrong password") << "ana" << "wrong password!" << 401;
        QTest::newRow("unknown user") << "nobody" << kPassword << 401;
    }

    void login()
    {
        QFETCH(QString, user);
        QFETCH(QString, password);
        QFETCH(int, status);
        Api::ApiClient client;
        client.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(m_server->port())));
        QSignalSpy unauthorized(&client, &Api::ApiClient::unauthorized);
        const auto result = await<Api::LoginInfo>([&](auto done) { client.login(user, password, this, done); });
        if (status == 200) {
            QVERIFY2(result.ok(), qPrintable(result.error.toString()));
            QVERIFY(!result->token.isEmpty());
            QCOMPARE(result->role, OperatorRole::Agent);
            QVERIFY(result->expiresAt > QDateTime::currentMSecsSinceEpoch());
            QCOMPARE(client.token(), result->token); // kept for the next calls
        } else {
            QCOMPARE(result.error.kind, Api::ApiError::Kind::Http);
            QCOMPARE(result.error.httpStatus, status);
            QVERIFY(!result.error.code.isEmpty());
            QVERIFY(client.token().isEmpty());
            QCOMPARE(unauthorized.size(), 0); // a refused login is not an expired session
        }
    }

    void threadsAndTranscript()
    {
        const auto page = await<Api::ThreadPage>([&](auto done) { m_agent->listThreads({}, this, done); });
        QVERIFY2(page.ok(), qPrintable(page.error.toString()));
        QStringList ids;
        for (const Thread &thread : page->threads)
            ids.append(thread.id);
        QVERIFY(ids.contains(m_botThread));
        QVERIFY(ids.contains(m_handoffThread));

        Api::ThreadQuery handoffs;
        handoffs.status = QStringLiteral("handoff");
        const auto queue = await<Api::ThreadPage>([&](auto done) { m_agent->listThreads(handoffs, this, done); });
        QVERIFY(queue.ok());
        QCOMPARE(queue->threads.size(), 1);
        QCOMPARE(queue->threads.first().id, m_handoffThread);
        QCOMPARE(queue->threads.first().status, ThreadStatus::Handoff);

        const auto detail = await<Api::ThreadDetail>([&](auto done) { m_agent->getThread(m_botThread, this, done); });
        QVERIFY2(detail.ok(), qPrintable(detail.error.toString()));
        QCOMPARE(detail->thread.id, m_botThread);
        QVERIFY(detail->messages.size() >= 2);
        QCOMPARE(detail->messages.first().role, MessageRole::User);
        QCOMPARE(detail->messages.at(1).role, MessageRole::Assistant);
        QVERIFY(!detail->messages.at(1).citations.isEmpty()); // the delivery answer cites the help centre

        const auto trace = await<Trace>([&](auto done) { m_agent->getTrace(m_traceId, this, done); });
        QVERIFY2(trace.ok(), qPrintable(trace.error.toString()));
        QCOMPARE(trace->threadId, m_botThread);
        QVERIFY(!trace->spans.isEmpty());

        const auto tools = await<QJsonArray>([&](auto done) { m_agent->listTools(this, done); });
        QVERIFY(tools.ok());
        QVERIFY(!tools->isEmpty());
    }

    void serverErrors()
    {
        const auto missing = await<Api::ThreadDetail>([&](auto done) { m_agent->getThread(QStringLiteral("nope"), this, done); });
        QCOMPARE(missing.error.kind, Api::ApiError::Kind::Http);
        QCOMPARE(missing.error.httpStatus, 404);
        QCOMPARE(missing.error.code, QStringLiteral("not_found"));
        QVERIFY(!missing.error.toString().isEmpty());

        // Metrics need the admin role.
        const auto forbidden = await<QJsonObject>([&](auto done) { m_agent->metrics(7, this, done); });
        QCOMPARE(forbidden.error.httpStatus, 403);
        auto admin = clientFor(QStringLiteral("ada"));
        const auto metrics = await<QJsonObject>([&](auto done) { admin->metrics(7, this, done); });
        QVERIFY2(metrics.ok(), qPrintable(metrics.error.toString()));
        QVERIFY(metrics->value("totals").toObject().value("turns").toInt() >= 2);

        // A revoked token: unauthorized() tells the console to sign in again.
        Api::ApiClient stale;
        stale.setBaseUrl(m_agent->baseUrl());
        stale.setToken(QStringLiteral("not-a-token"));
        QSignalSpy unauthorized(&stale, &Api::ApiClient::unauthorized);
        const auto refused = await<Api::ThreadPage>([&](auto done) { stale.listThreads({}, this, done); });
        QVERIFY(refused.error.isUnauthorized());
        QCOMPARE(unauthorized.size(), 1);
    }

    void networkErrors()
    {
        // Nobody listening.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 closedPort = probe.serverPort();
        probe.close();
        Api::ApiClient client;
        client.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(closedPort)));
        const auto refused = await<Api::ThreadPage>([&](auto done) { client.listThreads({}, this, done); });
        QCOMPARE(refused.error.kind, Api::ApiError::Kind::Network);
        QVERIFY(refused.error.isConnectivity());

        // Someone listening who never answers.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        client.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort())));
        client.setTimeout(300);
        QElapsedTimer timer;
        timer.start();
        const auto timedOut = await<Api::ThreadPage>([&](auto done) { client.listThreads({}, this, done); });
        QCOMPARE(timedOut.error.kind, Api::ApiError::Kind::Timeout);
        QVERIFY(timer.elapsed() < 5000);

        // TLS to a server that speaks plain HTTP: a TLS error, not a hang.
        Api::ApiClient tls;
        tls.setBaseUrl(QUrl(QStringLiteral("https://127.0.0.1:%1").arg(m_server->port())));
        const auto handshake = await<Api::ThreadPage>([&](auto done) { tls.listThreads({}, this, done); });
        QVERIFY2(handshake.error.kind == Api::ApiError::Kind::Tls || handshake.error.kind == Api::ApiError::Kind::Network,
                 qPrintable(handshake.error.toString()));

        // Aborting a call.
        client.setTimeout(10000);
        std::optional<Api::Result<Api::ThreadPage>> aborted;
        Api::ApiReply *reply = client.listThreads({}, this, [&](const auto &result) { aborted = result; });
        reply->abort();
        QVERIFY(waitUntil([&] { return aborted.has_value(); }));
        QCOMPARE(aborted->error.kind, Api::ApiError::Kind::Aborted);
    }

    void callbackDroppedWithItsContext()
    {
        bool called = false;
        auto *context = new QObject;
        Api::ApiReply *reply = m_agent->listThreads({}, context, [&](const auto &) { called = true; });
        QSignalSpy finished(reply, &Api::ApiReply::finished);
        delete context;
        QVERIFY(finished.wait());
        QVERIFY(!called);
    }

    void knowledgeBase()
    {
        auto editor = clientFor(QStringLiteral("ed"));
        KbDocument document;
        document.id = QStringLiteral("gift-wrapping");
        document.title = QStringLiteral("Can you gift-wrap my order?");
        document.url = QStringLiteral("https://shop.example/help/gift-wrapping");
        document.text = QStringLiteral("# Can you gift-wrap my order?\n\nYes: tick *gift wrap* at checkout; it costs 3 euros.");
        document.allowedChannels = {QStringLiteral("web")};
        const auto saved = await<KbDocument>([&](auto done) { editor->putKbDocument(document, this, done); });
        QVERIFY2(saved.ok(), qPrintable(saved.error.toString()));
        QCOMPARE(saved->id, document.id);

        const auto read = await<KbDocument>([&](auto done) { editor->getKbDocument(document.id, this, done); });
        QVERIFY(read.ok());
        QCOMPARE(read->title, document.title);
        QCOMPARE(read->allowedChannels, document.allowedChannels);
        QVERIFY(read->text.contains(QStringLiteral("gift wrap")));

        const auto list = await<Api::KbDocumentPage>([&](auto done) { editor->listKbDocuments(QStringLiteral("gift"), 50, 0, this, done); });
        QVERIFY(list.ok());
        QVERIFY(list->total >= 1);
        QVERIFY(std::any_of(list->documents.cbegin(), list->documents.cend(),
                            [&](const KbDocument &listed) { return listed.id == document.id && listed.text.isEmpty(); }));
        QVERIFY(list->chunkCounts.value(document.id) >= 1);

        const auto preview = await<QJsonArray>([&](auto done) { editor->previewKb(QStringLiteral("gift wrap"), QStringLiteral("web"), 5, this, done); });
        QVERIFY(preview.ok());
        QVERIFY(!preview->isEmpty());
        QCOMPARE(preview->first().toObject().value("doc_id").toString(), document.id);

        KbDocument invalid = document;
        invalid.title.clear();
        const auto refused = await<KbDocument>([&](auto done) { editor->putKbDocument(invalid, this, done); });
        QCOMPARE(refused.error.httpStatus, 422);

        const auto removed = await<Api::Done>([&](auto done) { editor->deleteKbDocument(document.id, this, done); });
        QVERIFY(removed.ok());
        const auto gone = await<KbDocument>([&](auto done) { editor->getKbDocument(document.id, this, done); });
        QCOMPARE(gone.error.httpStatus, 404);

        // Agents may read threads but not edit the knowledge base.
        const auto forbidden = await<Api::Done>([&](auto done) { m_agent->deleteKbDocument(QStringLiteral("delivery-times"), this, done); });
        QCOMPARE(forbidden.error.httpStatus, 403);
    }

    void threadActions()
    {
        if (!threadActionsOffered())
            QSKIP("this supportd has no thread actions yet (POST /admin/agent/threads/{id}/takeover)");
        const auto taken = await<Thread>([&](auto done) { m_agent->takeOver(m_handoffThread, this, done); });
        QVERIFY2(taken.ok(), qPrintable(taken.error.toString()));
        QCOMPARE(taken->status, ThreadStatus::Human);
        QCOMPARE(taken->assignee, QStringLiteral("ana"));

        // Another operator cannot take it or answer in it.
        auto other = clientFor(QStringLiteral("bo"));
        const auto held = await<Thread>([&](auto done) { other->takeOver(m_handoffThread, this, done); });
        QCOMPARE(held.error.httpStatus, 409);
        QCOMPARE(held.error.code, QStringLiteral("held_by_other"));
        const auto notHolder = await<Message>([&](auto done) { other->reply(m_handoffThread, QStringLiteral("hi"), this, done); });
        QCOMPARE(notHolder.error.httpStatus, 409);
        QCOMPARE(notHolder.error.code, QStringLiteral("not_holder"));

        const auto sent = await<Message>([&](auto done) { m_agent->reply(m_handoffThread, QStringLiteral("Hello, Ana here. How can I help?"), this, done); });
        QVERIFY2(sent.ok(), qPrintable(sent.error.toString()));
        QCOMPARE(sent->role, MessageRole::Human);
        QCOMPARE(sent->content, QStringLiteral("Hello, Ana here. How can I help?"));

        // The shopper sees it.
        const HttpResult read = m_shopper->readThread(m_handoffThread, m_handoffToken);
        QCOMPARE(read.status, 200);
        QVERIFY(read.body.contains("Hello, Ana here."));

        const auto back = await<Thread>([&](auto done) { m_agent->handBack(m_handoffThread, this, done); });
        QVERIFY2(back.ok(), qPrintable(back.error.toString()));
        QCOMPARE(back->status, ThreadStatus::Bot);
        const auto closed = await<Thread>([&](auto done) { m_agent->closeThread(m_handoffThread, this, done); });
        QVERIFY2(closed.ok(), qPrintable(closed.error.toString()));
        QCOMPARE(closed->status, ThreadStatus::Closed);

        const auto tickets = await<QList<Ticket>>([&](auto done) { m_agent->listTickets({}, this, done); });
        QVERIFY2(tickets.ok(), qPrintable(tickets.error.toString()));
    }

    // The live connection: the stream when the server offers it, polling
    // otherwise; after the server goes away and comes back (same data), it
    // reconnects by itself.
    void liveConnectionSurvivesRestart()
    {
        QTemporaryDir dir;
        ServeOptions options = TestServer::defaultOptions();
        options.dataDir = dir.path();
        auto server = std::make_unique<Application>(options);
        QString error;
        QVERIFY2(server->start(&error), qPrintable(error));
        QVERIFY(server->runtime().auth().addOperator(QStringLiteral("ana"), OperatorRole::Agent, kPassword, &error));
        const quint16 port = server->port();
        ApiClient shopper(port);
        QCOMPARE(shopper.sendMessage(QStringLiteral("I want to talk to a human")).status, 200);

        Api::ApiClient client;
        client.setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));
        QVERIFY(await<Api::LoginInfo>([&](auto done) { client.login(QStringLiteral("ana"), kPassword, this, done); }).ok());
        Api::LiveConnection live(&client);
        live.setPollInterval(200);
        live.setBackoff(100, 400);
        live.setStreamRetryInterval(1000);
        QSignalSpy states(&live, &Api::LiveConnection::stateChanged);
        QSignalSpy snapshots(&live, &Api::LiveConnection::threadsSnapshot);
        live.start();
        QCOMPARE(live.state(), Api::LiveConnection::State::Connecting);
        QVERIFY(waitUntil([&] { return !snapshots.isEmpty(); }));
        QVERIFY(live.state() == Api::LiveConnection::State::Polling || live.state() == Api::LiveConnection::State::Live);
        const auto threads = snapshots.last().first().value<QList<Thread>>();
        QVERIFY(!threads.isEmpty());
        QCOMPARE(threads.first().status, ThreadStatus::Handoff);

        // The server stops.
        server.reset();
        QVERIFY(waitUntil([&] { return live.state() == Api::LiveConnection::State::Reconnecting; }, 10000));

        // ... and comes back on the same port with the same database.
        options.port = port;
        server = std::make_unique<Application>(options);
        QVERIFY2(server->start(&error), qPrintable(error));
        const int before = int(snapshots.size());
        QVERIFY(waitUntil([&] {
            return snapshots.size() > before
                && (live.state() == Api::LiveConnection::State::Polling || live.state() == Api::LiveConnection::State::Live);
        }, 15000));
        live.stop();
        QCOMPARE(live.state(), Api::LiveConnection::State::Offline);
    }
};

QTEST_GUILESS_MAIN(TestApiClient)
#include "tst_apiclient.moc"

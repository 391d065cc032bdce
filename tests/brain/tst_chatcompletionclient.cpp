#include "brain/llm/chatcompletionclient.h"
#include "fakes/fakeopenaiserver.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

// The Chat Completions client against the fake OpenAI server: what goes on the
// wire, what comes back, and every way it can fail (never with the key).

// No raw string literals here: moc 6.4 reads them as plain strings, and a
// quote count, "//" or backslash in one makes it skip the test class.

namespace {

const QByteArray kKey = "sk-test-5ecr3t-DO-NOT-LEAK";
using Step = FakeOpenAiServer::Step;
using Error = ChatResponse::Error;

QJsonArray sampleTools()
{
    auto tool = [](const QString &name, const QString &description, const QJsonObject &properties) {
        return QJsonObject{{QStringLiteral("type"), QStringLiteral("function")},
                           {QStringLiteral("function"),
                            QJsonObject{{QStringLiteral("name"), name},
                                        {QStringLiteral("description"), description},
                                        {QStringLiteral("parameters"),
                                         QJsonObject{{QStringLiteral("type"), QStringLiteral("object")},
                                                     {QStringLiteral("properties"), properties},
                                                     {QStringLiteral("additionalProperties"), false}}}}}};
    };
    return {tool(QStringLiteral("search_kb"), QStringLiteral("Search the help centre"),
                 QJsonObject{{QStringLiteral("query"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}}),
            tool(QStringLiteral("get_order"), QStringLiteral("Look up an order"),
                 QJsonObject{{QStringLiteral("order_number"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}},
                             {QStringLiteral("email"), QJsonObject{{QStringLiteral("type"), QStringLiteral("string")}}}})};
}

ChatRequest simpleRequest(const QString &question = QStringLiteral("Where is my order?"))
{
    ChatRequest request;
    request.messages = {ChatMessage::system(QStringLiteral("You are a support agent.")), ChatMessage::user(question)};
    request.tools = sampleTools();
    return request;
}

} // namespace

Q_DECLARE_METATYPE(ChatRequest)

class TestChatCompletionClient : public QObject
{
    Q_OBJECT

private:
    FakeOpenAiServer *m_server = nullptr;

    ModelConfig config() const
    {
        ModelConfig config;
        config.role = QStringLiteral("primary");
        config.baseUrl = QUrl(m_server->baseUrl());
        config.model = QStringLiteral("gpt-test");
        config.apiKey = kKey;
        config.timeoutMs = 3000;
        config.maxTokens = 256;
        config.inputPricePer1k = 0.15;
        config.outputPricePer1k = 0.6;
        return config;
    }

    static void verifyNoKey(const ChatResponse &response)
    {
        QVERIFY2(!response.errorDetail.contains(QString::fromUtf8(kKey)), qPrintable(response.errorDetail));
        QVERIFY2(!response.errorDetail.contains(QStringLiteral("5ecr3t")), qPrintable(response.errorDetail));
    }

private slots:
    void init()
    {
        m_server = new FakeOpenAiServer;
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        m_server->setRequiredKey(kKey);
    }

    void cleanup()
    {
        delete m_server;
        m_server = nullptr;
    }

    void requestShape()
    {
        ChatRequest request;
        const QList<ChatToolCall> calls{{QStringLiteral("call_1"), QStringLiteral("get_order"),
                                         QStringLiteral("{\"order_number\":\"1042\",\"email\":\"a@b.example\"}")},
                                        {QStringLiteral("call_2"), QStringLiteral("search_kb"), QStringLiteral("{\"query\":\"delivery\"}")}};
        request.messages = {ChatMessage::system(QStringLiteral("You are a support agent.")),
                            ChatMessage::user(QStringLiteral("Where is order 1042? a@b.example")),
                            ChatMessage::assistant(QString(), calls),
                            ChatMessage::toolResult(QStringLiteral("call_1"), QStringLiteral("{\"status\":\"shipped\"}")),
                            ChatMessage::toolResult(QStringLiteral("call_2"), QStringLiteral("Delivery takes 3 days.")),
                            ChatMessage::assistant(QStringLiteral("It shipped.")),
                            ChatMessage::user(QStringLiteral("Thanks! 😀"))};
        request.tools = sampleTools();
        request.temperature = 0.3;
        m_server->enqueue(Step::answer(QStringLiteral("You're welcome.")));

        const ChatResponse response = ChatCompletionClient(config()).complete(request, QDeadlineTimer(5000));
        QVERIFY2(response.ok(), qPrintable(response.errorDetail));
        QCOMPARE(m_server->requestCount(), 1);
        const FakeOpenAiServer::Request recorded = m_server->requests().first();
        QCOMPARE(recorded.method, QByteArray("POST"));
        QCOMPARE(recorded.path, QByteArray("/v1/chat/completions"));
        QCOMPARE(recorded.headers.value("content-type"), QByteArray("application/json"));
        QCOMPARE(recorded.authorization, "Bearer " + kKey);
        QCOMPARE(recorded.status, 200); // the fake's request checks passed

        const QJsonObject body = recorded.body;
        QCOMPARE(body.value(QStringLiteral("model")).toString(), QStringLiteral("gpt-test"));
        QCOMPARE(body.value(QStringLiteral("temperature")).toDouble(), 0.3);
        QCOMPARE(body.value(QStringLiteral("max_tokens")).toInt(), 256); // the model's configured max
        QCOMPARE(body.value(QStringLiteral("tool_choice")).toString(), QStringLiteral("auto"));
        QCOMPARE(body.value(QStringLiteral("tools")).toArray(), sampleTools());

        auto message = [](const char *role, const QJsonValue &content) {
            return QJsonObject{{QStringLiteral("role"), QLatin1String(role)}, {QStringLiteral("content"), content}};
        };
        auto call = [](const ChatToolCall &c) {
            return QJsonObject{{QStringLiteral("id"), c.id},
                               {QStringLiteral("type"), QStringLiteral("function")},
                               {QStringLiteral("function"), QJsonObject{{QStringLiteral("name"), c.name},
                                                                        {QStringLiteral("arguments"), c.arguments}}}};
        };
        QJsonObject assistantCalls = message("assistant", QJsonValue());
        assistantCalls.insert(QStringLiteral("tool_calls"), QJsonArray{call(calls.at(0)), call(calls.at(1))});
        QJsonObject result1 = message("tool", QStringLiteral("{\"status\":\"shipped\"}"));
        result1.insert(QStringLiteral("tool_call_id"), QStringLiteral("call_1"));
        QJsonObject result2 = message("tool", QStringLiteral("Delivery takes 3 days."));
        result2.insert(QStringLiteral("tool_call_id"), QStringLiteral("call_2"));
        const QJsonArray expected{message("system", QStringLiteral("You are a support agent.")),
                                  message("user", QStringLiteral("Where is order 1042? a@b.example")),
                                  assistantCalls,
                                  result1,
                                  result2,
                                  message("assistant", QStringLiteral("It shipped.")),
                                  message("user", QStringLiteral("Thanks! \U0001F600"))};
        QCOMPARE(body.value(QStringLiteral("messages")).toArray(), expected);
    }

    void toolChoiceAndLimits_data()
    {
        QTest::addColumn<bool>("withTools");
        QTest::addColumn<QString>("toolChoice");
        QTest::addColumn<int>("maxTokens");
        QTest::addColumn<QJsonValue>("expectedChoice"); // undefined: not sent
        QTest::addColumn<int>("expectedMaxTokens");

        QTest::newRow("auto") << true << "auto" << 0 << QJsonValue(QStringLiteral("auto")) << 256;
        QTest::newRow("none") << true << "none" << 0 << QJsonValue(QStringLiteral("none")) << 256;
        QTest::newRow("required") << true << "required" << 40 << QJsonValue(QStringLiteral("required")) << 40;
        QTest::newRow("forced tool") << true << "search_kb" << 0
                                     << QJsonValue(QJsonObject{{QStringLiteral("type"), QStringLiteral("function")},
                                                               {QStringLiteral("function"),
                                                                QJsonObject{{QStringLiteral("name"), QStringLiteral("search_kb")}}}})
                                     << 256;
        QTest::newRow("no tools, no tool_choice") << false << "auto" << 12 << QJsonValue(QJsonValue::Undefined) << 12;
    }

    void toolChoiceAndLimits()
    {
        QFETCH(bool, withTools);
        QFETCH(QString, toolChoice);
        QFETCH(int, maxTokens);
        QFETCH(QJsonValue, expectedChoice);
        QFETCH(int, expectedMaxTokens);

        ChatRequest request = simpleRequest();
        if (!withTools)
            request.tools = {};
        request.toolChoice = toolChoice;
        request.maxTokens = maxTokens;
        const ChatResponse response = ChatCompletionClient(config()).complete(request, QDeadlineTimer(5000));
        QVERIFY2(response.ok(), qPrintable(response.errorDetail));
        const QJsonObject body = m_server->requests().first().body;
        QCOMPARE(body.value(QStringLiteral("tool_choice")), expectedChoice);
        QCOMPARE(body.contains(QStringLiteral("tools")), withTools);
        QCOMPARE(body.value(QStringLiteral("max_tokens")).toInt(), expectedMaxTokens);
    }

    // The body is written directly (with the turn's fixed parts serialised
    // ahead); it must be byte for byte what QJsonDocument writes for toJson().
    void bodyIsTheJsonDocument_data()
    {
        QTest::addColumn<ChatRequest>("request");
        QTest::addColumn<bool>("serialisedAhead");

        ChatRequest plain = simpleRequest();
        QTest::newRow("plain") << plain << false;
        QTest::newRow("plain, serialised ahead") << plain << true;

        ChatRequest loop = simpleRequest(QStringLiteral("Quotes \" and \\ backslashes, tabs\t, \u00e9, \u4e2d, \U0001F600, \u0001 </script>"));
        loop.messages.append(ChatMessage::assistant(QString(), {ChatToolCall{QStringLiteral("call_1"), QStringLiteral("search_kb"),
                                                                             QStringLiteral("{\"query\":\"returns\"}")}}));
        loop.messages.append(ChatMessage::toolResult(QStringLiteral("call_1"), QStringLiteral("{\"results\":[]}")));
        loop.temperature = 0.5;
        loop.maxTokens = 300;
        QTest::newRow("tool loop, odd characters") << loop << true;

        ChatRequest forced = simpleRequest();
        forced.toolChoice = QStringLiteral("get_order");
        forced.temperature = 1;
        QTest::newRow("forced tool") << forced << true;

        ChatRequest none = simpleRequest();
        none.toolChoice = QStringLiteral("none");
        QTest::newRow("tool_choice none") << none << true;

        ChatRequest noTools = simpleRequest();
        noTools.tools = {};
        QTest::newRow("no tools") << noTools << true;
    }

    void bodyIsTheJsonDocument()
    {
        QFETCH(ChatRequest, request);
        QFETCH(bool, serialisedAhead);
        const QByteArray expected = QJsonDocument(request.toJson(QStringLiteral("m\u00f6del"), 256)).toJson(QJsonDocument::Compact);
        if (serialisedAhead) {
            for (ChatMessage &message : request.messages)
                message.serialiseOnce();
            if (!request.tools.isEmpty())
                request.toolsWire = QJsonDocument(request.tools).toJson(QJsonDocument::Compact);
        }
        QCOMPARE(request.toBody(QStringLiteral("m\u00f6del"), 256), expected);

        // And that is what goes on the wire.
        const ChatResponse response = ChatCompletionClient(config()).complete(request, QDeadlineTimer(5000));
        QVERIFY2(response.ok(), qPrintable(response.errorDetail));
        QCOMPARE(m_server->requests().last().rawBody, request.toBody(config().model, config().maxTokens));
    }

    void noKeyNoAuthorizationHeader()
    {
        m_server->setRequiredKey({});
        ModelConfig local = config();
        local.apiKey.clear();
        const ChatResponse response = ChatCompletionClient(local).complete(simpleRequest(), QDeadlineTimer(5000));
        QVERIFY2(response.ok(), qPrintable(response.errorDetail));
        QVERIFY(!m_server->requests().first().hasAuthorization);
    }

    void parsesToolCalls()
    {
        // A well-formed call, one with malformed JSON arguments and one of an
        // unknown tool: the client passes them on as sent, for the brain to judge.
        const QList<FakeOpenAiServer::ToolCall> calls{
            {QStringLiteral("call_a"), QStringLiteral("get_order"), QStringLiteral("{\"order_number\":\"1042\"}")},
            {QStringLiteral("call_b"), QStringLiteral("search_kb"), QStringLiteral("{\"query\": \"deliv")},
            {QStringLiteral("call_c"), QStringLiteral("launch_rockets"), QStringLiteral("{}")}};
        m_server->enqueue(Step::toolCalls(calls));

        const ModelConfig model = config();
        const ChatResponse response = ChatCompletionClient(model).complete(simpleRequest(), QDeadlineTimer(5000));
        QVERIFY2(response.ok(), qPrintable(response.errorDetail));
        QCOMPARE(response.httpStatus, 200);
        QCOMPARE(response.attempts, 1);
        QCOMPARE(response.finishReason, QStringLiteral("tool_calls"));
        QCOMPARE(response.model, QStringLiteral("gpt-test"));
        QCOMPARE(response.message.role, QStringLiteral("assistant"));
        QVERIFY(response.message.content.isEmpty());
        QCOMPARE(response.message.toolCalls.size(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(response.message.toolCalls.at(i).id, calls.at(i).id);
            QCOMPARE(response.message.toolCalls.at(i).name, calls.at(i).name);
            QCOMPARE(response.message.toolCalls.at(i).arguments, calls.at(i).arguments);
        }
        // Usage as the fake derives it from the sizes.
        const FakeOpenAiServer::Request recorded = m_server->requests().first();
        QCOMPARE(response.inputTokens, FakeOpenAiServer::tokensFor(recorded.rawBody));
        QByteArray generated;
        for (const auto &call : calls)
            generated += call.name.toUtf8() + call.arguments.toUtf8();
        QCOMPARE(response.outputTokens, FakeOpenAiServer::tokensFor(generated));
        QVERIFY(response.latencyMs >= 0 && response.latencyMs < 3000);
        QVERIFY(!response.shouldFallBack());
    }

    void parsesFinalAnswerAndUsage()
    {
        m_server->enqueue(Step::answer(QStringLiteral("Your order shipped on Monday.")).withUsage(1234, 56));
        const ModelConfig model = config();
        const ChatResponse response = ChatCompletionClient(model).complete(simpleRequest(), QDeadlineTimer(5000));
        QVERIFY2(response.ok(), qPrintable(response.errorDetail));
        QCOMPARE(response.message.content, QStringLiteral("Your order shipped on Monday."));
        QVERIFY(response.message.toolCalls.isEmpty());
        QCOMPARE(response.finishReason, QStringLiteral("stop"));
        QCOMPARE(response.inputTokens, 1234);
        QCOMPARE(response.outputTokens, 56);
        QCOMPARE(model.costOf(response.inputTokens, response.outputTokens), 1.234 * 0.15 + 0.056 * 0.6);
    }

    void toolLoopWithAHandler()
    {
        // The fake answers by the conversation: a tool call first, then, once a
        // tool result is in the messages, the final answer.
        m_server->setHandler([](const FakeOpenAiServer::Request &request) {
            if (!request.hasToolResult())
                return Step::toolCall(QStringLiteral("search_kb"), QStringLiteral("{\"query\":\"returns\"}"));
            return Step::answer(QStringLiteral("You can return items within 30 days."));
        });
        const ChatCompletionClient client(config());
        ChatRequest request = simpleRequest(QStringLiteral("Can I return boots?"));
        ChatResponse response = client.complete(request, QDeadlineTimer(5000));
        QVERIFY2(response.ok(), qPrintable(response.errorDetail));
        QCOMPARE(response.message.toolCalls.size(), 1);
        const ChatToolCall call = response.message.toolCalls.first();
        QCOMPARE(call.name, QStringLiteral("search_kb"));
        QVERIFY(!call.id.isEmpty());

        request.messages.append(response.message);
        request.messages.append(ChatMessage::toolResult(call.id, QStringLiteral("Returns: 30 days, unworn.")));
        response = client.complete(request, QDeadlineTimer(5000));
        QVERIFY2(response.ok(), qPrintable(response.errorDetail));
        QCOMPARE(response.message.content, QStringLiteral("You can return items within 30 days."));
        QCOMPARE(response.finishReason, QStringLiteral("stop"));

        const auto requests = m_server->requests();
        QCOMPARE(requests.size(), 2);
        QCOMPARE(requests.at(1).status, 200); // the tool result answers the call the fake made
        const QJsonArray messages = requests.at(1).messages();
        QCOMPARE(messages.at(2).toObject().value(QStringLiteral("tool_calls")).toArray().first().toObject().value(QStringLiteral("id")).toString(),
                 call.id);
        QCOMPARE(messages.at(3).toObject().value(QStringLiteral("tool_call_id")).toString(), call.id);
        // One keep-alive connection for both calls from this thread.
        QCOMPARE(requests.at(0).connection, requests.at(1).connection);
    }

    void errors_data()
    {
        QTest::addColumn<QList<Step>>("steps");
        QTest::addColumn<int>("error");
        QTest::addColumn<int>("httpStatus");
        QTest::addColumn<int>("attempts");
        QTest::addColumn<bool>("fallBack");
        QTest::addColumn<QString>("detail");

        QTest::newRow("500") << QList<Step>{Step::httpError(500)} << int(Error::ServerError) << 500 << 1 << true
                             << "HTTP 500: server_error: The server had an error";
        QTest::newRow("503") << QList<Step>{Step::httpError(503)} << int(Error::ServerError) << 503 << 1 << true
                             << "HTTP 503: server_error: The engine is currently overloaded";
        QTest::newRow("401 echoing the key") << QList<Step>{Step::httpError(401)} << int(Error::ClientError) << 401 << 1 << false
                                             << "HTTP 401 (the API key was rejected): invalid_request_error/invalid_api_key: "
                                                "Incorrect API key provided: [redacted]";
        QTest::newRow("400") << QList<Step>{Step::httpError(400, -1, QStringLiteral("Invalid 'messages'"))} << int(Error::ClientError)
                             << 400 << 1 << false << "HTTP 400: invalid_request_error: Invalid 'messages'";
        QTest::newRow("404") << QList<Step>{Step::httpError(404)} << int(Error::ClientError) << 404 << 1 << false
                             << "check the base URL";
        QTest::newRow("429 then success") << QList<Step>{Step::httpError(429, 0), Step::answer(QStringLiteral("ok"))}
                                          << int(Error::None) << 200 << 2 << false << "";
        QTest::newRow("429 twice") << QList<Step>{Step::httpError(429, 0), Step::httpError(429, 0)} << int(Error::RateLimited)
                                   << 429 << 2 << true << "HTTP 429 again after a retry: requests/rate_limit_exceeded";
        QTest::newRow("429 without retry-after") << QList<Step>{Step::httpError(429), Step::httpError(429)}
                                                 << int(Error::RateLimited) << 429 << 2 << true << "HTTP 429 again";
        QTest::newRow("truncated json") << QList<Step>{Step::malformed()} << int(Error::Malformed) << 200 << 1 << true
                                        << "malformed answer: answer is not a JSON object";
        QTest::newRow("html") << QList<Step>{Step::malformed("<html>Bad gateway</html>")} << int(Error::Malformed) << 200 << 1
                              << true << "answer is not a JSON object";
        QTest::newRow("no choices") << QList<Step>{Step::malformed("{\"choices\": []}")} << int(Error::Malformed) << 200 << 1
                                    << true << "answer has no choices";
        QTest::newRow("no message") << QList<Step>{Step::malformed("{\"choices\": [{\"index\": 0}]}")} << int(Error::Malformed)
                                    << 200 << 1 << true << "choices[0] has no message";
        QTest::newRow("empty message")
            << QList<Step>{Step::malformed("{\"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": null}, \"finish_reason\": \"length\"}]}")}
            << int(Error::Malformed) << 200 << 1 << true << "neither text nor tool calls (finish_reason length)";
        QTest::newRow("content not text")
            << QList<Step>{Step::malformed("{\"choices\": [{\"message\": {\"role\": \"assistant\", \"content\": 42}}]}")}
            << int(Error::Malformed) << 200 << 1 << true << "content is neither text nor null";
        QTest::newRow("tool call without name")
            << QList<Step>{Step::malformed("{\"choices\": [{\"message\": {\"content\": null, \"tool_calls\": [{\"id\": \"c\", \"function\": {\"arguments\": \"{}\"}}]}}]}")}
            << int(Error::Malformed) << 200 << 1 << true << "tool_calls[0] has no function name";
        QTest::newRow("refusal") << QList<Step>{Step::malformed("{\"choices\": [{\"message\": {\"content\": null, \"refusal\": \"I can't help with that.\"}}]}")}
                                 << int(Error::Malformed) << 200 << 1 << true << "the model refused: I can't help with that.";
    }

    void errors()
    {
        QFETCH(QList<Step>, steps);
        QFETCH(int, error);
        QFETCH(int, httpStatus);
        QFETCH(int, attempts);
        QFETCH(bool, fallBack);
        QFETCH(QString, detail);

        m_server->enqueue(steps);
        const ChatResponse response = ChatCompletionClient(config()).complete(simpleRequest(), QDeadlineTimer(5000));
        QCOMPARE(int(response.error), error);
        QCOMPARE(response.ok(), error == int(Error::None));
        QCOMPARE(response.httpStatus, httpStatus);
        QCOMPARE(response.attempts, attempts);
        QCOMPARE(m_server->requestCount(), attempts);
        QCOMPARE(response.shouldFallBack(), fallBack);
        QVERIFY2(response.errorDetail.contains(detail), qPrintable(response.errorDetail));
        QVERIFY(response.errorDetail.size() <= ChatCompletionClient::kMaxErrorDetail);
        verifyNoKey(response);
        if (!response.ok())
            QVERIFY(response.message.toolCalls.isEmpty() && response.message.content.isEmpty());
    }

    void wrongKeyIsNeverRepeated()
    {
        // The fake's 401 message echoes the key it got, in full.
        ModelConfig wrong = config();
        wrong.apiKey = "sk-wrong-5ecr3t-DO-NOT-LEAK";
        const ChatResponse response = ChatCompletionClient(wrong).complete(simpleRequest(), QDeadlineTimer(5000));
        QCOMPARE(response.error, Error::ClientError);
        QCOMPARE(response.httpStatus, 401);
        QVERIFY(m_server->requests().first().responseBody.contains("sk-wrong-5ecr3t")); // the fake did echo it
        QVERIFY2(!response.errorDetail.contains(QStringLiteral("5ecr3t")), qPrintable(response.errorDetail));
        QVERIFY2(response.errorDetail.contains(QStringLiteral("[redacted]")), qPrintable(response.errorDetail));
        QVERIFY(!response.shouldFallBack());
    }

    void longUpstreamErrorsAreClipped()
    {
        m_server->enqueue(Step::httpError(500, -1, QString(2000, QLatin1Char('x')) + QStringLiteral("\nline two")));
        const ChatResponse response = ChatCompletionClient(config()).complete(simpleRequest(), QDeadlineTimer(5000));
        QCOMPARE(response.error, Error::ServerError);
        QVERIFY(response.errorDetail.size() <= ChatCompletionClient::kMaxErrorDetail);
        QVERIFY(!response.errorDetail.contains(QLatin1Char('\n')));
    }

    void retryAfterIsHonouredAndCapped_data()
    {
        QTest::addColumn<int>("retryAfter");
        QTest::addColumn<int>("minWaitMs");
        QTest::newRow("1 s") << 1 << 900;
        QTest::newRow("30 s capped to 1 s") << 30 << 900;
    }

    void retryAfterIsHonouredAndCapped()
    {
        QFETCH(int, retryAfter);
        QFETCH(int, minWaitMs);
        m_server->enqueue({Step::httpError(429, retryAfter), Step::answer(QStringLiteral("ok"))});
        QElapsedTimer clock;
        clock.start();
        const ChatResponse response = ChatCompletionClient(config()).complete(simpleRequest(), QDeadlineTimer(10000));
        QVERIFY2(response.ok(), qPrintable(response.errorDetail));
        QCOMPARE(response.attempts, 2);
        QVERIFY2(clock.elapsed() >= minWaitMs, qPrintable(QString::number(clock.elapsed())));
        QVERIFY2(clock.elapsed() < 2500, qPrintable(QString::number(clock.elapsed())));
        QVERIFY(response.latencyMs >= minWaitMs);
    }

    void noRetryWhenTheDeadlineIsTooClose()
    {
        m_server->enqueue({Step::httpError(429, 1), Step::answer(QStringLiteral("too late"))});
        QElapsedTimer clock;
        clock.start();
        const ChatResponse response = ChatCompletionClient(config()).complete(simpleRequest(), QDeadlineTimer(400));
        QCOMPARE(response.error, Error::RateLimited);
        QCOMPARE(response.attempts, 1);
        QVERIFY(response.shouldFallBack());
        QVERIFY2(response.errorDetail.contains(QStringLiteral("no time left for a retry")), qPrintable(response.errorDetail));
        QVERIFY(clock.elapsed() < 400);
    }

    void timeouts_data()
    {
        QTest::addColumn<int>("configTimeoutMs");
        QTest::addColumn<int>("deadlineMs");
        QTest::addColumn<int>("expectedMs");
        QTest::newRow("the model's timeout") << 300 << 10000 << 300;
        QTest::newRow("the turn's deadline") << 10000 << 300 << 300;
    }

    void timeouts()
    {
        QFETCH(int, configTimeoutMs);
        QFETCH(int, deadlineMs);
        QFETCH(int, expectedMs);
        m_server->enqueue(Step::answer(QStringLiteral("slow")).delayed(3000));
        ModelConfig model = config();
        model.timeoutMs = configTimeoutMs;
        QElapsedTimer clock;
        clock.start();
        const ChatResponse response = ChatCompletionClient(model).complete(simpleRequest(), QDeadlineTimer(deadlineMs));
        QCOMPARE(response.error, Error::Timeout);
        QVERIFY(response.shouldFallBack());
        QCOMPARE(response.httpStatus, 0);
        QVERIFY2(response.errorDetail.contains(QStringLiteral("no answer within")), qPrintable(response.errorDetail));
        QVERIFY2(clock.elapsed() >= expectedMs - 20 && clock.elapsed() < expectedMs + 1000, qPrintable(QString::number(clock.elapsed())));
    }

    void deadlineAlreadyPassed()
    {
        const ChatResponse response = ChatCompletionClient(config()).complete(simpleRequest(), QDeadlineTimer(0));
        QCOMPARE(response.error, Error::Timeout);
        QCOMPARE(response.attempts, 0);
        QCOMPARE(m_server->requestCount(), 0);
    }

    void connectionRefused()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        ModelConfig model = config();
        model.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(port));
        const ChatResponse response = ChatCompletionClient(model).complete(simpleRequest(), QDeadlineTimer(5000));
        QCOMPARE(response.error, Error::Connection);
        QCOMPARE(response.httpStatus, 0);
        QCOMPARE(response.attempts, 1);
        QVERIFY(response.shouldFallBack());
        QVERIFY2(response.errorDetail.contains(QStringLiteral("connection refused")), qPrintable(response.errorDetail));
    }

    void invalidConfigMakesNoRequest()
    {
        ModelConfig model = config();
        model.model.clear();
        const ChatResponse response = ChatCompletionClient(model).complete(simpleRequest(), QDeadlineTimer(5000));
        QCOMPARE(response.error, Error::ClientError);
        QCOMPARE(response.attempts, 0);
        QCOMPARE(m_server->requestCount(), 0);
        QVERIFY(!response.shouldFallBack());
        verifyNoKey(response);
    }

    void errorNames()
    {
        QCOMPARE(ChatResponse::errorName(Error::RateLimited), QStringLiteral("rate_limited"));
        QCOMPARE(ChatResponse::errorName(Error::Malformed), QStringLiteral("malformed"));
        QCOMPARE(ChatResponse::errorName(Error::None), QStringLiteral("none"));
    }

    void concurrentCallsRunInParallel()
    {
        // 16 threads × 3 calls against answers that take 100 ms each: in
        // parallel, not one after another, and each thread keeps its connection.
        constexpr int threads = 16, callsPerThread = 3, delayMs = 100;
        m_server->setDelayMs(delayMs);
        const ChatCompletionClient client(config());
        std::atomic<int> failures{0};
        QElapsedTimer clock;
        clock.start();
        std::vector<std::thread> workers;
        for (int t = 0; t < threads; ++t) {
            workers.emplace_back([&, t] {
                for (int i = 0; i < callsPerThread; ++i) {
                    const ChatResponse response =
                        client.complete(simpleRequest(QStringLiteral("thread %1 call %2").arg(t).arg(i)), QDeadlineTimer(5000));
                    if (!response.ok() || response.message.content.isEmpty())
                        ++failures;
                }
            });
        }
        for (std::thread &worker : workers)
            worker.join();
        QCOMPARE(failures.load(), 0);
        QCOMPARE(m_server->requestCount(), threads * callsPerThread);
        QVERIFY2(clock.elapsed() < threads * callsPerThread * delayMs / 3, qPrintable(QString::number(clock.elapsed())));
        QSet<int> connections;
        for (const auto &request : m_server->requests())
            connections.insert(request.connection);
        QCOMPARE(connections.size(), threads);
    }
};

QTEST_MAIN(TestChatCompletionClient)
#include "tst_chatcompletionclient.moc"

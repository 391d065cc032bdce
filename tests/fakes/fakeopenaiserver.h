#pragma once
#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QQueue>
#include <QString>
#include <QThread>

#include <functional>
#include <optional>

class FakeOpenAiWorker;

// An OpenAI-compatible Chat Completions service for tests and benchmarks:
// POST /v1/chat/completions over real HTTP/1.1 (keep-alive) on 127.0.0.1,
// served from its own thread so clients may block the test's thread.
// Thread-safe.
//
// Each request is checked the way the real API checks it (model, messages,
// roles, tool results answering an earlier assistant's tool_calls, tools,
// tool_choice only with tools; a 400 otherwise), then answered by the next
// scripted step, else by the handler, else by the default step (an answer).
// Delays run on timers, so hundreds of concurrent slow requests are answered
// in parallel. Every request is recorded with its headers, its parsed body and
// what was answered; GET /_fake/requests returns them as JSON, DELETE clears
// them, POST /_fake/script queues steps (for clients in other processes).
class FakeOpenAiServer
{
    Q_DISABLE_COPY_MOVE(FakeOpenAiServer)

public:
    struct ToolCall
    {
        QString id; // empty: "call_<n>"
        QString name;
        QString arguments; // sent as is: may be malformed JSON, or name an unknown tool
    };

    // How to answer one request.
    struct Step
    {
        enum class Kind {
            Answer,    // final answer text, finish_reason "stop"
            ToolCalls, // one or more tool calls, content null, finish_reason "tool_calls"
            HttpError, // `status` with an OpenAI-style error body (429 with Retry-After, 500, 503, 401, ...)
            Malformed, // 200 with rawBody (default: truncated JSON)
        };
        Kind kind = Kind::Answer;
        QString text;              // Answer: the content; HttpError: the error message (empty: the usual one)
        QList<ToolCall> calls;     // ToolCalls
        int status = 200;          // HttpError
        int retryAfterSeconds = -1; // HttpError: a Retry-After header when >= 0
        QByteArray rawBody;         // Malformed
        int delayMs = -1;           // -1: the server's delay (setDelayMs)
        int promptTokens = -1, completionTokens = -1; // -1: derived from sizes (tokensFor)
        QString finishReason;       // empty: "stop" or "tool_calls"

        static Step answer(const QString &text);
        static Step toolCall(const QString &name, const QString &arguments, const QString &id = {});
        static Step toolCalls(const QList<ToolCall> &calls);
        static Step httpError(int status, int retryAfterSeconds = -1, const QString &message = {});
        static Step malformed(const QByteArray &body = {});
        Step delayed(int ms) const;
        Step withUsage(int prompt, int completion) const;

        // The script form: {"answer": "..."} | {"tool_calls": [{"name", "arguments" (string or
        // object), "id"}]} | {"status": 429, "retry_after": 1, "message": "..."} |
        // {"malformed": "raw body" | true}, each with optional "delay_ms",
        // "usage": {"prompt_tokens", "completion_tokens"} and "finish_reason".
        static std::optional<Step> fromJson(const QJsonObject &json, QString *error);
    };

    // One request as the server saw it.
    struct Request
    {
        QByteArray method;
        QByteArray path;
        QHash<QByteArray, QByteArray> headers; // lower-case names
        bool hasAuthorization = false;
        QByteArray authorization; // the whole header value, "Bearer <key>"
        QByteArray rawBody;
        QJsonObject body; // empty when the body was not a JSON object
        int status = 0;   // what the server answered
        QByteArray responseBody;
        int connection = 0; // which TCP connection it came on (1, 2, ...): keep-alive shows as repeats

        QJsonArray messages() const { return body.value(QLatin1String("messages")).toArray(); }
        // Whether the conversation already holds a tool result (role "tool").
        bool hasToolResult() const;
        QString lastUserMessage() const;
        QJsonObject toJson() const; // the /_fake/requests shape
    };

    // Sees each request that no scripted step answers; runs on the server's
    // thread, so it must be thread-safe with respect to what it captures.
    using Handler = std::function<Step(const Request &)>;

    FakeOpenAiServer();
    ~FakeOpenAiServer();

    // port 0: any free port.
    bool start(QString *error = nullptr, quint16 port = 0);
    quint16 port() const;
    // "http://127.0.0.1:<port>/v1": the base URL a client is configured with.
    QString baseUrl() const;

    void enqueue(const Step &step);
    void enqueue(const QList<Step> &steps);
    int pendingSteps() const;
    void setHandler(Handler handler);
    void setDefaultStep(const Step &step);
    // Every reply (unless its step says otherwise) comes after this many ms.
    void setDelayMs(int delayMs);
    // Requests must carry "Authorization: Bearer <key>" (else 401); empty: no check.
    void setRequiredKey(const QByteArray &key);
    // {"delay_ms": 0, "required_key": "...", "steps": [step...], "default": step}:
    // applies the settings present and queues the steps.
    bool loadScript(const QJsonObject &script, QString *error);

    QList<Request> requests() const;
    int requestCount() const; // all since the last clear, also those no longer kept
    void clearRequests();
    // Only the last `count` requests are kept (long benchmark runs).
    void setMaxRecorded(int count);

    // The token count the fake reports for a text: one per 4 bytes, rounded up.
    static int tokensFor(const QByteArray &bytes);

private:
    friend class FakeOpenAiWorker;
    struct Settings
    {
        int delayMs = 0;
        QByteArray requiredKey;
        Step defaultStep = Step::answer(QStringLiteral("This is the fake model's answer."));
        Handler handler;
    };
    Settings settings() const;
    std::optional<Step> takeStep();
    int nextSequence();
    void record(const Request &request);

    mutable QMutex m_mutex;
    Settings m_settings;
    QQueue<Step> m_steps;
    QList<Request> m_requests;
    int m_requestCount = 0;
    int m_maxRecorded = 100000;
    int m_sequence = 0;
    QThread m_thread;
    FakeOpenAiWorker *m_worker = nullptr;
    quint16 m_port = 0;
};

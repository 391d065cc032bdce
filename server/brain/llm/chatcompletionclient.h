#pragma once
#include "llmconfig.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

// The OpenAI Chat Completions wire types (tool calling), as much as the brain needs.

struct ChatToolCall
{
    QString id;
    QString name;
    QString arguments; // the raw JSON string the model sent (may be malformed: validate before use)

    bool operator==(const ChatToolCall &other) const
    {
        return id == other.id && name == other.name && arguments == other.arguments;
    }
};

struct ChatMessage
{
    QString role; // system | user | assistant | tool
    QString content;
    QList<ChatToolCall> toolCalls; // assistant messages that call tools
    QString toolCallId;            // tool messages: the call this result answers
    // This message as sent, when serialised ahead with serialiseOnce(): a
    // turn's system prompt, memory and question go out with each of its
    // requests, so they are written once. Change nothing after that.
    QByteArray wire;

    static ChatMessage system(const QString &content) { return {QStringLiteral("system"), content, {}, {}}; }
    static ChatMessage user(const QString &content) { return {QStringLiteral("user"), content, {}, {}}; }
    static ChatMessage assistant(const QString &content, const QList<ChatToolCall> &toolCalls = {})
    {
        return {QStringLiteral("assistant"), content, toolCalls, {}};
    }
    static ChatMessage toolResult(const QString &toolCallId, const QString &content)
    {
        return {QStringLiteral("tool"), content, {}, toolCallId};
    }

    // The request shape: an assistant message with tool calls and no text
    // sends "content": null; a tool message carries "tool_call_id".
    QJsonObject toJson() const;
    // toJson() as compact JSON (the stored wire form, if any).
    QByteArray toWire() const;
    void serialiseOnce() { wire = toWire(); }
};

struct ChatRequest
{
    QList<ChatMessage> messages;
    QJsonArray tools; // [{"type":"function","function":{"name","description","parameters"}}]
    QByteArray toolsWire; // `tools` serialised ahead (compact JSON): sent instead of serialising `tools` again
    // "auto" | "none" | "required", or a tool's name to force that tool.
    // Not sent when there are no tools (the API rejects it then).
    QString toolChoice = QStringLiteral("auto");
    double temperature = 0.2;
    int maxTokens = 0; // 0: the model's configured max

    // The JSON body for `model` with `defaultMaxTokens` when maxTokens is 0.
    QJsonObject toJson(const QString &model, int defaultMaxTokens) const;
    // The same, as the bytes sent: exactly QJsonDocument(toJson(...)) in
    // compact form, but written directly, with the serialised-ahead parts
    // (messages' wire, toolsWire) copied in rather than built and walked again.
    QByteArray toBody(const QString &model, int defaultMaxTokens) const;
    // "tool_choice" as sent (undefined: none is sent).
    QJsonValue toolChoiceValue() const;
};

struct ChatResponse
{
    enum class Error { None, Timeout, Connection, RateLimited, ServerError, ClientError, Malformed };

    Error error = Error::None;
    int httpStatus = 0; // of the last attempt; 0 when no HTTP answer came
    // For operators' traces: short, never the key, at most ~300 characters of
    // what the service said.
    QString errorDetail;
    ChatMessage message; // role "assistant"
    QString finishReason; // stop | tool_calls | length | content_filter | ...
    QString model;        // as the service names it
    int inputTokens = 0, outputTokens = 0;
    qint64 latencyMs = 0; // all attempts, including the wait before a retry
    int attempts = 0;     // HTTP requests made

    bool ok() const { return error == Error::None; }
    // Worth trying the fallback model: timeout, connection, 5xx, 429 after the
    // retry, malformed answer. Not a 4xx: the request or the key is wrong.
    bool shouldFallBack() const;

    static QString errorName(Error error); // "timeout", "rate_limited", ... for traces
};

// A blocking client of POST <baseUrl>/chat/completions over libcurl, for
// worker threads (never the event loop). Thread-safe: each thread reuses its
// own curl handle, so connections to the service stay alive between calls.
// A 429 is retried once after Retry-After (at most 1 s, and only when the
// deadline leaves room). Never throws; the key never appears in errorDetail.
class ChatCompletionClient
{
public:
    explicit ChatCompletionClient(ModelConfig config);

    const ModelConfig &config() const { return m_config; }

    // Each attempt gets min(config.timeoutMs, what is left of deadline).
    ChatResponse complete(const ChatRequest &request, const QDeadlineTimer &deadline = QDeadlineTimer(QDeadlineTimer::Forever)) const;

    static constexpr int kMaxRetryAfterMs = 1000;
    static constexpr int kDefaultRetryAfterMs = 250; // a 429 without Retry-After
    static constexpr int kMaxErrorDetail = 300;

private:
    ModelConfig m_config;
    bool m_valid = false; // m_config.isValid(), checked once
    QByteArray m_url;     // m_config.chatCompletionsUrl(), encoded once
};

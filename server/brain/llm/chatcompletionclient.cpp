#include "chatcompletionclient.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QThread>

#include <curl/curl.h>

#include <cmath>
#include <mutex>

Q_LOGGING_CATEGORY(lcLlm, "supportd.llm")

namespace {

constexpr qsizetype kMaxResponseBytes = 8 * 1024 * 1024;
constexpr long kMaxConnectTimeoutMs = 5000;
constexpr qint64 kMinRetryBudgetMs = 100; // no point in a retry with less time than this left

void ensureCurlInitialised()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// One easy handle per thread, reset (which keeps its live connections) before
// each request: calls from the same worker reuse the keep-alive connection.
class ThreadCurl
{
public:
    ~ThreadCurl()
    {
        if (m_handle)
            curl_easy_cleanup(m_handle);
    }
    CURL *acquire()
    {
        if (m_handle)
            curl_easy_reset(m_handle);
        else
            m_handle = curl_easy_init();
        return m_handle;
    }

private:
    CURL *m_handle = nullptr;
};

struct SlistDeleter
{
    void operator()(curl_slist *list) const { curl_slist_free_all(list); }
};

struct Exchange
{
    QByteArray body;
    qint64 retryAfterMs = -1; // from retry-after-ms or Retry-After (seconds)
    CURLcode code = CURLE_OK;
    long status = 0;
};

size_t collectBody(char *data, size_t size, size_t count, void *userData)
{
    auto *exchange = static_cast<Exchange *>(userData);
    const size_t bytes = size * count;
    if (exchange->body.size() + qsizetype(bytes) > kMaxResponseBytes)
        return 0; // curl then fails with CURLE_WRITE_ERROR
    exchange->body.append(data, qsizetype(bytes));
    return bytes;
}

size_t collectHeader(char *data, size_t size, size_t count, void *userData)
{
    auto *exchange = static_cast<Exchange *>(userData);
    const size_t bytes = size * count;
    const QByteArray line = QByteArray(data, qsizetype(bytes)).trimmed();
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0)
        return bytes;
    const QByteArray name = line.left(colon).trimmed().toLower();
    const QByteArray value = line.mid(colon + 1).trimmed();
    bool ok = false;
    if (name == "retry-after-ms") { // OpenAI's finer-grained hint wins
        const double ms = value.toDouble(&ok);
        if (ok && std::isfinite(ms) && ms >= 0)
            exchange->retryAfterMs = qint64(ms);
    } else if (name == "retry-after" && exchange->retryAfterMs < 0) {
        const double seconds = value.toDouble(&ok); // an HTTP date is ignored: the default wait applies
        if (ok && std::isfinite(seconds) && seconds >= 0)
            exchange->retryAfterMs = qint64(std::min(seconds, 3600.0) * 1000);
    }
    return bytes;
}

Exchange post(const QByteArray &url, const QByteArray &body, const QByteArray &apiKey, long timeoutMs)
{
    Exchange exchange;
    static thread_local ThreadCurl threadCurl;
    CURL *curl = threadCurl.acquire();
    if (!curl) {
        exchange.code = CURLE_FAILED_INIT;
        return exchange;
    }
    curl_slist *rawHeaders = nullptr;
    rawHeaders = curl_slist_append(rawHeaders, "Content-Type: application/json");
    rawHeaders = curl_slist_append(rawHeaders, "Accept: application/json");
    rawHeaders = curl_slist_append(rawHeaders, "Expect:"); // no 100-continue round trip for long conversations
    if (!apiKey.isEmpty())
        rawHeaders = curl_slist_append(rawHeaders, QByteArray("Authorization: Bearer " + apiKey).constData());
    const std::unique_ptr<curl_slist, SlistDeleter> headers(rawHeaders);

    curl_easy_setopt(curl, CURLOPT_URL, url.constData());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.constData());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.size()));
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collectBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &exchange);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, collectHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &exchange);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeoutMs);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, qMin(timeoutMs, kMaxConnectTimeoutMs));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);         // required when several threads use curl
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);   // a redirect must not carry the key elsewhere
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, ""); // whatever curl can decode
    curl_easy_setopt(curl, CURLOPT_USERAGENT, "supportd/" SUPPORT_VERSION);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS, long(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif

    exchange.code = curl_easy_perform(curl);
    if (exchange.code == CURLE_OK)
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &exchange.status);
    // The handle outlives this call: it must not keep pointers to our locals.
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
    return exchange;
}

// Our words for what went wrong on the wire (curl's own messages can name
// proxies and paths).
ChatResponse::Error describeCurlError(CURLcode code, long timeoutMs, QString *detail)
{
    switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
        *detail = QStringLiteral("no answer within %1 ms").arg(timeoutMs);
        return ChatResponse::Error::Timeout;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        *detail = QStringLiteral("host name not resolved");
        return ChatResponse::Error::Connection;
    case CURLE_COULDNT_CONNECT:
        *detail = QStringLiteral("connection refused or unreachable");
        return ChatResponse::Error::Connection;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
        *detail = QStringLiteral("TLS handshake or certificate check failed");
        return ChatResponse::Error::Connection;
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
        *detail = QStringLiteral("connection dropped mid-request");
        return ChatResponse::Error::Connection;
    case CURLE_WRITE_ERROR:
        *detail = QStringLiteral("answer larger than %1 MiB").arg(kMaxResponseBytes >> 20);
        return ChatResponse::Error::Malformed;
    case CURLE_FAILED_INIT:
        *detail = QStringLiteral("cannot start an HTTP client");
        return ChatResponse::Error::Connection;
    default:
        *detail = QStringLiteral("transfer failed (curl error %1: %2)").arg(int(code)).arg(QString::fromUtf8(curl_easy_strerror(code)));
        return ChatResponse::Error::Connection;
    }
}

// What the service said about an error: OpenAI's {"error": {"message", "type",
// "code"}}, a bare {"error": "..."} or {"message": "..."}, else the body's text.
QString upstreamMessage(const QByteArray &body)
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    const QJsonValue error = object.value(QLatin1String("error"));
    if (error.isObject()) {
        const QJsonObject e = error.toObject();
        QStringList parts;
        for (const char *key : {"type", "code"}) {
            const QJsonValue value = e.value(QLatin1String(key));
            if (value.isString() && !value.toString().isEmpty() && !parts.contains(value.toString()))
                parts.append(value.toString());
        }
        const QString message = e.value(QLatin1String("message")).toString();
        return parts.isEmpty() ? message : parts.join(QLatin1Char('/')) + QStringLiteral(": ") + message;
    }
    if (error.isString())
        return error.toString();
    if (object.value(QLatin1String("message")).isString())
        return object.value(QLatin1String("message")).toString();
    return QString::fromUtf8(body.left(ChatCompletionClient::kMaxErrorDetail * 4));
}

// Short, single-line, printable, and without the key even when the service
// echoed it back.
QString sanitizeDetail(QString detail, const QByteArray &apiKey)
{
    if (!apiKey.isEmpty())
        detail.replace(QString::fromUtf8(apiKey), QStringLiteral("[redacted]"));
    for (QChar &c : detail) {
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format)
            c = QLatin1Char(' ');
    }
    detail = detail.simplified();
    if (detail.size() > ChatCompletionClient::kMaxErrorDetail)
        detail = detail.left(ChatCompletionClient::kMaxErrorDetail - 1) + QChar(0x2026);
    return detail;
}

ChatResponse::Error errorForStatus(long status)
{
    if (status == 408)
        return ChatResponse::Error::Timeout;
    if (status == 429)
        return ChatResponse::Error::RateLimited;
    if (status >= 500)
        return ChatResponse::Error::ServerError;
    return ChatResponse::Error::ClientError;
}

QString statusHint(long status, bool haveKey)
{
    switch (status) {
    case 401: return haveKey ? QStringLiteral(" (the API key was rejected)") : QStringLiteral(" (an API key is required)");
    case 403: return QStringLiteral(" (access refused)");
    case 404: return QStringLiteral(" (check the base URL, like https://host/v1, and the model)");
    default: return (status >= 300 && status < 400) ? QStringLiteral(" (a redirect: check the base URL)") : QString();
    }
}

QString textOf(const QJsonValue &content, bool *ok)
{
    *ok = true;
    if (content.isString())
        return content.toString();
    if (content.isNull() || content.isUndefined())
        return {};
    if (content.isArray()) { // some compatible servers answer content parts
        QString text;
        for (const QJsonValue &part : content.toArray())
            text += part.toObject().value(QLatin1String("text")).toString();
        return text;
    }
    *ok = false;
    return {};
}

// choices[0].message, finish_reason, model and usage into *response.
bool parseCompletion(const QByteArray &body, ChatResponse *response, QString *problem)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        *problem = QStringLiteral("answer is not a JSON object");
        return false;
    }
    const QJsonObject root = document.object();
    const QJsonArray choices = root.value(QLatin1String("choices")).toArray();
    if (choices.isEmpty() || !choices.first().isObject()) {
        *problem = QStringLiteral("answer has no choices");
        return false;
    }
    const QJsonObject choice = choices.first().toObject();
    const QJsonValue messageValue = choice.value(QLatin1String("message"));
    if (!messageValue.isObject()) {
        *problem = QStringLiteral("choices[0] has no message");
        return false;
    }
    const QJsonObject message = messageValue.toObject();
    ChatMessage &out = response->message;
    out.role = QStringLiteral("assistant");
    bool ok = false;
    out.content = textOf(message.value(QLatin1String("content")), &ok);
    if (!ok) {
        *problem = QStringLiteral("message content is neither text nor null");
        return false;
    }

    const QJsonValue toolCallsValue = message.value(QLatin1String("tool_calls"));
    if (!toolCallsValue.isNull() && !toolCallsValue.isUndefined() && !toolCallsValue.isArray()) {
        *problem = QStringLiteral("tool_calls is not an array");
        return false;
    }
    const QJsonArray toolCalls = toolCallsValue.toArray();
    for (qsizetype i = 0; i < toolCalls.size(); ++i) {
        const QJsonObject call = toolCalls.at(i).toObject();
        const QJsonObject function = call.value(QLatin1String("function")).toObject();
        ChatToolCall toolCall;
        toolCall.id = call.value(QLatin1String("id")).toString();
        if (toolCall.id.isEmpty()) // some compatible servers leave it out; the follow-up needs one
            toolCall.id = QStringLiteral("call_%1").arg(i);
        toolCall.name = function.value(QLatin1String("name")).toString();
        if (toolCall.name.isEmpty()) {
            *problem = QStringLiteral("tool_calls[%1] has no function name").arg(i);
            return false;
        }
        const QJsonValue arguments = function.value(QLatin1String("arguments"));
        if (arguments.isString())
            toolCall.arguments = arguments.toString();
        else if (arguments.isObject()) // some compatible servers send the object itself
            toolCall.arguments = QString::fromUtf8(QJsonDocument(arguments.toObject()).toJson(QJsonDocument::Compact));
        else if (arguments.isUndefined() || arguments.isNull())
            toolCall.arguments = QStringLiteral("{}");
        else {
            *problem = QStringLiteral("tool_calls[%1] arguments are neither a string nor an object").arg(i);
            return false;
        }
        out.toolCalls.append(toolCall);
    }

    response->finishReason = choice.value(QLatin1String("finish_reason")).toString();
    response->model = root.value(QLatin1String("model")).toString();
    const QJsonObject usage = root.value(QLatin1String("usage")).toObject();
    response->inputTokens = qMax(0, usage.value(QLatin1String("prompt_tokens")).toInt());
    response->outputTokens = qMax(0, usage.value(QLatin1String("completion_tokens")).toInt());

    if (out.content.isEmpty() && out.toolCalls.isEmpty()) {
        const QString refusal = message.value(QLatin1String("refusal")).toString();
        *problem = refusal.isEmpty()
                       ? QStringLiteral("answer has neither text nor tool calls (finish_reason %1)")
                             .arg(response->finishReason.isEmpty() ? QStringLiteral("none") : response->finishReason)
                       : QStringLiteral("the model refused: %1").arg(refusal);
        return false;
    }
    return true;
}

} // namespace

QJsonObject ChatMessage::toJson() const
{
    QJsonObject json{{QStringLiteral("role"), role}};
    if (!toolCalls.isEmpty()) {
        json.insert(QStringLiteral("content"), content.isEmpty() ? QJsonValue() : QJsonValue(content));
        QJsonArray calls;
        for (const ChatToolCall &call : toolCalls) {
            calls.append(QJsonObject{{QStringLiteral("id"), call.id},
                                     {QStringLiteral("type"), QStringLiteral("function")},
                                     {QStringLiteral("function"), QJsonObject{{QStringLiteral("name"), call.name},
                                                                              {QStringLiteral("arguments"), call.arguments}}}});
        }
        json.insert(QStringLiteral("tool_calls"), calls);
    } else {
        json.insert(QStringLiteral("content"), content);
    }
    if (role == QLatin1String("tool"))
        json.insert(QStringLiteral("tool_call_id"), toolCallId);
    return json;
}

QByteArray ChatMessage::toWire() const
{
    return wire.isEmpty() ? QJsonDocument(toJson()).toJson(QJsonDocument::Compact) : wire;
}

namespace {

// A JSON scalar (string, number, bool) as QJsonDocument writes it.
QByteArray jsonScalar(const QJsonValue &value)
{
    const QByteArray array = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2); // without the [ ]
}

} // namespace

QByteArray ChatRequest::toBody(const QString &model, int defaultMaxTokens) const
{
    // Keys in QJsonObject's (sorted) order, so the bytes equal toJson()'s.
    QByteArray body;
    body.reserve(8192);
    body += "{\"max_tokens\":";
    body += jsonScalar(maxTokens > 0 ? maxTokens : defaultMaxTokens);
    body += ",\"messages\":[";
    for (qsizetype i = 0; i < messages.size(); ++i) {
        if (i > 0)
            body += ',';
        body += messages.at(i).toWire();
    }
    body += "],\"model\":";
    body += jsonScalar(model);
    body += ",\"temperature\":";
    body += jsonScalar(temperature);
    if (!tools.isEmpty()) {
        if (const QJsonValue choice = toolChoiceValue(); !choice.isUndefined()) {
            body += ",\"tool_choice\":";
            body += choice.isObject() ? QJsonDocument(choice.toObject()).toJson(QJsonDocument::Compact) : jsonScalar(choice);
        }
        body += ",\"tools\":";
        body += toolsWire.isEmpty() ? QJsonDocument(tools).toJson(QJsonDocument::Compact) : toolsWire;
    }
    body += '}';
    return body;
}

QJsonObject ChatRequest::toJson(const QString &model, int defaultMaxTokens) const
{
    QJsonArray messageArray;
    for (const ChatMessage &message : messages)
        messageArray.append(message.toJson());
    QJsonObject json{{QStringLiteral("model"), model},
                     {QStringLiteral("messages"), messageArray},
                     {QStringLiteral("temperature"), temperature},
                     {QStringLiteral("max_tokens"), maxTokens > 0 ? maxTokens : defaultMaxTokens}};
    if (!tools.isEmpty()) {
        json.insert(QStringLiteral("tools"), tools);
        if (const QJsonValue choice = toolChoiceValue(); !choice.isUndefined())
            json.insert(QStringLiteral("tool_choice"), choice);
    }
    return json;
}

QJsonValue ChatRequest::toolChoiceValue() const
{
    if (toolChoice == QLatin1String("auto") || toolChoice == QLatin1String("none") || toolChoice == QLatin1String("required"))
        return toolChoice;
    if (toolChoice.isEmpty())
        return QJsonValue(QJsonValue::Undefined);
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("function")},
                       {QStringLiteral("function"), QJsonObject{{QStringLiteral("name"), toolChoice}}}};
}

bool ChatResponse::shouldFallBack() const
{
    switch (error) {
    case Error::Timeout:
    case Error::Connection:
    case Error::RateLimited:
    case Error::ServerError:
    case Error::Malformed:
        return true;
    case Error::None:
    case Error::ClientError:
        return false;
    }
    return false;
}

QString ChatResponse::errorName(Error error)
{
    switch (error) {
    case Error::None: return QStringLiteral("none");
    case Error::Timeout: return QStringLiteral("timeout");
    case Error::Connection: return QStringLiteral("connection");
    case Error::RateLimited: return QStringLiteral("rate_limited");
    case Error::ServerError: return QStringLiteral("server_error");
    case Error::ClientError: return QStringLiteral("client_error");
    case Error::Malformed: return QStringLiteral("malformed");
    }
    return QStringLiteral("unknown");
}

ChatCompletionClient::ChatCompletionClient(ModelConfig config)
    : m_config(std::move(config)), m_valid(m_config.isValid()),
      m_url(m_config.chatCompletionsUrl().toString(QUrl::FullyEncoded).toUtf8())
{
    ensureCurlInitialised();
}

ChatResponse ChatCompletionClient::complete(const ChatRequest &request, const QDeadlineTimer &deadline) const
{
    QElapsedTimer clock;
    clock.start();
    ChatResponse response;
    auto finish = [&](ChatResponse::Error error, const QString &detail) {
        response.error = error;
        response.errorDetail = sanitizeDetail(detail, m_config.apiKey);
        response.latencyMs = clock.elapsed();
        return response;
    };
    if (!m_valid)
        return finish(ChatResponse::Error::ClientError,
                      QStringLiteral("the %1 LLM model is not configured correctly (base URL, model, limits or key)")
                          .arg(m_config.role.isEmpty() ? QStringLiteral("chat") : m_config.role));

    const QByteArray body = request.toBody(m_config.model, m_config.maxTokens);

    for (int attempt = 1;; ++attempt) {
        qint64 timeoutMs = m_config.timeoutMs;
        if (!deadline.isForever())
            timeoutMs = qMin(timeoutMs, deadline.remainingTime());
        if (timeoutMs <= 0)
            return finish(ChatResponse::Error::Timeout, attempt == 1 ? QStringLiteral("no time left before the call")
                                                                     : QStringLiteral("no time left for a retry"));
        response.attempts = attempt;
        const Exchange exchange = post(m_url, body, m_config.apiKey, long(timeoutMs));
        if (exchange.code != CURLE_OK) {
            QString detail;
            const ChatResponse::Error error = describeCurlError(exchange.code, long(timeoutMs), &detail);
            return finish(error, detail);
        }
        response.httpStatus = int(exchange.status);

        if (exchange.status == 429 && attempt == 1) {
            const qint64 hintMs = exchange.retryAfterMs < 0 ? qint64(kDefaultRetryAfterMs) : exchange.retryAfterMs;
            const qint64 waitMs = qBound(qint64(0), hintMs, qint64(kMaxRetryAfterMs));
            if (deadline.isForever() || deadline.remainingTime() >= waitMs + kMinRetryBudgetMs) {
                qCInfo(lcLlm) << "rate limited by the" << m_config.role << "model; retrying in" << waitMs << "ms";
                if (waitMs > 0)
                    QThread::msleep(quint64(waitMs));
                continue;
            }
            return finish(ChatResponse::Error::RateLimited,
                          QStringLiteral("HTTP 429, no time left for a retry: ") + upstreamMessage(exchange.body));
        }
        if (exchange.status < 200 || exchange.status >= 300) {
            const QString prefix = exchange.status == 429 ? QStringLiteral("HTTP 429 again after a retry")
                                                          : QStringLiteral("HTTP %1").arg(exchange.status);
            return finish(errorForStatus(exchange.status), prefix + statusHint(exchange.status, !m_config.apiKey.isEmpty())
                                                               + QStringLiteral(": ") + upstreamMessage(exchange.body));
        }

        QString problem;
        if (!parseCompletion(exchange.body, &response, &problem)) {
            response.message = ChatMessage{};
            return finish(ChatResponse::Error::Malformed, QStringLiteral("malformed answer: ") + problem);
        }
        return finish(ChatResponse::Error::None, QString());
    }
}

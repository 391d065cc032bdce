#include "fakeopenaiserver.h"

#include <QDateTime>
#include <QHostAddress>
#include <QJsonDocument>
#include <QMutexLocker>
#include <QRegularExpression>
#include <QSet>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace {

constexpr qsizetype kMaxHeaderBytes = 64 * 1024;
constexpr qsizetype kMaxBodyBytes = 32 * 1024 * 1024;
const QByteArray kCompletionsPath = "/v1/chat/completions";
const QByteArray kRequestsPath = "/_fake/requests";
const QByteArray kScriptPath = "/_fake/script";

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 413: return "Payload Too Large";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

QByteArray httpResponse(int status, const QByteArray &body, const QList<QByteArray> &extraHeaders = {})
{
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status)
                          + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
                          + "\r\nConnection: keep-alive\r\n";
    for (const QByteArray &header : extraHeaders)
        response += header + "\r\n";
    return response + "\r\n" + body;
}

QByteArray toCompactJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// The error shape OpenAI answers with.
QByteArray errorBody(const QString &message, const QString &type, const QJsonValue &param = QJsonValue(),
                     const QJsonValue &code = QJsonValue())
{
    return toCompactJson(QJsonObject{{QStringLiteral("error"), QJsonObject{{QStringLiteral("message"), message},
                                                                           {QStringLiteral("type"), type},
                                                                           {QStringLiteral("param"), param},
                                                                           {QStringLiteral("code"), code}}}});
}

// A scripted HTTP error with the body and headers OpenAI sends for it.
QByteArray scriptedErrorBody(const FakeOpenAiServer::Step &step, const QByteArray &authorization)
{
    const QString custom = step.text;
    switch (step.status) {
    case 401: {
        if (authorization.isEmpty() && custom.isEmpty())
            return errorBody(QStringLiteral("You didn't provide an API key. You need to provide your API key in an "
                                            "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."),
                             QStringLiteral("invalid_request_error"));
        // Echoes the key as sent (OpenAI masks most of it): a client must never repeat this.
        const QString key = QString::fromUtf8(authorization.startsWith("Bearer ") ? authorization.mid(7) : authorization);
        return errorBody(custom.isEmpty() ? QStringLiteral("Incorrect API key provided: %1. You can find your API key at "
                                                           "https://platform.openai.com/account/api-keys.").arg(key)
                                          : custom,
                         QStringLiteral("invalid_request_error"), QJsonValue(), QStringLiteral("invalid_api_key"));
    }
    case 429:
        return errorBody(custom.isEmpty() ? QStringLiteral("Rate limit reached for requests. Please try again later.") : custom,
                         QStringLiteral("requests"), QJsonValue(), QStringLiteral("rate_limit_exceeded"));
    case 503:
        return errorBody(custom.isEmpty() ? QStringLiteral("The engine is currently overloaded, please try again later.") : custom,
                         QStringLiteral("server_error"));
    default:
        if (step.status >= 500)
            return errorBody(custom.isEmpty() ? QStringLiteral("The server had an error while processing your request. Sorry about that!")
                                              : custom,
                             QStringLiteral("server_error"));
        return errorBody(custom.isEmpty() ? QStringLiteral("Request rejected") : custom,
                         QStringLiteral("invalid_request_error"));
    }
}

// The checks the real API makes before answering (a 400 with `param`).
struct Problem
{
    QString message;
    QString param;
    bool isEmpty() const { return message.isEmpty(); }
};

Problem validateChatRequest(const QJsonObject &body)
{
    if (body.isEmpty())
        return {QStringLiteral("We could not parse the JSON body of your request."), {}};
    if (!body.value(QLatin1String("model")).isString() || body.value(QLatin1String("model")).toString().isEmpty())
        return {QStringLiteral("you must provide a model parameter"), QStringLiteral("model")};
    const QJsonValue messagesValue = body.value(QLatin1String("messages"));
    if (!messagesValue.isArray() || messagesValue.toArray().isEmpty())
        return {QStringLiteral("'messages' must be a non-empty array"), QStringLiteral("messages")};

    static const QSet<QString> roles{QStringLiteral("system"), QStringLiteral("developer"), QStringLiteral("user"),
                                     QStringLiteral("assistant"), QStringLiteral("tool")};
    const QJsonArray messages = messagesValue.toArray();
    QStringList pending; // tool_call_ids still owed a tool message
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const QString where = QStringLiteral("messages.[%1]").arg(i);
        if (!messages.at(i).isObject())
            return {QStringLiteral("Invalid type for '%1': expected an object.").arg(where), where};
        const QJsonObject message = messages.at(i).toObject();
        const QString role = message.value(QLatin1String("role")).toString();
        if (!roles.contains(role))
            return {QStringLiteral("Invalid value for '%1.role'.").arg(where), where + QStringLiteral(".role")};
        const QJsonValue content = message.value(QLatin1String("content"));
        const bool textual = content.isString() || content.isArray();
        if (role == QLatin1String("tool")) {
            const QString id = message.value(QLatin1String("tool_call_id")).toString();
            if (id.isEmpty())
                return {QStringLiteral("Missing parameter 'tool_call_id': messages with role 'tool' must have a 'tool_call_id'."),
                        where + QStringLiteral(".tool_call_id")};
            if (!pending.contains(id))
                return {QStringLiteral("Invalid parameter: messages with role 'tool' must be a response to a preceeding "
                                       "message with 'tool_calls'."),
                        where + QStringLiteral(".role")};
            pending.removeOne(id);
            if (!textual)
                return {QStringLiteral("Invalid type for '%1.content'.").arg(where), where + QStringLiteral(".content")};
            continue;
        }
        if (!pending.isEmpty())
            return {QStringLiteral("An assistant message with 'tool_calls' must be followed by tool messages responding to "
                                   "each 'tool_call_id'. The following tool_call_ids did not have response messages: %1")
                        .arg(pending.join(QStringLiteral(", "))),
                    QStringLiteral("messages.[%1].role").arg(i)};
        if (role != QLatin1String("assistant")) {
            if (!textual)
                return {QStringLiteral("Invalid type for '%1.content'.").arg(where), where + QStringLiteral(".content")};
            continue;
        }
        const QJsonValue toolCalls = message.value(QLatin1String("tool_calls"));
        if (!toolCalls.isUndefined() && !toolCalls.isArray())
            return {QStringLiteral("Invalid type for '%1.tool_calls'.").arg(where), where + QStringLiteral(".tool_calls")};
        if (!textual && !content.isNull() && !content.isUndefined())
            return {QStringLiteral("Invalid type for '%1.content'.").arg(where), where + QStringLiteral(".content")};
        if (!textual && toolCalls.toArray().isEmpty())
            return {QStringLiteral("Missing parameter 'content': assistant messages need content or tool_calls."),
                    where + QStringLiteral(".content")};
        const QJsonArray calls = toolCalls.toArray();
        for (qsizetype c = 0; c < calls.size(); ++c) {
            const QJsonObject call = calls.at(c).toObject();
            const QJsonObject function = call.value(QLatin1String("function")).toObject();
            const QString callWhere = where + QStringLiteral(".tool_calls.[%1]").arg(c);
            if (call.value(QLatin1String("id")).toString().isEmpty() || call.value(QLatin1String("type")).toString() != QLatin1String("function")
                || function.value(QLatin1String("name")).toString().isEmpty() || !function.value(QLatin1String("arguments")).isString())
                return {QStringLiteral("Invalid value for '%1': a tool call needs an id, type 'function' and a function "
                                       "with a name and string arguments.").arg(callWhere),
                        callWhere};
            pending.append(call.value(QLatin1String("id")).toString());
        }
    }
    if (!pending.isEmpty())
        return {QStringLiteral("An assistant message with 'tool_calls' must be followed by tool messages responding to each "
                               "'tool_call_id'. The following tool_call_ids did not have response messages: %1")
                    .arg(pending.join(QStringLiteral(", "))),
                QStringLiteral("messages")};

    static const QRegularExpression toolName(QStringLiteral("^[a-zA-Z0-9_-]{1,64}$"));
    const QJsonValue toolsValue = body.value(QLatin1String("tools"));
    QSet<QString> toolNames;
    if (!toolsValue.isUndefined() && !toolsValue.isNull()) {
        if (!toolsValue.isArray())
            return {QStringLiteral("Invalid type for 'tools': expected an array."), QStringLiteral("tools")};
        const QJsonArray tools = toolsValue.toArray();
        for (qsizetype i = 0; i < tools.size(); ++i) {
            const QJsonObject tool = tools.at(i).toObject();
            const QJsonObject function = tool.value(QLatin1String("function")).toObject();
            const QString name = function.value(QLatin1String("name")).toString();
            const QJsonValue parameters = function.value(QLatin1String("parameters"));
            if (tool.value(QLatin1String("type")).toString() != QLatin1String("function") || !toolName.match(name).hasMatch()
                || (!parameters.isUndefined() && !parameters.isObject()))
                return {QStringLiteral("Invalid value for 'tools[%1]': expected {\"type\": \"function\", \"function\": "
                                       "{\"name\": \"^[a-zA-Z0-9_-]{1,64}$\", \"parameters\": {...}}}.").arg(i),
                        QStringLiteral("tools[%1]").arg(i)};
            toolNames.insert(name);
        }
    }
    const QJsonValue toolChoice = body.value(QLatin1String("tool_choice"));
    if (!toolChoice.isUndefined() && !toolChoice.isNull()) {
        if (toolNames.isEmpty())
            return {QStringLiteral("Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified."),
                    QStringLiteral("tool_choice")};
        const QString choice = toolChoice.toString();
        const QString forced = toolChoice.toObject().value(QLatin1String("function")).toObject().value(QLatin1String("name")).toString();
        if (!(choice == QLatin1String("auto") || choice == QLatin1String("none") || choice == QLatin1String("required")
              || (toolChoice.isObject() && toolNames.contains(forced))))
            return {QStringLiteral("Invalid value for 'tool_choice'."), QStringLiteral("tool_choice")};
    }
    const QJsonValue temperature = body.value(QLatin1String("temperature"));
    if (!temperature.isUndefined() && !temperature.isNull()
        && (!temperature.isDouble() || temperature.toDouble() < 0 || temperature.toDouble() > 2))
        return {QStringLiteral("Invalid 'temperature': expected a number from 0 to 2."), QStringLiteral("temperature")};
    for (const char *key : {"max_tokens", "max_completion_tokens"}) {
        const QJsonValue value = body.value(QLatin1String(key));
        if (!value.isUndefined() && !value.isNull() && (!value.isDouble() || value.toDouble() < 1 || value.toDouble() != double(value.toInteger())))
            return {QStringLiteral("Invalid '%1': expected an integer of at least 1.").arg(QLatin1String(key)), QLatin1String(key)};
    }
    return {};
}

struct ParsedRequest
{
    QByteArray method;
    QByteArray path;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
};

} // namespace

// Lives on the server's thread: accepts connections and answers requests, one
// at a time per connection (a request waiting behind a delayed answer stays in
// the buffer until that answer is written, so answers never overtake).
class FakeOpenAiWorker : public QObject
{
public:
    explicit FakeOpenAiWorker(FakeOpenAiServer *owner)
        : m_owner(owner)
        , m_server(this)
    {
        m_server.setMaxPendingConnections(1024);
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] { acceptConnections(); });
    }

    bool listen(quint16 requestedPort, quint16 *port, QString *error)
    {
        m_server.setListenBacklogSize(1024);
        if (!m_server.listen(QHostAddress::LocalHost, requestedPort)) {
            *error = m_server.errorString();
            return false;
        }
        *port = m_server.serverPort();
        return true;
    }

    void shutdown()
    {
        m_server.close();
        const auto sockets = m_server.findChildren<QTcpSocket *>();
        for (QTcpSocket *socket : sockets)
            delete socket;
    }

private:
    void acceptConnections()
    {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            m_connections.insert(socket, ++m_connectionCount);
            QObject::connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readRequests(socket); });
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            QObject::connect(socket, &QObject::destroyed, this, [this, socket] {
                m_buffers.remove(socket);
                m_continued.remove(socket);
                m_busy.remove(socket);
                m_connections.remove(socket);
            });
        }
    }

    void readRequests(QTcpSocket *socket)
    {
        QByteArray &buffer = m_buffers[socket];
        buffer.append(socket->readAll());
        while (!m_busy.contains(socket)) {
            const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
            if (headerEnd < 0) {
                if (buffer.size() > kMaxHeaderBytes)
                    fail(socket, 431);
                return;
            }
            ParsedRequest request;
            const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
            const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
            if (requestLine.size() != 3) {
                fail(socket, 400);
                return;
            }
            request.method = requestLine.at(0);
            request.path = requestLine.at(1);
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines.at(i).indexOf(':');
                if (colon > 0)
                    request.headers.insert(lines.at(i).left(colon).trimmed().toLower(), lines.at(i).mid(colon + 1).trimmed());
            }
            if (request.headers.contains("transfer-encoding")) {
                fail(socket, 400); // the real clients send Content-Length
                return;
            }
            bool ok = true;
            const qsizetype length = request.headers.value("content-length", "0").toLongLong(&ok);
            if (!ok || length < 0 || length > kMaxBodyBytes) {
                fail(socket, 413);
                return;
            }
            if (buffer.size() < headerEnd + 4 + length) {
                if (request.headers.value("expect").toLower() == "100-continue" && !m_continued.contains(socket)) {
                    m_continued.insert(socket);
                    socket->write("HTTP/1.1 100 Continue\r\n\r\n");
                }
                return;
            }
            m_continued.remove(socket);
            request.body = buffer.mid(headerEnd + 4, length);
            buffer.remove(0, headerEnd + 4 + length);
            answer(socket, request);
        }
    }

    void fail(QTcpSocket *socket, int status)
    {
        socket->write(httpResponse(status, errorBody(QStringLiteral("bad request"), QStringLiteral("invalid_request_error"))));
        socket->disconnectFromHost();
        m_buffers.remove(socket);
    }

    void write(QTcpSocket *socket, const ParsedRequest &request, const QByteArray &response)
    {
        socket->write(response);
        if (request.headers.value("connection").toLower() == "close")
            socket->disconnectFromHost();
    }

    void answer(QTcpSocket *socket, const ParsedRequest &parsed)
    {
        if (parsed.path == kRequestsPath || parsed.path == kScriptPath) {
            write(socket, parsed, debugAnswer(parsed));
            return;
        }

        const FakeOpenAiServer::Settings settings = m_owner->settings();
        FakeOpenAiServer::Request record;
        record.method = parsed.method;
        record.path = parsed.path;
        record.headers = parsed.headers;
        record.hasAuthorization = parsed.headers.contains("authorization");
        record.authorization = parsed.headers.value("authorization");
        record.rawBody = parsed.body;
        record.connection = m_connections.value(socket);
        record.body = QJsonDocument::fromJson(parsed.body).object();

        int delayMs = settings.delayMs;
        QList<QByteArray> headers{"x-request-id: req_fake_" + QByteArray::number(m_owner->nextSequence()),
                                  "openai-processing-ms: " + QByteArray::number(qMax(0, delayMs))};
        if (parsed.path != kCompletionsPath) {
            record.status = 404;
            record.responseBody = errorBody(QStringLiteral("Invalid URL (%1 %2)").arg(QString::fromUtf8(parsed.method), QString::fromUtf8(parsed.path)),
                                            QStringLiteral("invalid_request_error"));
        } else if (parsed.method != "POST") {
            record.status = 405;
            record.responseBody = errorBody(QStringLiteral("Method not allowed"), QStringLiteral("invalid_request_error"));
        } else if (!settings.requiredKey.isEmpty() && record.authorization != "Bearer " + settings.requiredKey) {
            record.status = 401;
            record.responseBody = scriptedErrorBody(FakeOpenAiServer::Step::httpError(401), record.authorization);
        } else if (const Problem problem = validateChatRequest(record.body); !problem.isEmpty()) {
            record.status = 400;
            record.responseBody = errorBody(problem.message, QStringLiteral("invalid_request_error"),
                                            problem.param.isEmpty() ? QJsonValue() : QJsonValue(problem.param));
        } else {
            std::optional<FakeOpenAiServer::Step> step = m_owner->takeStep();
            if (!step && settings.handler)
                step = settings.handler(record);
            if (!step)
                step = settings.defaultStep;
            if (step->delayMs >= 0)
                delayMs = step->delayMs;
            record.status = step->kind == FakeOpenAiServer::Step::Kind::HttpError ? step->status : 200;
            record.responseBody = replyBody(*step, record);
            if (step->kind == FakeOpenAiServer::Step::Kind::HttpError && step->retryAfterSeconds >= 0)
                headers.append("retry-after: " + QByteArray::number(step->retryAfterSeconds));
            if (step->kind == FakeOpenAiServer::Step::Kind::HttpError && step->status == 429)
                headers.append("x-ratelimit-remaining-requests: 0");
        }
        m_owner->record(record);

        const QByteArray response = httpResponse(record.status, record.responseBody, headers);
        if (delayMs <= 0) {
            write(socket, parsed, response);
            return;
        }
        // A timer, not a sleep: other connections' requests go on meanwhile.
        m_busy.insert(socket);
        QTimer::singleShot(delayMs, socket, [this, socket, parsed, response] {
            m_busy.remove(socket);
            if (socket->state() != QAbstractSocket::ConnectedState)
                return;
            write(socket, parsed, response);
            readRequests(socket); // requests that arrived meanwhile
        });
    }

    QByteArray replyBody(const FakeOpenAiServer::Step &step, const FakeOpenAiServer::Request &request)
    {
        using Kind = FakeOpenAiServer::Step::Kind;
        switch (step.kind) {
        case Kind::HttpError:
            return scriptedErrorBody(step, request.authorization);
        case Kind::Malformed:
            return step.rawBody.isEmpty()
                       ? QByteArray(R"({"id":"chatcmpl-fake","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"Your ord)")
                       : step.rawBody;
        case Kind::Answer:
        case Kind::ToolCalls:
            break;
        }
        const int sequence = m_owner->nextSequence();
        QJsonObject message{{QStringLiteral("role"), QStringLiteral("assistant")}, {QStringLiteral("refusal"), QJsonValue()}};
        QByteArray generated;
        if (step.kind == Kind::ToolCalls) {
            message.insert(QStringLiteral("content"), QJsonValue());
            QJsonArray calls;
            for (qsizetype i = 0; i < step.calls.size(); ++i) {
                const FakeOpenAiServer::ToolCall &call = step.calls.at(i);
                const QString id = call.id.isEmpty() ? QStringLiteral("call_fake_%1_%2").arg(sequence).arg(i) : call.id;
                calls.append(QJsonObject{{QStringLiteral("id"), id},
                                         {QStringLiteral("type"), QStringLiteral("function")},
                                         {QStringLiteral("function"), QJsonObject{{QStringLiteral("name"), call.name},
                                                                                  {QStringLiteral("arguments"), call.arguments}}}});
                generated += call.name.toUtf8() + call.arguments.toUtf8();
            }
            message.insert(QStringLiteral("tool_calls"), calls);
        } else {
            message.insert(QStringLiteral("content"), step.text);
            generated = step.text.toUtf8();
        }
        const int promptTokens = step.promptTokens >= 0 ? step.promptTokens : FakeOpenAiServer::tokensFor(request.rawBody);
        const int completionTokens = step.completionTokens >= 0 ? step.completionTokens : FakeOpenAiServer::tokensFor(generated);
        const QString finishReason = !step.finishReason.isEmpty() ? step.finishReason
                                     : step.kind == Kind::ToolCalls ? QStringLiteral("tool_calls")
                                                                    : QStringLiteral("stop");
        const QJsonObject choice{{QStringLiteral("index"), 0},
                                 {QStringLiteral("message"), message},
                                 {QStringLiteral("logprobs"), QJsonValue()},
                                 {QStringLiteral("finish_reason"), finishReason}};
        const QJsonObject completion{
            {QStringLiteral("id"), QStringLiteral("chatcmpl-fake-%1").arg(sequence)},
            {QStringLiteral("object"), QStringLiteral("chat.completion")},
            {QStringLiteral("created"), QDateTime::currentSecsSinceEpoch()},
            {QStringLiteral("model"), request.body.value(QLatin1String("model"))},
            {QStringLiteral("choices"), QJsonArray{choice}},
            {QStringLiteral("usage"), QJsonObject{{QStringLiteral("prompt_tokens"), promptTokens},
                                                  {QStringLiteral("completion_tokens"), completionTokens},
                                                  {QStringLiteral("total_tokens"), promptTokens + completionTokens}}},
            {QStringLiteral("system_fingerprint"), QStringLiteral("fp_fake")}};
        return toCompactJson(completion);
    }

    // GET/DELETE /_fake/requests, POST /_fake/script: not recorded.
    QByteArray debugAnswer(const ParsedRequest &parsed)
    {
        if (parsed.path == kRequestsPath && parsed.method == "GET") {
            QJsonArray requests;
            for (const FakeOpenAiServer::Request &request : m_owner->requests())
                requests.append(request.toJson());
            return httpResponse(200, toCompactJson(QJsonObject{{QStringLiteral("requests"), requests},
                                                               {QStringLiteral("count"), m_owner->requestCount()}}));
        }
        if (parsed.path == kRequestsPath && parsed.method == "DELETE") {
            m_owner->clearRequests();
            return httpResponse(200, "{}");
        }
        if (parsed.path == kScriptPath && parsed.method == "POST") {
            QString error;
            QJsonParseError parseError;
            const QJsonDocument script = QJsonDocument::fromJson(parsed.body, &parseError);
            if (parseError.error != QJsonParseError::NoError || !script.isObject())
                error = QStringLiteral("the script must be a JSON object");
            else
                m_owner->loadScript(script.object(), &error);
            if (!error.isEmpty())
                return httpResponse(400, errorBody(error, QStringLiteral("invalid_request_error")));
            return httpResponse(200, toCompactJson(QJsonObject{{QStringLiteral("pending_steps"), m_owner->pendingSteps()}}));
        }
        return httpResponse(405, errorBody(QStringLiteral("Method not allowed"), QStringLiteral("invalid_request_error")));
    }

    FakeOpenAiServer *m_owner;
    QTcpServer m_server;
    QHash<QTcpSocket *, QByteArray> m_buffers;
    QSet<QTcpSocket *> m_continued;
    QSet<QTcpSocket *> m_busy; // an answer is being delayed
    QHash<QTcpSocket *, int> m_connections;
    int m_connectionCount = 0;
};

FakeOpenAiServer::Step FakeOpenAiServer::Step::answer(const QString &text)
{
    Step step;
    step.kind = Kind::Answer;
    step.text = text;
    return step;
}

FakeOpenAiServer::Step FakeOpenAiServer::Step::toolCall(const QString &name, const QString &arguments, const QString &id)
{
    return toolCalls({ToolCall{id, name, arguments}});
}

FakeOpenAiServer::Step FakeOpenAiServer::Step::toolCalls(const QList<ToolCall> &calls)
{
    Step step;
    step.kind = Kind::ToolCalls;
    step.calls = calls;
    return step;
}

FakeOpenAiServer::Step FakeOpenAiServer::Step::httpError(int status, int retryAfterSeconds, const QString &message)
{
    Step step;
    step.kind = Kind::HttpError;
    step.status = status;
    step.retryAfterSeconds = retryAfterSeconds;
    step.text = message;
    return step;
}

FakeOpenAiServer::Step FakeOpenAiServer::Step::malformed(const QByteArray &body)
{
    Step step;
    step.kind = Kind::Malformed;
    step.rawBody = body;
    return step;
}

FakeOpenAiServer::Step FakeOpenAiServer::Step::delayed(int ms) const
{
    Step step = *this;
    step.delayMs = ms;
    return step;
}

FakeOpenAiServer::Step FakeOpenAiServer::Step::withUsage(int prompt, int completion) const
{
    Step step = *this;
    step.promptTokens = prompt;
    step.completionTokens = completion;
    return step;
}

std::optional<FakeOpenAiServer::Step> FakeOpenAiServer::Step::fromJson(const QJsonObject &json, QString *error)
{
    auto fail = [error](const QString &message) -> std::optional<Step> {
        *error = message;
        return std::nullopt;
    };
    Step step;
    if (json.contains(QLatin1String("tool_calls"))) {
        const QJsonValue value = json.value(QLatin1String("tool_calls"));
        if (!value.isArray() || value.toArray().isEmpty())
            return fail(QStringLiteral("\"tool_calls\" must be a non-empty array"));
        QList<ToolCall> calls;
        for (const QJsonValue &item : value.toArray()) {
            const QJsonObject call = item.toObject();
            const QJsonValue arguments = call.value(QLatin1String("arguments"));
            if (call.value(QLatin1String("name")).toString().isEmpty())
                return fail(QStringLiteral("each tool call needs a \"name\""));
            calls.append(ToolCall{call.value(QLatin1String("id")).toString(), call.value(QLatin1String("name")).toString(),
                                  arguments.isObject() ? QString::fromUtf8(toCompactJson(arguments.toObject()))
                                  : arguments.isString() ? arguments.toString()
                                                         : QStringLiteral("{}")});
        }
        step = toolCalls(calls);
    } else if (json.contains(QLatin1String("answer"))) {
        if (!json.value(QLatin1String("answer")).isString())
            return fail(QStringLiteral("\"answer\" must be a string"));
        step = answer(json.value(QLatin1String("answer")).toString());
    } else if (json.contains(QLatin1String("status"))) {
        const int status = json.value(QLatin1String("status")).toInt();
        if (status < 400 || status > 599)
            return fail(QStringLiteral("\"status\" must be an HTTP error status from 400 to 599"));
        step = httpError(status, json.value(QLatin1String("retry_after")).toInt(-1), json.value(QLatin1String("message")).toString());
    } else if (json.contains(QLatin1String("malformed"))) {
        const QJsonValue value = json.value(QLatin1String("malformed"));
        step = malformed(value.isString() ? value.toString().toUtf8() : QByteArray());
    } else {
        return fail(QStringLiteral("a step needs one of \"answer\", \"tool_calls\", \"status\" or \"malformed\""));
    }
    step.delayMs = json.value(QLatin1String("delay_ms")).toInt(-1);
    const QJsonObject usage = json.value(QLatin1String("usage")).toObject();
    step.promptTokens = usage.value(QLatin1String("prompt_tokens")).toInt(-1);
    step.completionTokens = usage.value(QLatin1String("completion_tokens")).toInt(-1);
    step.finishReason = json.value(QLatin1String("finish_reason")).toString();
    return step;
}

bool FakeOpenAiServer::Request::hasToolResult() const
{
    for (const QJsonValue &message : messages()) {
        if (message.toObject().value(QLatin1String("role")).toString() == QLatin1String("tool"))
            return true;
    }
    return false;
}

QString FakeOpenAiServer::Request::lastUserMessage() const
{
    const QJsonArray all = messages();
    for (qsizetype i = all.size() - 1; i >= 0; --i) {
        const QJsonObject message = all.at(i).toObject();
        if (message.value(QLatin1String("role")).toString() == QLatin1String("user"))
            return message.value(QLatin1String("content")).toString();
    }
    return {};
}

QJsonObject FakeOpenAiServer::Request::toJson() const
{
    QJsonObject headerObject;
    for (auto it = headers.begin(); it != headers.end(); ++it)
        headerObject.insert(QString::fromLatin1(it.key()), QString::fromUtf8(it.value()));
    const QJsonDocument response = QJsonDocument::fromJson(responseBody);
    return QJsonObject{{QStringLiteral("method"), QString::fromLatin1(method)},
                       {QStringLiteral("path"), QString::fromUtf8(path)},
                       {QStringLiteral("headers"), headerObject},
                       {QStringLiteral("body"), body.isEmpty() ? QJsonValue(QString::fromUtf8(rawBody)) : QJsonValue(body)},
                       {QStringLiteral("status"), status},
                       {QStringLiteral("connection"), connection},
                       {QStringLiteral("response"), response.isObject() ? QJsonValue(response.object())
                                                                        : QJsonValue(QString::fromUtf8(responseBody))}};
}

FakeOpenAiServer::FakeOpenAiServer() = default;

FakeOpenAiServer::~FakeOpenAiServer()
{
    if (!m_worker)
        return;
    if (m_thread.isRunning()) {
        QMetaObject::invokeMethod(m_worker, [this] { m_worker->shutdown(); }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    } else {
        delete m_worker;
    }
}

bool FakeOpenAiServer::start(QString *error, quint16 port)
{
    if (m_worker)
        return m_port != 0;
    m_worker = new FakeOpenAiWorker(this);
    m_worker->moveToThread(&m_thread);
    // Deleted on its own thread as the thread finishes.
    QObject::connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.setObjectName(QStringLiteral("fake-openai"));
    m_thread.start();

    bool listening = false;
    QString message;
    quint16 boundPort = 0;
    QMetaObject::invokeMethod(
        m_worker, [&] { listening = m_worker->listen(port, &boundPort, &message); }, Qt::BlockingQueuedConnection);
    if (!listening) {
        if (error)
            *error = QStringLiteral("fake OpenAI server cannot listen: %1").arg(message);
        return false;
    }
    QMutexLocker lock(&m_mutex);
    m_port = boundPort;
    return true;
}

quint16 FakeOpenAiServer::port() const
{
    QMutexLocker lock(&m_mutex);
    return m_port;
}

QString FakeOpenAiServer::baseUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1/v1").arg(port());
}

void FakeOpenAiServer::enqueue(const Step &step)
{
    QMutexLocker lock(&m_mutex);
    m_steps.enqueue(step);
}

void FakeOpenAiServer::enqueue(const QList<Step> &steps)
{
    QMutexLocker lock(&m_mutex);
    for (const Step &step : steps)
        m_steps.enqueue(step);
}

int FakeOpenAiServer::pendingSteps() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_steps.size());
}

void FakeOpenAiServer::setHandler(Handler handler)
{
    QMutexLocker lock(&m_mutex);
    m_settings.handler = std::move(handler);
}

void FakeOpenAiServer::setDefaultStep(const Step &step)
{
    QMutexLocker lock(&m_mutex);
    m_settings.defaultStep = step;
}

void FakeOpenAiServer::setDelayMs(int delayMs)
{
    QMutexLocker lock(&m_mutex);
    m_settings.delayMs = delayMs;
}

void FakeOpenAiServer::setRequiredKey(const QByteArray &key)
{
    QMutexLocker lock(&m_mutex);
    m_settings.requiredKey = key;
}

bool FakeOpenAiServer::loadScript(const QJsonObject &script, QString *error)
{
    QString ignored;
    QString &message = error ? *error : ignored;
    QList<Step> steps;
    const QJsonValue stepsValue = script.value(QLatin1String("steps"));
    if (!stepsValue.isUndefined() && !stepsValue.isArray()) {
        message = QStringLiteral("\"steps\" must be an array");
        return false;
    }
    const QJsonArray stepArray = stepsValue.toArray();
    for (qsizetype i = 0; i < stepArray.size(); ++i) {
        const auto step = Step::fromJson(stepArray.at(i).toObject(), &message);
        if (!step) {
            message = QStringLiteral("steps[%1]: %2").arg(i).arg(message);
            return false;
        }
        steps.append(*step);
    }
    std::optional<Step> defaultStep;
    if (script.contains(QLatin1String("default"))) {
        defaultStep = Step::fromJson(script.value(QLatin1String("default")).toObject(), &message);
        if (!defaultStep) {
            message = QStringLiteral("default: %1").arg(message);
            return false;
        }
    }
    const QJsonValue delay = script.value(QLatin1String("delay_ms"));
    if (!delay.isUndefined() && (!delay.isDouble() || delay.toInt(-1) < 0)) {
        message = QStringLiteral("\"delay_ms\" must be a number of milliseconds, 0 or more");
        return false;
    }

    QMutexLocker lock(&m_mutex);
    if (!delay.isUndefined())
        m_settings.delayMs = delay.toInt();
    if (script.value(QLatin1String("required_key")).isString())
        m_settings.requiredKey = script.value(QLatin1String("required_key")).toString().toUtf8();
    if (defaultStep)
        m_settings.defaultStep = *defaultStep;
    for (const Step &step : steps)
        m_steps.enqueue(step);
    return true;
}

QList<FakeOpenAiServer::Request> FakeOpenAiServer::requests() const
{
    QMutexLocker lock(&m_mutex);
    return m_requests;
}

int FakeOpenAiServer::requestCount() const
{
    QMutexLocker lock(&m_mutex);
    return m_requestCount;
}

void FakeOpenAiServer::clearRequests()
{
    QMutexLocker lock(&m_mutex);
    m_requests.clear();
    m_requestCount = 0;
}

void FakeOpenAiServer::setMaxRecorded(int count)
{
    QMutexLocker lock(&m_mutex);
    m_maxRecorded = qMax(0, count);
    if (m_requests.size() > m_maxRecorded)
        m_requests.remove(0, m_requests.size() - m_maxRecorded);
}

int FakeOpenAiServer::tokensFor(const QByteArray &bytes)
{
    return int((bytes.size() + 3) / 4);
}

FakeOpenAiServer::Settings FakeOpenAiServer::settings() const
{
    QMutexLocker lock(&m_mutex);
    return m_settings;
}

std::optional<FakeOpenAiServer::Step> FakeOpenAiServer::takeStep()
{
    QMutexLocker lock(&m_mutex);
    if (m_steps.isEmpty())
        return std::nullopt;
    return m_steps.dequeue();
}

int FakeOpenAiServer::nextSequence()
{
    QMutexLocker lock(&m_mutex);
    return ++m_sequence;
}

void FakeOpenAiServer::record(const Request &request)
{
    QMutexLocker lock(&m_mutex);
    ++m_requestCount;
    if (m_maxRecorded <= 0)
        return;
    if (m_requests.size() >= m_maxRecorded)
        m_requests.removeFirst();
    m_requests.append(request);
}

#include "agentcontroller.h"

#include "auth/clientidentity.h"
#include "auth/crypto.h"
#include "auth/jwtverifier.h"
#include "auth/ratelimits.h"
#include "http/httpstream.h"
#include "http/jsonbody.h"
#include "live/eventbus.h"
#include "live/threadeventstream.h"
#include "livecontroller.h"
#include "model/feedback.h"
#include "model/jsonutil.h"
#include "orchestrator/turnrunner.h"
#include "orchestrator/turnscheduler.h"
#include "store/conversationstore.h"
#include "store/database.h"
#include "store/feedbackstore.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QThreadPool>

Q_LOGGING_CATEGORY(lcAgentApi, "supportd.api.agent")

namespace {

const QStringList kChannels = {QStringLiteral("web"), QStringLiteral("slack"), QStringLiteral("email")};

bool looksLikeUuid(const QString &text)
{
    static const QRegularExpression uuid(
        QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"));
    return uuid.match(text).hasMatch();
}

HttpResponse threadNotFound()
{
    return HttpResponse::error(404, QStringLiteral("not_found"), QStringLiteral("no such thread"));
}

HttpResponse unavailable()
{
    return HttpResponse::error(503, QStringLiteral("unavailable"),
                               QStringLiteral("the service is temporarily unavailable, please retry"))
        .withHeader("Retry-After", "1");
}

// Authenticates a thread token on a worker thread. *failure says how to answer
// when there is no thread: 404, or 503 when the database is away.
std::optional<ConversationStore::StoredThread> openThread(Database &db, const QString &threadId, const QString &token,
                                                          HttpResponse *failure)
{
    *failure = threadNotFound();
    if (!looksLikeUuid(threadId) || token.isEmpty())
        return std::nullopt;
    ConversationStore::Access access = ConversationStore(db).openThread(threadId, token);
    if (access.status == ConversationStore::Access::Status::Unavailable)
        *failure = unavailable();
    return std::move(access.stored);
}

// The answer to POST /api/agent/messages.
HttpResponse turnResponse(const TurnRunner::Result &result)
{
    switch (result.status) {
    case TurnRunner::Result::Status::NotFound:
        return threadNotFound();
    case TurnRunner::Result::Status::Unavailable:
        return unavailable();
    case TurnRunner::Result::Status::Forbidden:
        return HttpResponse::error(403, QStringLiteral("forbidden"),
                                   QStringLiteral("this conversation belongs to another signed-in user"));
    case TurnRunner::Result::Status::Ok:
        break;
    }
    QJsonObject answer{{QStringLiteral("thread_id"), result.threadId},
                       {QStringLiteral("status"), threadStatusToString(result.threadStatus)},
                       {QStringLiteral("verified"), result.verified},
                       {QStringLiteral("trace_id"), result.traceId}};
    if (!result.threadToken.isEmpty())
        answer.insert(QStringLiteral("thread_token"), result.threadToken);
    if (result.reply) {
        QJsonObject message{{QStringLiteral("id"), result.reply->id},
                            {QStringLiteral("role"), messageRoleToString(result.reply->role)},
                            {QStringLiteral("content"), result.reply->content},
                            {QStringLiteral("citations"), citationsToJson(result.reply->citations)},
                            {QStringLiteral("created_at"), json::formatTime(result.reply->createdAt)}};
        answer.insert(QStringLiteral("message"), message);
    } else {
        answer.insert(QStringLiteral("message"), QJsonValue::Null);
    }
    return HttpResponse::json(answer);
}

} // namespace

void AgentController::registerRoutes(Router &router)
{
    router.add("POST", QStringLiteral("/api/agent/messages"),
               [this](const HttpRequest &request, const HttpReply &reply) { postMessage(request, reply); });
    router.add("GET", QStringLiteral("/api/agent/thread/{id}"),
               [this](const HttpRequest &request, const HttpReply &reply) { getThread(request, reply); });
    router.add("GET", QStringLiteral("/api/agent/thread/{id}/events"),
               [this](const HttpRequest &request, const HttpReply &reply) { streamThreadEvents(request, reply); });
    router.add("POST", QStringLiteral("/api/agent/feedback"),
               [this](const HttpRequest &request, const HttpReply &reply) { postFeedback(request, reply); });
}

void AgentController::postMessage(const HttpRequest &request, const HttpReply &reply)
{
    const JsonBody body = readJsonBody(request);
    if (body.error) {
        reply.send(*body.error);
        return;
    }
    json::Reader reader(body.object);
    const QString threadId = reader.string(QStringLiteral("thread_id"));
    const QString userMessage = reader.string(QStringLiteral("user_msg"), true);
    const auto channel = reader.optionalString(QStringLiteral("channel"));
    if (!reader.ok()) {
        reply.send(HttpResponse::error(400, QStringLiteral("bad_request"), reader.error()));
        return;
    }
    if (channel && !kChannels.contains(*channel)) {
        reply.send(HttpResponse::error(400, QStringLiteral("bad_request"),
                                       QStringLiteral("field 'channel' must be one of: %1").arg(kChannels.join(QStringLiteral(", ")))));
        return;
    }
    if (userMessage.trimmed().isEmpty()) {
        reply.send(HttpResponse::error(422, QStringLiteral("invalid_message"), QStringLiteral("user_msg is empty")));
        return;
    }
    if (characterCount(userMessage) > kMaxMessageCharacters) {
        reply.send(HttpResponse::error(422, QStringLiteral("invalid_message"),
                                       QStringLiteral("user_msg is longer than %1 characters").arg(kMaxMessageCharacters)));
        return;
    }
    if (const QString problem = checkText(userMessage); !problem.isEmpty()) {
        reply.send(HttpResponse::error(422, QStringLiteral("invalid_message"), QStringLiteral("user_msg ") + problem));
        return;
    }
    const QString token = QString::fromLatin1(request.header("x-thread-token"));
    if (!threadId.isEmpty() && (!looksLikeUuid(threadId) || token.isEmpty())) {
        reply.send(threadNotFound());
        return;
    }
    const ClientIdentity client = ClientIdentity::of(request.remoteAddress, request.header("x-forwarded-for"),
                                                     request.header(ClientIdentity::kDeviceIdHeader),
                                                     m_services.trustedProxies);
    // A signed-in shopper's token; one that fails verification leaves the
    // message anonymous (answered all the same, "verified": false).
    VerifiedUser user;
    QString refusedBecause;
    if (const QString jwt = bearerToken(request); !jwt.isEmpty()) {
        const JwtVerifier::Result verdict = m_services.jwt.verify(jwt.toLatin1(), QDateTime::currentSecsSinceEpoch());
        if (verdict.user)
            user = *verdict.user;
        else
            refusedBecause = verdict.reason;
    }
    const bool newThread = threadId.isEmpty();
    const RateLimits::Verdict limit = user.isValid() ? m_services.rateLimits.admitVerifiedMessage(user.subject, newThread)
                                                     : m_services.rateLimits.admitPublicMessage(client, newThread);
    if (!limit.allowed) {
        reply.send(rateLimited(limit.retryAfterSeconds(), limit.budget == QLatin1String("new_threads")
                                                              ? QStringLiteral("too many new conversations, slow down")
                                                              : QStringLiteral("too many messages, slow down")));
        return;
    }
    if (!refusedBecause.isEmpty()) // the reason only, never the token; after the limit, so floods cannot fill the log
        qCInfo(lcAgentApi).noquote() << "refused a shopper's token, answering as anonymous:" << refusedBecause;

    TurnRunner::Request turn;
    turn.threadId = threadId;
    turn.token = token;
    turn.channel = channel.value_or(QStringLiteral("web"));
    turn.userMessage = userMessage.trimmed();
    turn.clientAddress = client.address; // the address the rate limits use (behind a trusted proxy: the shopper's)
    turn.verifiedUser = user;
    if (threadId.isEmpty())
        turn.newThreadId = crypto::uuidV4();
    const TurnRunner &runner = m_services.turns;
    // Turns of one thread queue behind each other; new threads run at once.
    // A stored turn's reply leaves from the commit thread as soon as it is
    // stored (see GroupCommit); only failures are answered here.
    turn.stored = [reply](const TurnRunner::Result &result) { reply.send(turnResponse(result)); };
    m_services.scheduler.submit(threadId, [&runner, turn, reply] {
        TurnRunner::Result result;
        try {
            result = runner.handle(turn);
        } catch (...) {
            result.status = TurnRunner::Result::Status::Unavailable;
        }
        if (result.status != TurnRunner::Result::Status::Ok)
            reply.send(turnResponse(result));
    });
}

void AgentController::getThread(const HttpRequest &request, const HttpReply &reply)
{
    const QString threadId = request.param(QStringLiteral("id"));
    const QString token = QString::fromLatin1(request.header("x-thread-token"));
    int limit = 50;
    if (request.query.hasQueryItem(QStringLiteral("limit"))) {
        bool ok = false;
        limit = request.query.queryItemValue(QStringLiteral("limit")).toInt(&ok);
        if (!ok || limit < 1 || limit > 500) {
            reply.send(HttpResponse::error(400, QStringLiteral("bad_request"), QStringLiteral("limit must be an integer from 1 to 500")));
            return;
        }
    }
    if (!looksLikeUuid(threadId) || token.isEmpty()) {
        reply.send(threadNotFound());
        return;
    }
    Database &db = m_services.database;
    onWorker(reply, [&db, threadId, token, limit] {
        HttpResponse failure;
        const auto stored = openThread(db, threadId, token, &failure);
        if (!stored)
            return failure;
        QJsonArray messages;
        for (const Message &message : ConversationStore(db).recentMessages(threadId, limit)) {
            if (message.role == MessageRole::Tool || message.role == MessageRole::System)
                continue; // internal records stay internal
            QJsonObject json = message.toJson();
            json.remove(QStringLiteral("trace_id"));
            json.remove(QStringLiteral("thread_id"));
            messages.append(json);
        }
        return HttpResponse::json({{QStringLiteral("thread_id"), threadId},
                                   {QStringLiteral("status"), threadStatusToString(stored->thread.status)},
                                   {QStringLiteral("messages"), messages}});
    });
}

void AgentController::postFeedback(const HttpRequest &request, const HttpReply &reply)
{
    const JsonBody body = readJsonBody(request);
    if (body.error) {
        reply.send(*body.error);
        return;
    }
    QString error;
    auto feedback = Feedback::fromJson(body.object, &error);
    if (!feedback) {
        reply.send(HttpResponse::error(400, QStringLiteral("bad_request"), error));
        return;
    }
    if (feedback->tags.size() > 10) {
        reply.send(HttpResponse::error(422, QStringLiteral("invalid_feedback"), QStringLiteral("at most 10 tags")));
        return;
    }
    for (const QString &tag : std::as_const(feedback->tags)) {
        if (tag.isEmpty() || tag.size() > 64 || !checkText(tag).isEmpty()) {
            reply.send(HttpResponse::error(422, QStringLiteral("invalid_feedback"),
                                           QStringLiteral("a tag has 1-64 printable characters")));
            return;
        }
    }
    const QString token = QString::fromLatin1(request.header("x-thread-token"));
    Database &db = m_services.database;
    onWorker(reply, [&db, feedback = *feedback, token]() mutable {
        HttpResponse failure;
        if (!openThread(db, feedback.threadId, token, &failure))
            return failure;
        const auto message = ConversationStore(db).findMessage(feedback.threadId, feedback.messageId);
        if (!message || message->role == MessageRole::User || message->role == MessageRole::Tool)
            return HttpResponse::error(404, QStringLiteral("not_found"), QStringLiteral("no such reply in this thread"));
        feedback.createdAt = QDateTime::currentMSecsSinceEpoch();
        if (!FeedbackStore(db).upsert(feedback))
            return unavailable();
        return HttpResponse::noContent();
    });
}

void AgentController::streamThreadEvents(const HttpRequest &request, const HttpReply &reply)
{
    const QString threadId = request.param(QStringLiteral("id"));
    QString token = QString::fromLatin1(request.header("x-thread-token"));
    if (token.isEmpty())
        token = request.query.queryItemValue(QStringLiteral("token"));
    const QString sinceText = request.query.hasQueryItem(QStringLiteral("since"))
                                  ? request.query.queryItemValue(QStringLiteral("since"))
                                  : QString::fromLatin1(request.header("last-event-id").trimmed());
    const std::optional<qint64> since = LiveController::parseSince(sinceText);
    if (!since) {
        reply.send(HttpResponse::error(400, QStringLiteral("bad_request"),
                                       QStringLiteral("since (or Last-Event-ID) must be an event id")));
        return;
    }
    if (!looksLikeUuid(threadId) || token.isEmpty() || token.size() > 200) {
        reply.send(threadNotFound());
        return;
    }
    Database &db = m_services.database;
    EventBus &bus = m_services.events;
    // Without since, the stream starts from now: what is published while the
    // token is checked is replayed, not lost.
    const qint64 from = *since >= 0 ? *since : bus.lastId();
    m_services.workers.start([&db, &bus, reply, threadId, token, from] {
        HttpResponse failure;
        std::optional<ConversationStore::StoredThread> stored;
        try {
            stored = openThread(db, threadId, token, &failure);
        } catch (...) {
            failure = unavailable();
        }
        if (!stored) {
            reply.send(failure);
            return;
        }
        HttpResponse head;
        head.contentType = "text/event-stream; charset=utf-8";
        head.body = "retry: 3000\n\n"; // EventSource's reconnection delay
        // The subscription starts on the I/O thread, where the stream lives.
        reply.stream(head, [&bus, threadId, from](HttpStream *stream) {
            new ThreadEventStream(stream, bus, threadId, from);
        });
    });
}

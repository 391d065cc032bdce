#include "turnrunner.h"

#include "auth/crypto.h"
#include "live/eventbus.h"
#include "store/conversationstore.h"
#include "store/database.h"

#include <QDateTime>

namespace {

Message makeMessage(const QString &threadId, MessageRole role, const QString &content, qint64 now)
{
    Message message;
    message.id = crypto::uuidV7();
    message.threadId = threadId;
    message.role = role;
    message.content = content;
    message.createdAt = now;
    return message;
}

} // namespace

TurnRunner::TurnRunner(Database &database, const Orchestrator &orchestrator, int historyLimit)
    : m_db(database), m_orchestrator(orchestrator), m_historyLimit(historyLimit)
{
}

TurnRunner::Result TurnRunner::handle(const Request &request) const
{
    ConversationStore store(m_db);
    Result result;
    const qint64 startedAt = QDateTime::currentMSecsSinceEpoch();
    Thread thread;
    QList<Message> history;
    VerifiedUser owner;
    std::optional<GroupCommit::Ticket> created; // a new thread's row, being written

    if (request.threadId.isEmpty()) {
        thread.id = request.newThreadId.isEmpty() ? crypto::uuidV4() : request.newThreadId;
        thread.channel = request.channel;
        thread.createdAt = thread.updatedAt = startedAt;
        result.threadToken = crypto::randomToken();
        owner = request.verifiedUser;
        // Stored while the brain plans; waited for before any tool runs and
        // before the turn is recorded.
        created = store.queueThread(thread, crypto::tokenDigest(result.threadToken), owner, [this, thread](bool ok) {
            if (ok && m_events)
                m_events->threadCreated(thread);
        });
    } else {
        ConversationStore::Access access = store.openThread(request.threadId, request.token, m_historyLimit);
        if (access.status != ConversationStore::Access::Status::Ok) {
            result.status = access.status == ConversationStore::Access::Status::Unavailable ? Result::Status::Unavailable
                                                                                            : Result::Status::NotFound;
            return result;
        }
        thread = access.stored->thread;
        owner = access.stored->owner;
        if (request.verifiedUser.isValid()) {
            if (owner.isValid() && owner.subject != request.verifiedUser.subject) {
                result.status = Result::Status::Forbidden;
                return result;
            }
            if (!owner.isValid()) { // signed in mid-conversation: the thread becomes theirs
                if (!store.bindOwner(thread.id, request.verifiedUser)) {
                    result.status = Result::Status::Unavailable;
                    return result;
                }
                owner = request.verifiedUser;
            }
        }
        history = std::move(access.history);
    }
    result.threadId = thread.id;
    // The owner's binding, not the token's claims, names the customer; and only
    // a message from the owner runs as them (an anonymous one holding the thread
    // token stays anonymous, and the binding stays).
    result.verified = owner.isValid() && request.verifiedUser.subject == owner.subject;

    ConversationStore::TurnRecord record;
    record.threadId = thread.id;
    record.trace.id = crypto::uuidV7();
    record.trace.threadId = thread.id;
    record.trace.startedAt = startedAt;
    record.userMessage = makeMessage(thread.id, MessageRole::User, request.userMessage, startedAt);
    record.userMessage.traceId = record.trace.id;

    if (thread.status == ThreadStatus::Bot || thread.status == ThreadStatus::Closed) {
        if (thread.status == ThreadStatus::Closed // writing again reopens it
            && store.setStatus(thread.id, ThreadStatus::Bot, QString(), startedAt) && m_events)
            m_events->threadStatus(thread.id, ThreadStatus::Bot, QString(), QStringLiteral("reopened"));
        // The trace id doubles as the turn id tools see (ToolContext::turnId).
        TurnInput input{thread.id, thread.channel, request.userMessage, history, request.clientAddress, record.trace.id};
        if (created)
            input.threadStored = [&created] { return created->wait(); };
        if (result.verified) {
            input.verifiedEmail = owner.email;
            input.verifiedCustomerId = owner.customerId;
        }
        const TurnOutcome outcome = m_orchestrator.run(input);
        record.trace.route = outcome.route;
        record.trace.outcome = outcome.outcome;
        record.trace.brain = QStringLiteral("agent");
        record.trace.spans = outcome.spans;
        record.trace.usage = outcome.usage;
        record.trace.durationMs = outcome.durationMs;
        Message reply = makeMessage(thread.id, MessageRole::Assistant, outcome.reply.content,
                                    QDateTime::currentMSecsSinceEpoch());
        reply.citations = outcome.reply.citations;
        reply.traceId = record.trace.id;
        record.reply = reply;
        result.threadStatus = outcome.outcome == QLatin1String("handoff") ? ThreadStatus::Handoff : ThreadStatus::Bot;
        for (const ToolCall &call : outcome.toolCalls)
            result.toolsCalled.append(call.tool);
    } else {
        // A person has the thread (or is about to): the agent stays out of it.
        record.trace.route = route::HandoffHuman;
        record.trace.outcome = QStringLiteral("handoff");
        record.trace.brain = QStringLiteral("none");
        TraceSpan waiting;
        waiting.name = QStringLiteral("WAITING_FOR_HUMAN");
        waiting.attributes = {{QStringLiteral("status"), threadStatusToString(thread.status)}};
        record.trace.spans = {waiting};
        if (thread.status == ThreadStatus::Handoff) {
            Message notice = makeMessage(thread.id, MessageRole::Assistant,
                                         QStringLiteral("Thanks, I've added this to your conversation. A member of "
                                                        "our team will reply here as soon as they can."),
                                         startedAt);
            notice.traceId = record.trace.id;
            record.reply = notice;
        }
        result.threadStatus = thread.status;
    }
    if (created && !created->wait()) {
        result = Result{};
        result.status = Result::Status::Unavailable;
        return result;
    }
    record.nowMs = QDateTime::currentMSecsSinceEpoch();
    result.traceId = record.trace.id;
    result.route = record.trace.route;
    // After the commit, so whoever reacts finds it stored; before the reply,
    // so a shopper who has the reply finds it in their event stream too.
    const auto announce = [this, &record, &thread, &result] {
        if (!m_events)
            return;
        m_events->messageAdded(record.userMessage);
        if (record.reply)
            m_events->messageAdded(*record.reply);
        if (thread.status != ThreadStatus::Handoff && result.threadStatus == ThreadStatus::Handoff) {
            const auto stored = ConversationStore(m_db).findThread(thread.id);
            m_events->threadStatus(thread.id, ThreadStatus::Handoff, QString(),
                                   stored ? stored->thread.handoffReason : QString());
        }
    };
    const auto stored = [&request, &result, &record, &announce](bool ok) {
        if (!ok)
            return;
        result.reply = record.reply; // with its sequence number
        announce();
        if (request.stored)
            request.stored(result);
    };
    if (!store.recordTurn(record, stored)) {
        result = Result{};
        result.status = Result::Status::Unavailable;
    }
    return result;
}

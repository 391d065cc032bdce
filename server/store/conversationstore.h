#pragma once
#include "auth/verifieduser.h"
#include "model/message.h"
#include "model/thread.h"
#include "model/threadaction.h"
#include "model/tracespan.h"
#include "store/groupcommit.h"
#include "store/tracestore.h"

#include <QList>
#include <functional>
#include <optional>

class Database;

// Threads, their messages, the handoff queue and what operators did to them.
class ConversationStore
{
public:
    explicit ConversationStore(Database &database) : m_db(database) {}

    struct StoredThread
    {
        Thread thread;
        QString tokenHash;
        VerifiedUser owner; // the signed-in user the thread is bound to (subject, e-mail, customer id), if any
    };

    // owner: bind the new thread to a verified user (empty: anonymous).
    bool createThread(const Thread &thread, const QString &tokenHash, const VerifiedUser &owner = {});
    // createThread() without waiting: queued with the turns (GroupCommit), so
    // a turn recorded after it finds the thread; `stored` hears the verdict.
    GroupCommit::Ticket queueThread(const Thread &thread, const QString &tokenHash, const VerifiedUser &owner,
                                    GroupCommit::Committed stored = {});
    // Binds an anonymous thread to a verified user; a bound thread keeps its
    // owner (decided in the UPDATE). False when nothing was bound.
    bool bindOwner(const QString &threadId, const VerifiedUser &owner);
    std::optional<StoredThread> findThread(const QString &id);

    // A thread opened with its token. An unknown thread and a wrong token are
    // both NotFound, on purpose; Unavailable means the database is away. A
    // lookup that meets a lost connection is retried once on a fresh one.
    struct Access
    {
        enum class Status { Ok, NotFound, Unavailable };
        Status status = Status::NotFound;
        std::optional<StoredThread> stored;
        QList<Message> history; // Ok and historyLimit > 0: the last messages, oldest first
    };
    // historyLimit > 0 also reads that many of the last messages, in the same
    // statement (one read, one snapshot: a turn's first step).
    Access openThread(const QString &id, const QString &token, int historyLimit = 0);
    // Newest first; status empty = all.
    QList<Thread> listThreads(const QString &status, int limit, int offset);
    bool setStatus(const QString &threadId, ThreadStatus status, const QString &reason, qint64 nowMs);
    // Puts the thread in the handoff queue: status handoff with reason and time,
    // plus a queue entry with the excerpt, in one transaction.
    bool handOff(const QString &threadId, const QString &reason, const QString &excerpt, qint64 nowMs);

    // Operator actions. Who may act is decided in the UPDATE's WHERE clause
    // (status human, assignee = this operator), never before it, so two
    // operators racing on different workers or replicas cannot both win; each
    // action that changes something is recorded in thread_actions in the same
    // transaction.
    struct Action
    {
        enum class Status { Ok, Unchanged, NotFound, HeldByOther, NotHolder, Unavailable };
        Status status = Status::NotFound;
        std::optional<Thread> thread;   // as it is now (Ok, Unchanged)
        QString holder;                 // HeldByOther, NotHolder: who holds the thread, if anyone
        std::optional<Message> message; // addHumanReply
    };
    // Status human, assignee = operatorName; reopens a closed thread and
    // resolves its open handoffs. Unchanged when this operator holds it already.
    Action takeOver(const QString &threadId, const QString &operatorName, qint64 nowMs);
    // The holder's message to the shopper (role human, author = operatorName).
    Action addHumanReply(const QString &threadId, const QString &operatorName, const QString &text, qint64 nowMs);
    // Holder only: back to the agent (status bot, no assignee).
    Action handBack(const QString &threadId, const QString &operatorName, qint64 nowMs);
    // The holder, or anyone when nobody holds it. Unchanged when closed already.
    Action close(const QString &threadId, const QString &operatorName, qint64 nowMs);
    // Oldest first.
    QList<ThreadAction> actions(const QString &threadId);

    // The last `limit` messages in chronological order.
    QList<Message> recentMessages(const QString &threadId, int limit);
    std::optional<Message> findMessage(const QString &threadId, const QString &messageId);

    // One turn, atomically: the user's message, the reply (if any), the
    // thread's counters and the trace with its spans.
    struct TurnRecord
    {
        QString threadId;
        Message userMessage;
        std::optional<Message> reply;
        Trace trace;
        qint64 nowMs = 0;
    };
    // `stored`, when given, hears the verdict as soon as the turn's batch is
    // committed, maybe on another thread, before this returns (GroupCommit).
    bool recordTurn(TurnRecord &record, const std::function<void(bool ok)> &stored = {});

private:
    // findThread() and the last `limit` messages (oldest first) in one statement.
    std::optional<StoredThread> findThreadWithHistory(const QString &id, int limit, QList<Message> *history);
    // recordTurn()'s writes, inside the (group) transaction.
    bool insertTurn(TurnRecord &record, const TraceStore::Prepared &trace);
    bool insertMessage(Message &message, qint64 seq);
    // The thread's message count (its last message's seq); -1 when it cannot be read.
    qint64 messageCount(const QString &threadId);
    bool insertAction(const QString &threadId, const QString &action, const QString &operatorName,
                      const QString &messageId, qint64 nowMs);
    // Why a conditional UPDATE changed nothing.
    Action refusal(const QString &threadId, const QString &operatorName, bool holderOnly);
    Database &m_db;
};

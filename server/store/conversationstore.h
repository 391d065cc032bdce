#pragma once
#include "model/message.h"
#include "model/thread.h"
#include "model/tracespan.h"

#include <QList>
#include <optional>

class Database;

// Threads, their messages and the handoff queue.
class ConversationStore
{
public:
    explicit ConversationStore(Database &database) : m_db(database) {}

    struct StoredThread
    {
        Thread thread;
        QString tokenHash;
    };

    bool createThread(const Thread &thread, const QString &tokenHash);
    std::optional<StoredThread> findThread(const QString &id);

    // A thread opened with its token. An unknown thread and a wrong token are
    // both NotFound, on purpose; Unavailable means the database is away. A
    // lookup that meets a lost connection is retried once on a fresh one.
    struct Access
    {
        enum class Status { Ok, NotFound, Unavailable };
        Status status = Status::NotFound;
        std::optional<StoredThread> stored;
    };
    Access openThread(const QString &id, const QString &token);
    // Newest first; status empty = all.
    QList<Thread> listThreads(const QString &status, int limit, int offset);
    bool setStatus(const QString &threadId, ThreadStatus status, const QString &reason, qint64 nowMs);
    // Puts the thread in the handoff queue: status handoff with reason and time,
    // plus a queue entry with the excerpt, in one transaction.
    bool handOff(const QString &threadId, const QString &reason, const QString &excerpt, qint64 nowMs);

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
    bool recordTurn(TurnRecord &record);

private:
    bool insertMessage(Message &message, qint64 seq);
    Database &m_db;
};

#include "conversationstore.h"
#include "database.h"
#include "groupcommit.h"
#include "tracestore.h"

#include "auth/crypto.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <algorithm>

namespace {

const QString kThreadColumns = QStringLiteral(
    "id, channel, status, assignee, handoff_reason, last_message, message_count, created_at, updated_at, handoff_at");

Thread readThread(const QSqlQuery &query, int offset = 0)
{
    Thread thread;
    thread.id = query.value(offset + 0).toString();
    thread.channel = query.value(offset + 1).toString();
    thread.status = threadStatusFromString(query.value(offset + 2).toString()).value_or(ThreadStatus::Bot);
    thread.assignee = query.value(offset + 3).toString();
    thread.handoffReason = query.value(offset + 4).toString();
    thread.lastMessage = query.value(offset + 5).toString();
    thread.messageCount = query.value(offset + 6).toLongLong();
    thread.createdAt = query.value(offset + 7).toLongLong();
    thread.updatedAt = query.value(offset + 8).toLongLong();
    thread.handoffAt = query.value(offset + 9).toLongLong();
    return thread;
}

const QString kMessageColumns = QStringLiteral(
    "id, thread_id, seq, role, content, citations, tool_name, tool_payload, trace_id, author, created_at");

Message readMessage(const QSqlQuery &query, int offset = 0)
{
    Message message;
    message.id = query.value(offset + 0).toString();
    message.threadId = query.value(offset + 1).toString();
    message.seq = query.value(offset + 2).toLongLong();
    message.role = messageRoleFromString(query.value(offset + 3).toString()).value_or(MessageRole::User);
    message.content = query.value(offset + 4).toString();
    message.citations = citationsFromJson(QJsonDocument::fromJson(query.value(offset + 5).toString().toUtf8()).array());
    message.toolName = query.value(offset + 6).toString();
    message.toolPayload = QJsonDocument::fromJson(query.value(offset + 7).toString().toUtf8()).object();
    message.traceId = query.value(offset + 8).toString();
    message.author = query.value(offset + 9).toString();
    message.createdAt = query.value(offset + 10).toLongLong();
    return message;
}

// token_hash and the verified owner, then the thread's columns, from `offset` on.
ConversationStore::StoredThread readStoredThread(const QSqlQuery &query, int offset)
{
    ConversationStore::StoredThread stored{readThread(query, offset + 4), query.value(offset).toString(), {}};
    stored.owner.subject = query.value(offset + 1).toString();
    stored.owner.email = query.value(offset + 2).toString();
    stored.owner.customerId = query.value(offset + 3).toString();
    return stored;
}

constexpr int kOwnerColumns = 4; // token_hash and the verified owner, before the thread's columns
constexpr int kThreadColumnCount = 10;
constexpr int kMessageColumnCount = 11;

QVariant nullable(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

QString preview(const QString &content)
{
    QString text = content.simplified();
    if (text.size() > 160) {
        qsizetype cut = 157;
        if (text.at(cut - 1).isHighSurrogate()) // keep an astral character (emoji) whole
            --cut;
        text = text.left(cut) + QStringLiteral("...");
    }
    return text;
}

} // namespace

bool ConversationStore::createThread(const Thread &thread, const QString &tokenHash, const VerifiedUser &owner)
{
    return queueThread(thread, tokenHash, owner).wait();
}

GroupCommit::Ticket ConversationStore::queueThread(const Thread &thread, const QString &tokenHash,
                                                   const VerifiedUser &owner, GroupCommit::Committed stored)
{
    // A new conversation's first write, on the turn path: queued with the
    // turns rather than competing with them for the write lock.
    Database &db = m_db;
    const QVariantList values{thread.id, tokenHash, thread.channel, threadStatusToString(thread.status), thread.createdAt,
                              thread.updatedAt, nullable(owner.subject), nullable(owner.email), nullable(owner.customerId)};
    return m_db.groupCommit().submit(
        [&db, values] {
            return db.run(QStringLiteral("INSERT INTO threads (id, token_hash, channel, status, last_message, message_count,"
                                         " created_at, updated_at, verified_subject, verified_email, verified_customer_id)"
                                         " VALUES (?, ?, ?, ?, '', 0, ?, ?, ?, ?, ?)"),
                          values, "create thread");
        },
        std::move(stored));
}

bool ConversationStore::bindOwner(const QString &threadId, const VerifiedUser &owner)
{
    int rows = 0;
    return owner.isValid()
           && m_db.write(QStringLiteral("UPDATE threads SET verified_subject = ?, verified_email = ?, verified_customer_id = ?"
                                        " WHERE id = ? AND verified_subject IS NULL"),
                         {owner.subject, nullable(owner.email), nullable(owner.customerId), threadId}, "bind thread owner",
                         &rows)
           && rows == 1;
}

std::optional<ConversationStore::StoredThread> ConversationStore::findThread(const QString &id)
{
    QSqlQuery &query = m_db.statement(
        QStringLiteral("SELECT token_hash, verified_subject, verified_email, verified_customer_id, %1 FROM threads WHERE id = ?")
            .arg(kThreadColumns));
    query.addBindValue(id);
    std::optional<StoredThread> result;
    if (m_db.exec(query) && query.next())
        result = readStoredThread(query, 0);
    query.finish();
    return result;
}

ConversationStore::Access ConversationStore::openThread(const QString &id, const QString &token, int historyLimit)
{
    Access access;
    QList<Message> history;
    const auto find = [&] { return historyLimit > 0 ? findThreadWithHistory(id, historyLimit, &history) : findThread(id); };
    auto stored = find();
    if (!stored) {
        // Not found, or the lookup met a lost connection: ping reconnects, then look once more.
        if (!m_db.ping()) {
            access.status = Access::Status::Unavailable;
            return access;
        }
        stored = find();
    }
    if (stored && !token.isEmpty()
        && crypto::constantTimeEquals(stored->tokenHash.toLatin1(), crypto::tokenDigest(token).toLatin1())) {
        access.status = Access::Status::Ok;
        access.stored = std::move(stored);
        access.history = std::move(history);
    }
    return access;
}

std::optional<ConversationStore::StoredThread> ConversationStore::findThreadWithHistory(const QString &id, int limit,
                                                                                       QList<Message> *history)
{
    // The thread's row (kind 0), then its last messages (kind 1), each arm
    // padded with NULLs to the other's columns. UNION ALL, not a join: SQLite
    // would materialise the messages in a temporary table for a join, and
    // repeat the thread's columns on every row. The NULLs stay outside the
    // subquery, where PostgreSQL takes their types from the other arm.
    static const QString sql = [] {
        const auto nulls = [](int count) { return QStringList(count, QStringLiteral("NULL")).join(QStringLiteral(", ")); };
        return QStringLiteral("SELECT 0, token_hash, verified_subject, verified_email, verified_customer_id, %1, %2"
                              " FROM threads WHERE id = ?"
                              " UNION ALL SELECT 1, %3, recent.* FROM (SELECT %4 FROM messages WHERE thread_id = ?"
                              " ORDER BY seq DESC LIMIT ?) AS recent")
            .arg(kThreadColumns, nulls(kMessageColumnCount), nulls(kOwnerColumns + kThreadColumnCount), kMessageColumns);
    }();
    QSqlQuery &query = m_db.statement(sql);
    query.addBindValue(id);
    query.addBindValue(id);
    query.addBindValue(limit);
    std::optional<StoredThread> result;
    history->clear();
    if (m_db.exec(query)) {
        constexpr int messageOffset = 1 + kOwnerColumns + kThreadColumnCount;
        while (query.next()) {
            if (query.value(0).toInt() == 0)
                result = readStoredThread(query, 1);
            else
                history->append(readMessage(query, messageOffset));
        }
    }
    query.finish();
    if (!result)
        history->clear(); // messages of a thread that is not there: none
    // Rows come in no promised order: oldest first, as recentMessages() gives them.
    std::sort(history->begin(), history->end(), [](const Message &a, const Message &b) { return a.seq < b.seq; });
    return result;
}

QList<Thread> ConversationStore::listThreads(const QString &status, int limit, int offset)
{
    QSqlQuery &query = m_db.statement(
        status.isEmpty()
            ? QStringLiteral("SELECT %1 FROM threads ORDER BY updated_at DESC, id LIMIT ? OFFSET ?").arg(kThreadColumns)
            : QStringLiteral("SELECT %1 FROM threads WHERE status = ? ORDER BY updated_at DESC, id LIMIT ? OFFSET ?")
                  .arg(kThreadColumns));
    if (!status.isEmpty())
        query.addBindValue(status);
    query.addBindValue(limit);
    query.addBindValue(offset);
    QList<Thread> threads;
    if (m_db.exec(query)) {
        while (query.next())
            threads.append(readThread(query));
    }
    query.finish();
    return threads;
}

bool ConversationStore::setStatus(const QString &threadId, ThreadStatus status, const QString &reason, qint64 nowMs)
{
    const QString statusText = threadStatusToString(status);
    int rows = 0;
    return m_db.write(QStringLiteral("UPDATE threads SET status = ?, handoff_reason = COALESCE(?, handoff_reason),"
                                     " handoff_at = CASE WHEN ? = 'handoff' THEN ? ELSE handoff_at END, updated_at = ?"
                                     " WHERE id = ?"),
                      {statusText, nullable(reason), statusText, nowMs, nowMs, threadId}, "set status", &rows)
           && rows == 1;
}

bool ConversationStore::handOff(const QString &threadId, const QString &reason, const QString &excerpt, qint64 nowMs)
{
    // The status and the queue entry change together or not at all.
    Database::Transaction transaction(m_db);
    int rows = 0;
    return transaction.ok()
           && m_db.run(QStringLiteral("UPDATE threads SET status = 'handoff', handoff_reason = ?, handoff_at = ?,"
                                      " updated_at = ? WHERE id = ?"),
                       {reason, nowMs, nowMs, threadId}, "hand off", &rows)
           && rows == 1
           && m_db.run(QStringLiteral("INSERT INTO handoffs (id, thread_id, reason, transcript_excerpt, created_at)"
                                      " VALUES (?, ?, ?, ?, ?)"),
                       {crypto::uuidV7(), threadId, reason, notNull(excerpt), nowMs}, "add handoff")
           && transaction.commit();
}

QList<Message> ConversationStore::recentMessages(const QString &threadId, int limit)
{
    QSqlQuery &query = m_db.statement(
        QStringLiteral("SELECT %1 FROM messages WHERE thread_id = ? ORDER BY seq DESC LIMIT ?").arg(kMessageColumns));
    query.addBindValue(threadId);
    query.addBindValue(limit);
    QList<Message> messages;
    if (m_db.exec(query)) {
        while (query.next())
            messages.prepend(readMessage(query));
    }
    query.finish();
    return messages;
}

std::optional<Message> ConversationStore::findMessage(const QString &threadId, const QString &messageId)
{
    QSqlQuery &query = m_db.statement(
        QStringLiteral("SELECT %1 FROM messages WHERE thread_id = ? AND id = ?").arg(kMessageColumns));
    query.addBindValue(threadId);
    query.addBindValue(messageId);
    std::optional<Message> message;
    if (m_db.exec(query) && query.next())
        message = readMessage(query);
    query.finish();
    return message;
}

bool ConversationStore::insertMessage(Message &message, qint64 seq)
{
    message.seq = seq;
    QSqlQuery &query = m_db.statement(QStringLiteral(
        "INSERT INTO messages (id, thread_id, seq, role, content, citations, tool_name, tool_payload, trace_id,"
        " author, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    query.addBindValue(message.id);
    query.addBindValue(message.threadId);
    query.addBindValue(seq);
    query.addBindValue(messageRoleToString(message.role));
    query.addBindValue(message.content);
    query.addBindValue(QString::fromUtf8(QJsonDocument(citationsToJson(message.citations)).toJson(QJsonDocument::Compact)));
    query.addBindValue(nullable(message.toolName));
    query.addBindValue(message.toolPayload.isEmpty()
                           ? QVariant(QMetaType::fromType<QString>())
                           : QVariant(QString::fromUtf8(QJsonDocument(message.toolPayload).toJson(QJsonDocument::Compact))));
    query.addBindValue(nullable(message.traceId));
    query.addBindValue(nullable(message.author));
    query.addBindValue(message.createdAt);
    const bool ok = m_db.exec(query) || reportSqlError(query, "insert message");
    query.finish();
    return ok;
}

qint64 ConversationStore::messageCount(const QString &threadId)
{
    QSqlQuery &query = m_db.statement(QStringLiteral("SELECT message_count FROM threads WHERE id = ?"));
    query.addBindValue(threadId);
    qint64 count = -1;
    if (m_db.exec(query) && query.next())
        count = query.value(0).toLongLong();
    query.finish();
    return count;
}

bool ConversationStore::recordTurn(TurnRecord &record, const std::function<void(bool ok)> &stored)
{
    const TraceStore::Prepared trace = TraceStore::prepare(record.trace); // outside the write lock
    return m_db.groupCommit().run([&] { return insertTurn(record, trace); }, stored);
}

bool ConversationStore::insertTurn(TurnRecord &record, const TraceStore::Prepared &trace)
{
    const int added = record.reply ? 2 : 1;
    // Counting up first locks the thread's row (PostgreSQL; SQLite serialises
    // writers anyway), so the count it returns numbers this turn's messages
    // even when an operator's reply is written at the same time.
    QSqlQuery &counter = m_db.statement(QStringLiteral("UPDATE threads SET message_count = message_count + ?,"
                                                       " last_message = ?, updated_at = ? WHERE id = ?"
                                                       " RETURNING message_count"));
    counter.addBindValue(added);
    counter.addBindValue(preview(record.reply ? record.reply->content : record.userMessage.content));
    counter.addBindValue(record.nowMs);
    counter.addBindValue(record.threadId);
    qint64 count = -1; // no row: the thread is gone
    if (m_db.exec(counter) && counter.next())
        count = counter.value(0).toLongLong();
    else if (counter.lastError().isValid())
        reportSqlError(counter, "update thread");
    counter.finish();
    qint64 seq = count - added;
    if (count < 0 || seq < 0)
        return false;

    if (!insertMessage(record.userMessage, ++seq))
        return false;
    if (record.reply && !insertMessage(*record.reply, ++seq))
        return false;
    return TraceStore(m_db).insert(trace);
}

bool ConversationStore::insertAction(const QString &threadId, const QString &action, const QString &operatorName,
                                     const QString &messageId, qint64 nowMs)
{
    return m_db.run(QStringLiteral("INSERT INTO thread_actions (id, thread_id, action, operator, message_id, created_at)"
                                   " VALUES (?, ?, ?, ?, ?, ?)"),
                    {crypto::uuidV7(), threadId, action, operatorName, nullable(messageId), nowMs}, "add thread action");
}

ConversationStore::Action ConversationStore::refusal(const QString &threadId, const QString &operatorName,
                                                     bool holderOnly)
{
    Action result;
    auto stored = findThread(threadId);
    if (!stored) {
        result.status = m_db.ping() ? Action::Status::NotFound : Action::Status::Unavailable;
        return result;
    }
    const Thread &thread = stored->thread;
    const bool held = thread.status == ThreadStatus::Human && !thread.assignee.isEmpty();
    if (held)
        result.holder = thread.assignee;
    if (holderOnly)
        result.status = Action::Status::NotHolder;
    else if (held && thread.assignee != operatorName)
        result.status = Action::Status::HeldByOther;
    else
        result.status = Action::Status::Unchanged;
    result.thread = thread;
    return result;
}

ConversationStore::Action ConversationStore::takeOver(const QString &threadId, const QString &operatorName, qint64 nowMs)
{
    Action result;
    Database::Transaction transaction(m_db);
    int rows = 0;
    if (!transaction.ok()
        || !m_db.run(QStringLiteral("UPDATE threads SET status = 'human', assignee = ?, updated_at = ?"
                                    " WHERE id = ? AND (status <> 'human' OR assignee IS NULL)"),
                     {operatorName, nowMs, threadId}, "take over", &rows)) {
        result.status = Action::Status::Unavailable;
        return result;
    }
    if (rows != 1)
        return refusal(threadId, operatorName, false); // held already: by this operator (Unchanged) or another
    if (!m_db.run(QStringLiteral("UPDATE handoffs SET resolved_at = ? WHERE thread_id = ? AND resolved_at IS NULL"),
                  {nowMs, threadId}, "resolve handoffs")
        || !insertAction(threadId, threadaction::TakeOver, operatorName, QString(), nowMs) || !transaction.commit()) {
        result.status = Action::Status::Unavailable;
        return result;
    }
    result.status = Action::Status::Ok;
    if (auto stored = findThread(threadId))
        result.thread = stored->thread;
    return result;
}

ConversationStore::Action ConversationStore::addHumanReply(const QString &threadId, const QString &operatorName,
                                                           const QString &text, qint64 nowMs)
{
    Action result;
    Database::Transaction transaction(m_db);
    int rows = 0;
    if (!transaction.ok()
        || !m_db.run(QStringLiteral("UPDATE threads SET message_count = message_count + 1, last_message = ?,"
                                    " updated_at = ? WHERE id = ? AND status = 'human' AND assignee = ?"),
                     {preview(text), nowMs, threadId, operatorName}, "human reply", &rows)) {
        result.status = Action::Status::Unavailable;
        return result;
    }
    if (rows != 1)
        return refusal(threadId, operatorName, true);
    const qint64 seq = messageCount(threadId);
    Message message;
    message.id = crypto::uuidV7();
    message.threadId = threadId;
    message.role = MessageRole::Human;
    message.content = text;
    message.author = operatorName;
    message.createdAt = nowMs;
    if (seq < 1 || !insertMessage(message, seq)
        || !insertAction(threadId, threadaction::Reply, operatorName, message.id, nowMs) || !transaction.commit()) {
        result.status = Action::Status::Unavailable;
        return result;
    }
    result.status = Action::Status::Ok;
    result.message = message;
    if (auto stored = findThread(threadId))
        result.thread = stored->thread;
    return result;
}

ConversationStore::Action ConversationStore::handBack(const QString &threadId, const QString &operatorName, qint64 nowMs)
{
    Action result;
    Database::Transaction transaction(m_db);
    int rows = 0;
    if (!transaction.ok()
        || !m_db.run(QStringLiteral("UPDATE threads SET status = 'bot', assignee = NULL, updated_at = ?"
                                    " WHERE id = ? AND status = 'human' AND assignee = ?"),
                     {nowMs, threadId, operatorName}, "hand back", &rows)) {
        result.status = Action::Status::Unavailable;
        return result;
    }
    if (rows != 1)
        return refusal(threadId, operatorName, true);
    if (!insertAction(threadId, threadaction::HandBack, operatorName, QString(), nowMs) || !transaction.commit()) {
        result.status = Action::Status::Unavailable;
        return result;
    }
    result.status = Action::Status::Ok;
    if (auto stored = findThread(threadId))
        result.thread = stored->thread;
    return result;
}

ConversationStore::Action ConversationStore::close(const QString &threadId, const QString &operatorName, qint64 nowMs)
{
    Action result;
    Database::Transaction transaction(m_db);
    int rows = 0;
    if (!transaction.ok()
        || !m_db.run(QStringLiteral("UPDATE threads SET status = 'closed', assignee = NULL, updated_at = ?"
                                    " WHERE id = ? AND status <> 'closed'"
                                    " AND (status <> 'human' OR assignee IS NULL OR assignee = ?)"),
                     {nowMs, threadId, operatorName}, "close", &rows)) {
        result.status = Action::Status::Unavailable;
        return result;
    }
    if (rows != 1)
        return refusal(threadId, operatorName, false); // closed already (Unchanged) or held by another
    if (!m_db.run(QStringLiteral("UPDATE handoffs SET resolved_at = ? WHERE thread_id = ? AND resolved_at IS NULL"),
                  {nowMs, threadId}, "resolve handoffs")
        || !insertAction(threadId, threadaction::Close, operatorName, QString(), nowMs) || !transaction.commit()) {
        result.status = Action::Status::Unavailable;
        return result;
    }
    result.status = Action::Status::Ok;
    if (auto stored = findThread(threadId))
        result.thread = stored->thread;
    return result;
}

QList<ThreadAction> ConversationStore::actions(const QString &threadId)
{
    QSqlQuery &query = m_db.statement(QStringLiteral(
        "SELECT id, thread_id, action, operator, message_id, created_at FROM thread_actions"
        " WHERE thread_id = ? ORDER BY created_at, id"));
    query.addBindValue(threadId);
    QList<ThreadAction> actions;
    if (m_db.exec(query)) {
        while (query.next()) {
            ThreadAction action;
            action.id = query.value(0).toString();
            action.threadId = query.value(1).toString();
            action.action = query.value(2).toString();
            action.operatorName = query.value(3).toString();
            action.messageId = query.value(4).toString();
            action.at = query.value(5).toLongLong();
            actions.append(action);
        }
    }
    query.finish();
    return actions;
}

#pragma once
#include "support/testdatabase.h"

#include "auth/crypto.h"
#include "store/conversationstore.h"
#include "store/database.h"

#include <QSqlQuery>
#include <QTest>

// Store tests run every test function once per engine: initTestCase_data()
// calls addEngineRows(), and OPEN_FRESH_DATABASE gives each function a new,
// migrated database of its row's engine (skipping or failing the row when
// that engine cannot be reached).
namespace storetest {

inline void addEngineRows()
{
    QTest::addColumn<QString>("engine");
    for (const QString &engine : testdb::engines())
        QTest::newRow(qPrintable(engine)) << engine;
}

// The single value a query returns (COUNT(*) and the like); -1 when it fails.
inline qint64 scalar(Database &db, const QString &sql)
{
    QSqlQuery query(db.connection());
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

inline Thread newThread(qint64 atMs, const QString &channel = QStringLiteral("web"))
{
    Thread thread;
    thread.id = crypto::uuidV4();
    thread.channel = channel;
    thread.createdAt = thread.updatedAt = atMs;
    return thread;
}

inline Message newMessage(const QString &threadId, MessageRole role, const QString &content, qint64 atMs)
{
    Message message;
    message.id = crypto::uuidV4();
    message.threadId = threadId;
    message.role = role;
    message.content = content;
    message.createdAt = atMs;
    return message;
}

// A turn as TurnRunner records it: the question, the answer (if any) and a
// trace with one span.
inline ConversationStore::TurnRecord newTurn(const QString &threadId, const QString &question,
                                             const QString &answer, qint64 atMs)
{
    ConversationStore::TurnRecord record;
    record.threadId = threadId;
    record.nowMs = atMs;
    record.trace.id = crypto::uuidV4();
    record.trace.threadId = threadId;
    record.trace.route = QStringLiteral("search_kb");
    record.trace.outcome = QStringLiteral("responded");
    record.trace.brain = QStringLiteral("agent");
    record.trace.startedAt = atMs;
    record.trace.durationMs = 7;
    TraceSpan span;
    span.name = QStringLiteral("RESPOND");
    record.trace.spans = {span};
    record.userMessage = newMessage(threadId, MessageRole::User, question, atMs);
    record.userMessage.traceId = record.trace.id;
    if (!answer.isNull()) {
        record.reply = newMessage(threadId, MessageRole::Assistant, answer, atMs);
        record.reply->traceId = record.trace.id;
    }
    return record;
}

} // namespace storetest

// Declares `fresh` (a testdb::Fresh of the current row's engine), or skips or
// fails the row when that engine is unavailable.
#define FRESH_DATABASE_CONFIG(fresh)                                                                                   \
    QFETCH_GLOBAL(QString, engine);                                                                                    \
    const testdb::Fresh fresh = testdb::create(engine);                                                                \
    if (fresh.skip)                                                                                                    \
        QSKIP(qPrintable(fresh.error));                                                                                \
    if (!fresh.error.isEmpty())                                                                                        \
        QFAIL(qPrintable(fresh.error));

// Also declares `db`, a Database opened (and migrated) on it.
#define OPEN_FRESH_DATABASE(fresh, db)                                                                                 \
    FRESH_DATABASE_CONFIG(fresh)                                                                                       \
    Database db(fresh.config);                                                                                         \
    {                                                                                                                  \
        QString openError;                                                                                             \
        QVERIFY2(db.open(&openError), qPrintable(openError));                                                          \
    }

#include "feedbackstore.h"
#include "database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

#include "model/jsonutil.h"

bool FeedbackStore::upsert(const Feedback &feedback)
{
    return m_db.write(
        QStringLiteral("INSERT INTO feedback (message_id, thread_id, rating, tags, created_at) VALUES (?, ?, ?, ?, ?)"
                       " ON CONFLICT (message_id) DO UPDATE SET rating = excluded.rating, tags = excluded.tags,"
                       " created_at = excluded.created_at"),
        {feedback.messageId, feedback.threadId, ratingToString(feedback.rating),
         QString::fromUtf8(QJsonDocument(json::fromStringList(feedback.tags)).toJson(QJsonDocument::Compact)),
         feedback.createdAt},
        "upsert feedback");
}

QList<Feedback> FeedbackStore::forThread(const QString &threadId)
{
    QSqlQuery &query = m_db.statement(QStringLiteral(
        "SELECT message_id, rating, tags, created_at FROM feedback WHERE thread_id = ? ORDER BY created_at"));
    query.addBindValue(threadId);
    QList<Feedback> list;
    if (m_db.exec(query)) {
        while (query.next()) {
            Feedback feedback;
            feedback.threadId = threadId;
            feedback.messageId = query.value(0).toString();
            feedback.rating = ratingFromString(query.value(1).toString()).value_or(Rating::Up);
            feedback.tags = json::toStringList(QJsonDocument::fromJson(query.value(2).toString().toUtf8()).array());
            feedback.createdAt = query.value(3).toLongLong();
            list.append(feedback);
        }
    }
    query.finish();
    return list;
}

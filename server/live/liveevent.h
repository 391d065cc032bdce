#pragma once
#include <QByteArray>
#include <QJsonObject>
#include <QString>

// One thing that happened, as operator consoles (WebSocket /api/live) and a
// thread's own event stream (SSE) see it:
//   {"id": N, "type": "...", "at": "<ISO time>", "thread_id"?: "...", "data": {...}}
struct LiveEvent
{
    qint64 id = 0;   // increasing within one process's event log
    QString type;    // one of the names in liveevent:: below
    qint64 at = 0;   // ms since epoch
    QString threadId;
    QJsonObject data;

    QJsonObject toJson() const;
    QByteArray toCompactJson() const;
};

namespace liveevent {
inline const QString ThreadCreated = QStringLiteral("thread.created"); // data: the Thread JSON
inline const QString MessageAdded = QStringLiteral("message.added");   // data: the Message JSON
inline const QString ThreadStatus = QStringLiteral("thread.status");   // data: {status, assignee, reason?}
inline const QString TicketCreated = QStringLiteral("ticket.created"); // data: the Ticket JSON
inline const QString KbChanged = QStringLiteral("kb.changed");         // data: {doc_id, change: saved|deleted}
} // namespace liveevent

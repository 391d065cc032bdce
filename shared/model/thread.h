#pragma once
#include <QJsonObject>
#include <QString>
#include <optional>

// bot: the agent answers; handoff: waiting for a person; human: a person has
// taken over and the agent stays silent; closed: finished.
enum class ThreadStatus { Bot, Handoff, Human, Closed };
QString threadStatusToString(ThreadStatus status);
std::optional<ThreadStatus> threadStatusFromString(const QString &text);

// A conversation with one shopper on one channel.
struct Thread
{
    QString id; // UUIDv4
    QString channel = QStringLiteral("web");
    ThreadStatus status = ThreadStatus::Bot;
    QString assignee;        // operator holding the thread, if any
    QString handoffReason;   // why it was handed off, if it was
    QString lastMessage;     // preview for lists
    qint64 messageCount = 0;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    qint64 handoffAt = 0;    // when it entered the handoff queue

    QJsonObject toJson() const;
    static std::optional<Thread> fromJson(const QJsonObject &object, QString *error = nullptr);
};
// Strings and numbers only: lists of threads may move them with memmove
// (the console's live list shifts thousands of rows per event).
Q_DECLARE_TYPEINFO(Thread, Q_RELOCATABLE_TYPE);

#include "thread.h"
#include "jsonutil.h"

QString threadStatusToString(ThreadStatus status)
{
    switch (status) {
    case ThreadStatus::Bot: return QStringLiteral("bot");
    case ThreadStatus::Handoff: return QStringLiteral("handoff");
    case ThreadStatus::Human: return QStringLiteral("human");
    case ThreadStatus::Closed: return QStringLiteral("closed");
    }
    return QStringLiteral("bot");
}

std::optional<ThreadStatus> threadStatusFromString(const QString &text)
{
    for (ThreadStatus status : {ThreadStatus::Bot, ThreadStatus::Handoff, ThreadStatus::Human, ThreadStatus::Closed}) {
        if (threadStatusToString(status) == text)
            return status;
    }
    return std::nullopt;
}

QJsonObject Thread::toJson() const
{
    QJsonObject object{{QStringLiteral("id"), id},
                       {QStringLiteral("channel"), channel},
                       {QStringLiteral("status"), threadStatusToString(status)},
                       {QStringLiteral("last_message"), lastMessage},
                       {QStringLiteral("message_count"), messageCount},
                       {QStringLiteral("created_at"), json::formatTime(createdAt)},
                       {QStringLiteral("updated_at"), json::formatTime(updatedAt)}};
    if (!assignee.isEmpty())
        object.insert(QStringLiteral("assignee"), assignee);
    if (!handoffReason.isEmpty())
        object.insert(QStringLiteral("handoff_reason"), handoffReason);
    if (handoffAt > 0)
        object.insert(QStringLiteral("handoff_at"), json::formatTime(handoffAt));
    return object;
}

std::optional<Thread> Thread::fromJson(const QJsonObject &object, QString *error)
{
    json::Reader reader(object);
    Thread thread;
    thread.id = reader.string(QStringLiteral("id"), true);
    thread.channel = reader.string(QStringLiteral("channel"));
    const auto status = threadStatusFromString(reader.string(QStringLiteral("status"), true));
    thread.assignee = reader.string(QStringLiteral("assignee"));
    thread.handoffReason = reader.string(QStringLiteral("handoff_reason"));
    thread.lastMessage = reader.string(QStringLiteral("last_message"));
    thread.messageCount = reader.integer(QStringLiteral("message_count"));
    thread.createdAt = json::parseTime(reader.string(QStringLiteral("created_at")));
    thread.updatedAt = json::parseTime(reader.string(QStringLiteral("updated_at")));
    thread.handoffAt = json::parseTime(reader.string(QStringLiteral("handoff_at")));
    if (!reader.ok() || !status) {
        if (error)
            *error = reader.ok() ? QStringLiteral("unknown thread status") : reader.error();
        return std::nullopt;
    }
    thread.status = *status;
    return thread;
}

#include "message.h"
#include "jsonutil.h"

#include <QJsonArray>

QString messageRoleToString(MessageRole role)
{
    switch (role) {
    case MessageRole::User: return QStringLiteral("user");
    case MessageRole::Assistant: return QStringLiteral("assistant");
    case MessageRole::Human: return QStringLiteral("human");
    case MessageRole::Tool: return QStringLiteral("tool");
    case MessageRole::System: return QStringLiteral("system");
    }
    return QStringLiteral("user");
}

std::optional<MessageRole> messageRoleFromString(const QString &text)
{
    static const QList<MessageRole> all = {MessageRole::User, MessageRole::Assistant, MessageRole::Human,
                                           MessageRole::Tool, MessageRole::System};
    for (MessageRole role : all) {
        if (messageRoleToString(role) == text)
            return role;
    }
    return std::nullopt;
}

QJsonObject Message::toJson() const
{
    QJsonObject object{{QStringLiteral("id"), id},
                       {QStringLiteral("role"), messageRoleToString(role)},
                       {QStringLiteral("content"), content},
                       {QStringLiteral("citations"), citationsToJson(citations)},
                       {QStringLiteral("created_at"), json::formatTime(createdAt)}};
    if (!threadId.isEmpty())
        object.insert(QStringLiteral("thread_id"), threadId);
    if (!traceId.isEmpty())
        object.insert(QStringLiteral("trace_id"), traceId);
    if (!author.isEmpty())
        object.insert(QStringLiteral("author"), author);
    if (role == MessageRole::Tool) {
        object.insert(QStringLiteral("tool_name"), toolName);
        object.insert(QStringLiteral("tool_payload"), toolPayload);
    }
    return object;
}

std::optional<Message> Message::fromJson(const QJsonObject &object, QString *error)
{
    json::Reader reader(object);
    Message message;
    message.id = reader.string(QStringLiteral("id"), true);
    message.threadId = reader.string(QStringLiteral("thread_id"));
    const QString role = reader.string(QStringLiteral("role"), true);
    message.content = reader.string(QStringLiteral("content"));
    message.citations = citationsFromJson(reader.array(QStringLiteral("citations")));
    message.traceId = reader.string(QStringLiteral("trace_id"));
    message.author = reader.string(QStringLiteral("author"));
    message.toolName = reader.string(QStringLiteral("tool_name"));
    message.toolPayload = reader.object(QStringLiteral("tool_payload"));
    message.createdAt = json::parseTime(reader.string(QStringLiteral("created_at")));
    const auto parsedRole = messageRoleFromString(role);
    if (!reader.ok() || !parsedRole) {
        if (error)
            *error = reader.ok() ? QStringLiteral("unknown message role") : reader.error();
        return std::nullopt;
    }
    message.role = *parsedRole;
    return message;
}

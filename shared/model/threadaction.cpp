#include "threadaction.h"
#include "jsonutil.h"

QJsonObject ThreadAction::toJson() const
{
    QJsonObject object{{QStringLiteral("action"), action},
                       {QStringLiteral("operator"), operatorName},
                       {QStringLiteral("at"), json::formatTime(at)}};
    if (!messageId.isEmpty())
        object.insert(QStringLiteral("message_id"), messageId);
    return object;
}

std::optional<ThreadAction> ThreadAction::fromJson(const QJsonObject &object, QString *error)
{
    json::Reader reader(object);
    ThreadAction action;
    action.action = reader.string(QStringLiteral("action"), true);
    action.operatorName = reader.string(QStringLiteral("operator"), true);
    action.at = json::parseTime(reader.string(QStringLiteral("at"), true));
    action.messageId = reader.string(QStringLiteral("message_id"));
    if (!reader.ok()) {
        if (error)
            *error = reader.error();
        return std::nullopt;
    }
    return action;
}

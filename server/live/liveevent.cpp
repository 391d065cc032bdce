#include "liveevent.h"

#include "model/jsonutil.h"

#include <QJsonDocument>

QJsonObject LiveEvent::toJson() const
{
    QJsonObject object{{QStringLiteral("id"), id},
                       {QStringLiteral("type"), type},
                       {QStringLiteral("at"), json::formatTime(at)},
                       {QStringLiteral("data"), data}};
    if (!threadId.isEmpty())
        object.insert(QStringLiteral("thread_id"), threadId);
    return object;
}

QByteArray LiveEvent::toCompactJson() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Compact);
}

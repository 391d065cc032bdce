#pragma once
#include "citation.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

// Who wrote a message: the shopper, the agent, a person (operator), a tool
// result kept for the audit trail, or a system notice.
enum class MessageRole { User, Assistant, Human, Tool, System };
QString messageRoleToString(MessageRole role);
std::optional<MessageRole> messageRoleFromString(const QString &text);

struct Message
{
    QString id;
    QString threadId;
    qint64 seq = 0; // order within the thread
    MessageRole role = MessageRole::User;
    QString content;
    QList<Citation> citations;
    QString toolName;        // role Tool only
    QJsonObject toolPayload; // role Tool only
    QString traceId;         // the turn that produced it
    QString author;          // operator name for role Human
    qint64 createdAt = 0;    // ms since epoch

    QJsonObject toJson() const;
    static std::optional<Message> fromJson(const QJsonObject &object, QString *error = nullptr);
};

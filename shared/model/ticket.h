#pragma once
#include <QJsonObject>
#include <QString>
#include <optional>

// A request the agent could not complete, kept for a person to follow up.
struct Ticket
{
    QString id;
    QString threadId;
    QString email;
    QString subject;
    QString body;
    QString priority = QStringLiteral("normal"); // low, normal, high, urgent
    QString status = QStringLiteral("open");     // open, pending, solved, closed
    QString externalId;                          // id in an external helpdesk, if delivered
    qint64 createdAt = 0;
    qint64 updatedAt = 0;

    QJsonObject toJson() const;
    static std::optional<Ticket> fromJson(const QJsonObject &object, QString *error = nullptr);
};

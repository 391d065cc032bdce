#include "ticket.h"
#include "jsonutil.h"

QJsonObject Ticket::toJson() const
{
    QJsonObject object{{QStringLiteral("id"), id},
                       {QStringLiteral("thread_id"), threadId},
                       {QStringLiteral("email"), email},
                       {QStringLiteral("subject"), subject},
                       {QStringLiteral("body"), body},
                       {QStringLiteral("priority"), priority},
                       {QStringLiteral("status"), status},
                       {QStringLiteral("created_at"), json::formatTime(createdAt)},
                       {QStringLiteral("updated_at"), json::formatTime(updatedAt)}};
    if (!externalId.isEmpty())
        object.insert(QStringLiteral("external_id"), externalId);
    return object;
}

std::optional<Ticket> Ticket::fromJson(const QJsonObject &object, QString *error)
{
    json::Reader reader(object);
    Ticket ticket;
    ticket.id = reader.string(QStringLiteral("id"), true);
    ticket.threadId = reader.string(QStringLiteral("thread_id"));
    ticket.email = reader.string(QStringLiteral("email"));
    ticket.subject = reader.string(QStringLiteral("subject"));
    ticket.body = reader.string(QStringLiteral("body"));
    ticket.priority = reader.string(QStringLiteral("priority"));
    ticket.status = reader.string(QStringLiteral("status"));
    ticket.externalId = reader.string(QStringLiteral("external_id"));
    ticket.createdAt = json::parseTime(reader.string(QStringLiteral("created_at")));
    ticket.updatedAt = json::parseTime(reader.string(QStringLiteral("updated_at")));
    if (!reader.ok()) {
        if (error)
            *error = reader.error();
        return std::nullopt;
    }
    return ticket;
}

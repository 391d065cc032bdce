#include "createtickettool.h"

#include "auth/crypto.h"
#include "live/eventbus.h"
#include "store/ticketstore.h"
#include "tickets/helpdeskwebhook.h"

#include <QDateTime>
#include <QJsonDocument>

namespace {
const QStringList kPriorities = {QStringLiteral("low"), QStringLiteral("normal"), QStringLiteral("high"),
                                 QStringLiteral("urgent")};
} // namespace

CreateTicketTool::CreateTicketTool(Database &database, HelpdeskWebhook *delivery, EventBus *events)
    : m_db(database),
      m_delivery(delivery),
      m_events(events),
      m_input(QStringLiteral("create_ticket input"),
              {FieldSpec::string(QStringLiteral("email"),
                                 QStringLiteral("The customer's e-mail address for the team's reply, as they wrote it; "
                                                "empty when unknown."))
                   .length(0, 254)
                   .withDefault(QString()),
               FieldSpec::string(QStringLiteral("subject"), QStringLiteral("One line saying what the ticket is about."))
                   .require()
                   .length(1, 200),
               FieldSpec::string(QStringLiteral("body"),
                                 QStringLiteral("What the customer needs, with the relevant part of the conversation "
                                                "(no payment details)."))
                   .require()
                   .length(1, 5000),
               FieldSpec::string(QStringLiteral("priority"), QStringLiteral("How urgent: complaints are high."))
                   .oneOf(kPriorities)
                   .withDefault(QStringLiteral("normal"))}),
      m_output(QStringLiteral("create_ticket output"),
               {FieldSpec::string(QStringLiteral("ticket_id"),
                                  QStringLiteral("The reference to give the customer, e.g. T-7KQ2M9XA."))
                    .require()
                    .length(10, 10),
                FieldSpec::string(QStringLiteral("status"), QStringLiteral("The ticket's status."))
                    .require()
                    .oneOf({QStringLiteral("open"), QStringLiteral("pending"), QStringLiteral("solved"),
                            QStringLiteral("closed")}),
                FieldSpec::string(QStringLiteral("priority"), QStringLiteral("The ticket's priority."))
                    .require()
                    .oneOf(kPriorities)})
{
}

QString CreateTicketTool::description() const
{
    return QStringLiteral("Opens a support ticket for a request the agent cannot complete itself (a complaint, a "
                          "cancellation, a refund, an account deletion): the team follows up by e-mail. Returns the "
                          "ticket reference to give the customer. Calling it again in the same turn returns the same "
                          "ticket.");
}

ToolResult CreateTicketTool::run(const QJsonObject &arguments, const ToolContext &context)
{
    StoredTicket stored;
    Ticket &ticket = stored.ticket;
    ticket.threadId = context.threadId;
    ticket.email = arguments.value(QStringLiteral("email")).toString().trimmed();
    ticket.subject = arguments.value(QStringLiteral("subject")).toString().simplified();
    ticket.body = arguments.value(QStringLiteral("body")).toString().trimmed();
    ticket.priority = arguments.value(QStringLiteral("priority")).toString(QStringLiteral("normal"));
    ticket.status = QStringLiteral("open");
    if (ticket.subject.isEmpty() || ticket.body.isEmpty())
        return ToolResult::permanentFailure(QStringLiteral("subject and body must not be blank")); // a retry would repeat it
    stored.channel = context.channel;

    // The key covers what the ticket says after normalisation (compact JSON
    // sorts keys), so "priority" sent or defaulted gives the same key.
    const QJsonObject canonical{{QStringLiteral("email"), ticket.email},
                                {QStringLiteral("subject"), ticket.subject},
                                {QStringLiteral("body"), ticket.body},
                                {QStringLiteral("priority"), ticket.priority}};
    stored.argsHash = crypto::tokenDigest(QString::fromUtf8(QJsonDocument(canonical).toJson(QJsonDocument::Compact)));

    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    ticket.createdAt = ticket.updatedAt = now;
    TicketStore store(m_db);
    if (!context.turnId.isEmpty()) {
        stored.turnKey = context.threadId + QLatin1Char(':') + context.turnId + QLatin1Char(':') + stored.argsHash;
    } else {
        // No turn id: the same call in this thread within the window is a retry.
        if (!context.threadId.isEmpty()) {
            if (auto recent = store.findRecent(context.threadId, stored.argsHash, now - kWindowMs)) {
                const Ticket &t = recent->ticket;
                return ToolResult::ok({{QStringLiteral("ticket_id"), t.id},
                                       {QStringLiteral("status"), t.status},
                                       {QStringLiteral("priority"), t.priority}});
            }
        }
        stored.turnKey = context.threadId + QStringLiteral(":w") + QString::number(now / kWindowMs) + QLatin1Char(':')
                         + stored.argsHash;
    }
    const bool deliver = m_delivery != nullptr;
    if (deliver)
        stored.deliveryStatus = delivery::Pending;

    const TicketStore::CreateResult result = store.create(stored);
    if (result.status == TicketStore::CreateResult::Status::Failed || !result.stored)
        return ToolResult::failure(QStringLiteral("could not store the ticket"));
    if (result.status == TicketStore::CreateResult::Status::Created && deliver)
        m_delivery->enqueue(result.stored->ticket.id); // after the row exists; never waited for
    if (result.status == TicketStore::CreateResult::Status::Created && m_events)
        m_events->ticketCreated(result.stored->ticket);
    const Ticket &t = result.stored->ticket;
    return ToolResult::ok({{QStringLiteral("ticket_id"), t.id},
                           {QStringLiteral("status"), t.status},
                           {QStringLiteral("priority"), t.priority}});
}

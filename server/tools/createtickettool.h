#pragma once
#include "tool.h"

class Database;
class EventBus;
class HelpdeskWebhook;

// create_ticket(email, subject, body, priority): stores a ticket for the team
// to follow up and, when a helpdesk webhook is configured, hands it to the
// delivery worker (never waited for). Output {ticket_id, status, priority};
// ticket_id ("T-" + 8 characters) is the reference the customer is given.
//
// Idempotent within a turn: the key is the thread, the turn (ToolContext::turnId)
// and the SHA-256 of the normalised arguments, unique in the tickets table, so
// a retried call, even racing the first, returns the first ticket. Without a
// turn id the same call in the same thread within 10 minutes returns the same
// ticket (the key then uses a 10-minute window).
class CreateTicketTool : public Tool
{
public:
    // events: where a new ticket is published (ticket.created), if anywhere.
    explicit CreateTicketTool(Database &database, HelpdeskWebhook *delivery = nullptr, EventBus *events = nullptr);
    QString name() const override { return QStringLiteral("create_ticket"); }
    QString version() const override { return QStringLiteral("1.0"); }
    QString description() const override;
    const ObjectSchema &inputSchema() const override { return m_input; }
    const ObjectSchema &outputSchema() const override { return m_output; }
    ToolResult run(const QJsonObject &arguments, const ToolContext &context) override;

    static constexpr qint64 kWindowMs = 10 * 60 * 1000;

private:
    Database &m_db;
    HelpdeskWebhook *m_delivery;
    EventBus *m_events;
    ObjectSchema m_input;
    ObjectSchema m_output;
};

#pragma once
#include "model/ticket.h"

#include <QList>
#include <QString>
#include <optional>

class Database;

// A ticket as stored: the shared Ticket plus what only the server needs (the
// channel it came from, the idempotency key of the call that opened it and
// the state of its delivery to an external helpdesk).
struct StoredTicket
{
    Ticket ticket;
    QString channel;
    QString turnKey;  // unique when set: a retried create_ticket finds this row
    QString argsHash; // hex SHA-256 of the normalised arguments
    QString deliveryStatus = QStringLiteral("none"); // none, pending, delivered, failed
    int deliveryAttempts = 0;
    QString deliveryError; // our own short words (status code, "timeout"), never a body or a secret
    qint64 nextAttemptAt = 0;
};

namespace delivery {
inline const QString None = QStringLiteral("none");
inline const QString Pending = QStringLiteral("pending");
inline const QString Delivered = QStringLiteral("delivered");
inline const QString Failed = QStringLiteral("failed");
} // namespace delivery

// The tickets table. References ("T-" + 8 base32 characters, 40 random bits
// from libsodium) are what customers quote, so they are unguessable.
class TicketStore
{
public:
    explicit TicketStore(Database &database) : m_db(database) {}

    static QString newReference();
    static bool looksLikeReference(const QString &text);

    struct CreateResult
    {
        enum class Status { Created, Existing, Failed };
        Status status = Status::Failed;
        std::optional<StoredTicket> stored;
    };
    // Stores the ticket under a fresh reference (the id given is ignored).
    // With a turnKey, a second create with the same key stores nothing and
    // returns the first ticket (Existing), even when both race.
    CreateResult create(const StoredTicket &ticket);

    std::optional<StoredTicket> find(const QString &id);
    std::optional<StoredTicket> findByTurnKey(const QString &turnKey);
    // The newest ticket of the thread with these arguments created at or after sinceMs.
    std::optional<StoredTicket> findRecent(const QString &threadId, const QString &argsHash, qint64 sinceMs);
    QList<StoredTicket> listByThread(const QString &threadId);
    // Newest first; an empty status or thread id matches all.
    QList<StoredTicket> list(const QString &status, const QString &threadId, int limit, int offset);
    // Tickets whose delivery is still pending (to resume after a restart).
    QList<StoredTicket> pendingDeliveries();

    struct DeliveryUpdate
    {
        QString status;
        int attempts = 0;
        QString error;
        QString externalId; // kept when empty
        qint64 nextAttemptAt = 0;
    };
    bool setDelivery(const QString &id, const DeliveryUpdate &update, qint64 nowMs);

private:
    QList<StoredTicket> select(const QString &where, const QVariantList &values);
    Database &m_db;
};

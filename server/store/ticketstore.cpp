#include "ticketstore.h"
#include "database.h"

#include "auth/crypto.h"

#include <QRegularExpression>
#include <QSqlQuery>

namespace {

const QString kColumns = QStringLiteral(
    "id, thread_id, email, subject, body, priority, status, external_id, created_at, updated_at,"
    " channel, turn_key, args_hash, delivery_status, delivery_attempts, delivery_error, next_attempt_at");

StoredTicket fromRow(const QSqlQuery &query)
{
    StoredTicket stored;
    Ticket &t = stored.ticket;
    t.id = query.value(0).toString();
    t.threadId = query.value(1).toString();
    t.email = query.value(2).toString();
    t.subject = query.value(3).toString();
    t.body = query.value(4).toString();
    t.priority = query.value(5).toString();
    t.status = query.value(6).toString();
    t.externalId = query.value(7).toString();
    t.createdAt = query.value(8).toLongLong();
    t.updatedAt = query.value(9).toLongLong();
    stored.channel = query.value(10).toString();
    stored.turnKey = query.value(11).toString();
    stored.argsHash = query.value(12).toString();
    stored.deliveryStatus = query.value(13).toString();
    stored.deliveryAttempts = query.value(14).toInt();
    stored.deliveryError = query.value(15).toString();
    stored.nextAttemptAt = query.value(16).toLongLong();
    return stored;
}

QVariant nullable(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

} // namespace

QString TicketStore::newReference()
{
    return QStringLiteral("T-") + crypto::randomBase32(8);
}

bool TicketStore::looksLikeReference(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^T-[A-Z2-7]{8}$"));
    return pattern.match(text).hasMatch();
}

TicketStore::CreateResult TicketStore::create(const StoredTicket &input)
{
    CreateResult result;
    // A reference colliding with an existing one (40 bits: rare) gets a new draw.
    for (int attempt = 0; attempt < 4; ++attempt) {
        StoredTicket stored = input;
        stored.ticket.id = newReference();
        const Ticket &t = stored.ticket;
        int inserted = 0;
        const bool ok = m_db.write(
            QStringLiteral("INSERT INTO tickets (") + kColumns
                + QStringLiteral(") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"),
            {t.id, nullable(t.threadId), notNull(t.email), notNull(t.subject), notNull(t.body), t.priority, t.status,
             nullable(t.externalId), t.createdAt, t.updatedAt, notNull(stored.channel), nullable(stored.turnKey),
             notNull(stored.argsHash), stored.deliveryStatus, stored.deliveryAttempts, notNull(stored.deliveryError),
             stored.nextAttemptAt},
            "insert ticket", &inserted);
        if (!ok)
            return result;
        if (inserted == 1) {
            result.status = CreateResult::Status::Created;
            result.stored = stored;
            return result;
        }
        if (!stored.turnKey.isEmpty()) {
            if (auto existing = findByTurnKey(stored.turnKey)) {
                result.status = CreateResult::Status::Existing;
                result.stored = existing;
                return result;
            }
        }
    }
    return result;
}

QList<StoredTicket> TicketStore::select(const QString &where, const QVariantList &values)
{
    QSqlQuery &query = m_db.statement(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM tickets ") + where);
    for (const QVariant &value : values)
        query.addBindValue(value);
    QList<StoredTicket> list;
    if (m_db.exec(query)) {
        while (query.next())
            list.append(fromRow(query));
    }
    query.finish();
    return list;
}

std::optional<StoredTicket> TicketStore::find(const QString &id)
{
    const QList<StoredTicket> list = select(QStringLiteral("WHERE id = ?"), {id});
    return list.isEmpty() ? std::nullopt : std::optional<StoredTicket>(list.first());
}

std::optional<StoredTicket> TicketStore::findByTurnKey(const QString &turnKey)
{
    const QList<StoredTicket> list = select(QStringLiteral("WHERE turn_key = ?"), {turnKey});
    return list.isEmpty() ? std::nullopt : std::optional<StoredTicket>(list.first());
}

std::optional<StoredTicket> TicketStore::findRecent(const QString &threadId, const QString &argsHash, qint64 sinceMs)
{
    const QList<StoredTicket> list = select(
        QStringLiteral("WHERE thread_id = ? AND args_hash = ? AND created_at >= ? ORDER BY created_at DESC LIMIT 1"),
        {threadId, argsHash, sinceMs});
    return list.isEmpty() ? std::nullopt : std::optional<StoredTicket>(list.first());
}

QList<StoredTicket> TicketStore::list(const QString &status, const QString &threadId, int limit, int offset)
{
    QStringList conditions;
    QVariantList values;
    if (!status.isEmpty()) {
        conditions.append(QStringLiteral("status = ?"));
        values.append(status);
    }
    if (!threadId.isEmpty()) {
        conditions.append(QStringLiteral("thread_id = ?"));
        values.append(threadId);
    }
    values << limit << offset;
    const QString where = conditions.isEmpty() ? QString() : QStringLiteral("WHERE ") + conditions.join(QStringLiteral(" AND ")) + QLatin1Char(' ');
    return select(where + QStringLiteral("ORDER BY created_at DESC, id LIMIT ? OFFSET ?"), values);
}

QList<StoredTicket> TicketStore::listByThread(const QString &threadId)
{
    return select(QStringLiteral("WHERE thread_id = ? ORDER BY created_at, id"), {threadId});
}

QList<StoredTicket> TicketStore::pendingDeliveries()
{
    return select(QStringLiteral("WHERE delivery_status = ? ORDER BY next_attempt_at, created_at"), {delivery::Pending});
}

bool TicketStore::setDelivery(const QString &id, const DeliveryUpdate &update, qint64 nowMs)
{
    int changed = 0;
    const bool ok = m_db.write(
        QStringLiteral("UPDATE tickets SET delivery_status = ?, delivery_attempts = ?, delivery_error = ?,"
                       " external_id = COALESCE(?, external_id), next_attempt_at = ?, updated_at = ? WHERE id = ?"),
        {update.status, update.attempts, notNull(update.error), nullable(update.externalId), update.nextAttemptAt, nowMs,
         id},
        "update ticket delivery", &changed);
    return ok && changed == 1;
}

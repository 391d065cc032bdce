#include "operatorstore.h"
#include "database.h"

#include <QSqlQuery>

bool OperatorStore::upsert(const Operator &op, const QString &passwordHash)
{
    Database::Transaction transaction(m_db);
    QSqlQuery &query = m_db.statement(QStringLiteral(
        "INSERT INTO operators (id, username, password_hash, role, disabled, created_at) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash, role = excluded.role,"
        " disabled = excluded.disabled"));
    query.addBindValue(op.id);
    query.addBindValue(op.username);
    query.addBindValue(passwordHash);
    query.addBindValue(operatorRoleToString(op.role));
    query.addBindValue(op.disabled ? 1 : 0);
    query.addBindValue(op.createdAt);
    const bool ok = transaction.ok() && (m_db.exec(query) || reportSqlError(query, "upsert operator"));
    query.finish();
    if (!ok)
        return false;
    // A new password ends every session of that operator.
    QSqlQuery &sessions = m_db.statement(QStringLiteral(
        "DELETE FROM sessions WHERE operator_id = (SELECT id FROM operators WHERE username = ?)"));
    sessions.addBindValue(op.username);
    const bool cleared = m_db.exec(sessions) || reportSqlError(sessions, "clear sessions");
    sessions.finish();
    return cleared && transaction.commit();
}

std::optional<OperatorStore::Credentials> OperatorStore::findByName(const QString &username)
{
    QSqlQuery &query = m_db.statement(QStringLiteral(
        "SELECT id, username, role, disabled, created_at, password_hash FROM operators WHERE username = ?"));
    query.addBindValue(username);
    std::optional<Credentials> result;
    if (m_db.exec(query) && query.next()) {
        Credentials credentials;
        credentials.op.id = query.value(0).toString();
        credentials.op.username = query.value(1).toString();
        credentials.op.role = operatorRoleFromString(query.value(2).toString()).value_or(OperatorRole::Agent);
        credentials.op.disabled = query.value(3).toInt() != 0;
        credentials.op.createdAt = query.value(4).toLongLong();
        credentials.passwordHash = query.value(5).toString();
        result = credentials;
    }
    query.finish();
    return result;
}

bool OperatorStore::createSession(const QString &tokenHash, const QString &operatorId, qint64 nowMs, qint64 expiresAtMs)
{
    return m_db.write(QStringLiteral("INSERT INTO sessions (token_hash, operator_id, created_at, expires_at)"
                                     " VALUES (?, ?, ?, ?)"),
                      {tokenHash, operatorId, nowMs, expiresAtMs}, "create session");
}

std::optional<Operator> OperatorStore::sessionOperator(const QString &tokenHash, qint64 nowMs)
{
    QSqlQuery &query = m_db.statement(QStringLiteral(
        "SELECT o.id, o.username, o.role, o.disabled, o.created_at FROM sessions s"
        " JOIN operators o ON o.id = s.operator_id WHERE s.token_hash = ? AND s.expires_at > ?"));
    query.addBindValue(tokenHash);
    query.addBindValue(nowMs);
    std::optional<Operator> result;
    if (m_db.exec(query) && query.next()) {
        Operator op;
        op.id = query.value(0).toString();
        op.username = query.value(1).toString();
        op.role = operatorRoleFromString(query.value(2).toString()).value_or(OperatorRole::Agent);
        op.disabled = query.value(3).toInt() != 0;
        op.createdAt = query.value(4).toLongLong();
        if (!op.disabled)
            result = op;
    }
    query.finish();
    return result;
}

bool OperatorStore::deleteSession(const QString &tokenHash)
{
    return m_db.write(QStringLiteral("DELETE FROM sessions WHERE token_hash = ?"), {tokenHash}, "delete session");
}

int OperatorStore::deleteExpiredSessions(qint64 nowMs)
{
    int removed = 0;
    return m_db.write(QStringLiteral("DELETE FROM sessions WHERE expires_at <= ?"), {nowMs}, "expire sessions", &removed)
               ? removed
               : 0;
}

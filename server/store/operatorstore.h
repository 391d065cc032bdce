#pragma once
#include "model/operator.h"

#include <optional>

class Database;

// Operator accounts and their sign-in sessions. Only hashes are stored: an
// Argon2id hash of each password and a SHA-256 digest of each session token.
class OperatorStore
{
public:
    explicit OperatorStore(Database &database) : m_db(database) {}

    struct Credentials
    {
        Operator op;
        QString passwordHash;
    };
    // Creates the operator or, when the name exists, replaces its password and role.
    bool upsert(const Operator &op, const QString &passwordHash);
    std::optional<Credentials> findByName(const QString &username);

    bool createSession(const QString &tokenHash, const QString &operatorId, qint64 nowMs, qint64 expiresAtMs);
    // The operator holding a live session, if any.
    std::optional<Operator> sessionOperator(const QString &tokenHash, qint64 nowMs);
    bool deleteSession(const QString &tokenHash);
    int deleteExpiredSessions(qint64 nowMs);

private:
    Database &m_db;
};

#pragma once
#include "ratelimiter.h"

#include "model/operator.h"

#include <optional>

class Database;

// Operator sign-in: Argon2id-checked passwords, random bearer tokens stored
// only as digests, sessions that expire, and throttling of failed attempts per
// user name and per client address. Blocking (hashing, database): call it on
// a worker thread.
class AuthService
{
public:
    explicit AuthService(Database &database, qint64 sessionLifetimeMs = 12 * 3600 * 1000);

    struct LoginResult
    {
        enum class Status { Ok, InvalidCredentials, Throttled, Unavailable };
        Status status = Status::InvalidCredentials;
        QString token;
        qint64 expiresAt = 0;
        OperatorRole role = OperatorRole::Agent;
        qint64 retryAfterMs = 0;
    };
    LoginResult login(const QString &username, const QString &password, const QString &clientAddress);
    std::optional<Operator> authenticate(const QString &bearerToken);
    bool logout(const QString &bearerToken);

    // Creates or updates an operator (the `user add` command).
    bool addOperator(const QString &username, OperatorRole role, const QString &password, QString *error);

private:
    Database &m_db;
    qint64 m_sessionLifetimeMs;
    RateLimiter m_failuresPerUser{5.0 / 15.0, 5};    // 5 failures, then one try per 3 minutes
    RateLimiter m_failuresPerAddress{20.0 / 15.0, 20};
};

#include "authservice.h"
#include "crypto.h"

#include "store/operatorstore.h"

#include <QDateTime>
#include <QRegularExpression>

AuthService::AuthService(Database &database, qint64 sessionLifetimeMs)
    : m_db(database), m_sessionLifetimeMs(sessionLifetimeMs)
{
}

AuthService::LoginResult AuthService::login(const QString &username, const QString &password, const QString &clientAddress)
{
    LoginResult result;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QString userKey = username.toLower();
    if (m_failuresPerUser.isLimited(userKey, now, &result.retryAfterMs)
        || m_failuresPerAddress.isLimited(clientAddress, now, &result.retryAfterMs)) {
        result.status = LoginResult::Status::Throttled;
        return result;
    }
    OperatorStore store(m_db);
    const auto credentials = store.findByName(username);
    // Hash even for unknown users so timing does not tell which names exist.
    static const QString dummyHash = crypto::hashPassword(QStringLiteral("not a real password"));
    const bool valid = crypto::verifyPassword(credentials ? credentials->passwordHash : dummyHash, password)
                       && credentials && !credentials->op.disabled;
    if (!valid) {
        m_failuresPerUser.tryAcquire(userKey, now);
        m_failuresPerAddress.tryAcquire(clientAddress, now);
        result.status = LoginResult::Status::InvalidCredentials;
        return result;
    }
    m_failuresPerUser.reset(userKey);
    result.token = crypto::randomToken();
    result.expiresAt = now + m_sessionLifetimeMs;
    result.role = credentials->op.role;
    store.deleteExpiredSessions(now);
    if (!store.createSession(crypto::tokenDigest(result.token), credentials->op.id, now, result.expiresAt)) {
        result = {};
        result.status = LoginResult::Status::Unavailable;
        return result;
    }
    result.status = LoginResult::Status::Ok;
    return result;
}

std::optional<Operator> AuthService::authenticate(const QString &bearerToken)
{
    if (bearerToken.isEmpty() || bearerToken.size() > 200)
        return std::nullopt;
    return OperatorStore(m_db).sessionOperator(crypto::tokenDigest(bearerToken), QDateTime::currentMSecsSinceEpoch());
}

bool AuthService::logout(const QString &bearerToken)
{
    return OperatorStore(m_db).deleteSession(crypto::tokenDigest(bearerToken));
}

bool AuthService::addOperator(const QString &username, OperatorRole role, const QString &password, QString *error)
{
    static const QRegularExpression validName(
        QRegularExpression::anchoredPattern(QStringLiteral("[A-Za-z0-9._@-]{2,64}")));
    if (!validName.match(username).hasMatch()) {
        if (error)
            *error = QStringLiteral("a user name has 2-64 letters, digits or . _ @ -");
        return false;
    }
    if (password.size() < 10) {
        if (error)
            *error = QStringLiteral("the password must have at least 10 characters");
        return false;
    }
    Operator op;
    op.id = crypto::uuidV4();
    op.username = username;
    op.role = role;
    op.createdAt = QDateTime::currentMSecsSinceEpoch();
    const QString hash = crypto::hashPassword(password);
    if (hash.isEmpty() || !OperatorStore(m_db).upsert(op, hash)) {
        if (error)
            *error = QStringLiteral("could not save the operator");
        return false;
    }
    return true;
}

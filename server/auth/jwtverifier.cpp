#include "jwtverifier.h"

#include "crypto.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>
#include <cmath>

QJsonObject JwtConfig::describe() const
{
    return {{QStringLiteral("secret"), secret.isEmpty() ? QStringLiteral("unset") : QStringLiteral("set")},
            {QStringLiteral("issuer"), issuer},
            {QStringLiteral("audience"), audience},
            {QStringLiteral("max_lifetime_seconds"), maxLifetimeSeconds},
            {QStringLiteral("clock_skew_seconds"), clockSkewSeconds}};
}

namespace {

// Unpadded base64url, as JWS requires; nullopt on anything else.
std::optional<QByteArray> base64Url(const QByteArray &part)
{
    if (part.isEmpty() || part.contains('='))
        return std::nullopt;
    auto decoded = QByteArray::fromBase64Encoding(part, QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return std::move(decoded.decoded);
}

std::optional<QJsonObject> jsonObject(const QByteArray &part)
{
    const auto bytes = base64Url(part);
    if (!bytes)
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(*bytes, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

// A NumericDate: a JSON number, whole seconds (fractions are allowed by RFC 7519 and cut).
std::optional<qint64> numericDate(const QJsonObject &claims, const QString &name)
{
    const QJsonValue value = claims.value(name);
    if (!value.isDouble() || !std::isfinite(value.toDouble()) || std::abs(value.toDouble()) > 1e11)
        return std::nullopt;
    return qint64(std::floor(value.toDouble()));
}

// A claim that is a string, or (customer_id) a whole number written as one.
QString stringClaim(const QJsonObject &claims, const QString &name, bool allowNumber = false)
{
    const QJsonValue value = claims.value(name);
    if (value.isString())
        return value.toString();
    if (allowNumber && value.isDouble() && value.toDouble() >= 0 && value.toDouble() < 1e15
        && value.toDouble() == std::floor(value.toDouble()))
        return QString::number(qint64(value.toDouble()));
    return {};
}

bool hasControlCharacters(const QString &text)
{
    for (const QChar c : text) {
        if (c.category() == QChar::Other_Control)
            return true;
    }
    return false;
}

JwtVerifier::Result refuse(const QString &reason)
{
    return {std::nullopt, reason};
}

} // namespace

JwtVerifier::Result JwtVerifier::verify(const QByteArray &token, qint64 nowSeconds) const
{
    if (!m_config.enabled())
        return refuse(QStringLiteral("verified users are not configured (no SUPPORTD_JWT_SECRET)"));
    if (token.isEmpty() || token.size() > kMaxTokenBytes)
        return refuse(QStringLiteral("malformed token (size)"));
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3)
        return refuse(QStringLiteral("malformed token (not three parts)"));

    const auto header = jsonObject(parts.at(0));
    if (!header)
        return refuse(QStringLiteral("malformed token (header)"));
    // The algorithm is pinned: the header only gets to agree with it.
    if (header->value(QLatin1String("alg")) != QJsonValue(QStringLiteral("HS256")))
        return refuse(QStringLiteral("algorithm not allowed (only HS256)"));
    if (header->contains(QLatin1String("typ"))
        && header->value(QLatin1String("typ")).toString().compare(QLatin1String("JWT"), Qt::CaseInsensitive) != 0)
        return refuse(QStringLiteral("not a JWT (typ)"));
    if (header->contains(QLatin1String("crit")))
        return refuse(QStringLiteral("unsupported critical header"));

    const auto signature = base64Url(parts.at(2));
    if (!signature || signature->size() != 32)
        return refuse(QStringLiteral("bad signature"));
    const QByteArray signingInput = parts.at(0) + '.' + parts.at(1);
    if (!crypto::constantTimeEquals(crypto::hmacSha256Hex(m_config.secret, signingInput).toLatin1(), signature->toHex()))
        return refuse(QStringLiteral("bad signature"));

    // Signed by whoever holds the secret: now the claims.
    const auto claims = jsonObject(parts.at(1));
    if (!claims)
        return refuse(QStringLiteral("malformed token (payload)"));
    const auto exp = numericDate(*claims, QStringLiteral("exp"));
    const auto iat = numericDate(*claims, QStringLiteral("iat"));
    if (!exp || !iat)
        return refuse(QStringLiteral("exp and iat are required numeric dates"));
    const qint64 skew = m_config.clockSkewSeconds;
    if (nowSeconds >= *exp + skew)
        return refuse(QStringLiteral("expired"));
    if (*iat > nowSeconds + skew)
        return refuse(QStringLiteral("issued in the future"));
    if (*exp <= *iat || *exp - *iat > m_config.maxLifetimeSeconds)
        return refuse(QStringLiteral("lifetime longer than %1 s").arg(m_config.maxLifetimeSeconds));
    if (claims->contains(QLatin1String("nbf"))) {
        const auto nbf = numericDate(*claims, QStringLiteral("nbf"));
        if (!nbf || *nbf > nowSeconds + skew)
            return refuse(QStringLiteral("not valid yet (nbf)"));
    }
    if (claims->value(QLatin1String("iss")) != QJsonValue(m_config.issuer))
        return refuse(QStringLiteral("wrong issuer"));
    const QJsonValue aud = claims->value(QLatin1String("aud"));
    const bool audienceMatches = aud.isArray() ? aud.toArray().contains(QJsonValue(m_config.audience))
                                               : aud == QJsonValue(m_config.audience);
    if (!audienceMatches)
        return refuse(QStringLiteral("wrong audience"));

    VerifiedUser user;
    user.subject = stringClaim(*claims, QStringLiteral("sub"));
    user.email = stringClaim(*claims, QStringLiteral("email")).trimmed();
    user.name = stringClaim(*claims, QStringLiteral("name")).trimmed();
    user.customerId = stringClaim(*claims, QStringLiteral("customer_id"), true);
    if (user.subject.isEmpty() || user.subject.size() > 255 || hasControlCharacters(user.subject))
        return refuse(QStringLiteral("sub is required (a string of 1-255 characters)"));
    if (user.email.isEmpty() || user.email.size() > 254 || !user.email.contains(QLatin1Char('@'))
        || hasControlCharacters(user.email))
        return refuse(QStringLiteral("email is required (an address)"));
    if (user.name.size() > 200 || hasControlCharacters(user.name))
        user.name.clear();
    if (user.customerId.size() > 64 || hasControlCharacters(user.customerId))
        return refuse(QStringLiteral("customer_id is malformed"));
    return {user, QString()};
}

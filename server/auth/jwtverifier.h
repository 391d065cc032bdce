#pragma once
#include "verifieduser.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

// How supportd checks the short-lived tokens a website mints for its
// signed-in users (HS256 with a shared secret).
struct JwtConfig
{
    QByteArray secret; // never logged, stored or described
    QString issuer;    // the site, e.g. https://shop.example (WordPress: its site URL), compared exactly
    QString audience = QStringLiteral("supportd");
    int maxLifetimeSeconds = 900; // exp - iat
    int clockSkewSeconds = 60;

    static constexpr int kMinSecretBytes = 32; // HS256's key should carry 256 bits
    bool enabled() const { return !secret.isEmpty(); }
    QJsonObject describe() const; // everything but the secret ("secret": "set" | "unset")
};

// Verifies a compact JWS: exactly HS256 (alg "none", RS*, ES*, HS384/512 and
// anything else are refused), the signature compared in constant time, then
// the claims: exp (required, in the future), iat (required, not in the
// future), exp - iat at most maxLifetimeSeconds, nbf when present, both with
// clockSkewSeconds of tolerance; iss equal to the issuer; aud equal to the
// audience or an array holding it; sub and email required. A header "typ", when
// present, must be "JWT"; a "crit" header is refused (no extensions understood).
// Stateless and thread-safe.
//
// Why not libcpp-jwt (Debian's cpp-jwt 1.4): it compares signatures with
// string_view's operator== (not constant time) and only checks that iat
// exists. Here: libsodium's HMAC-SHA256 and comparison (auth/crypto), Qt's
// base64url and JSON parsers.
class JwtVerifier
{
public:
    explicit JwtVerifier(JwtConfig config) : m_config(std::move(config)) {}

    struct Result
    {
        std::optional<VerifiedUser> user;
        QString reason; // when refused: why, in words safe to log (never the token or a claim's value)
    };
    Result verify(const QByteArray &token, qint64 nowSeconds) const;
    bool enabled() const { return m_config.enabled(); }
    const JwtConfig &config() const { return m_config; }

    static constexpr qsizetype kMaxTokenBytes = 4096;

private:
    JwtConfig m_config;
};

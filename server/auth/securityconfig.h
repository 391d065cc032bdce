#pragma once
#include "clientidentity.h"
#include "jwtverifier.h"
#include "ratelimits.h"

#include <QProcessEnvironment>

// Who may do how much, and who is who, on the public channel. From the
// `serve --config` file:
//   {"rate_limits": {"enabled": true, "new_threads_per_minute": 30, "messages_per_minute": 60,
//                    "verified_messages_per_minute": 120, "operator_requests_per_minute": 600,
//                    "devices_per_address": 4, "burst": 0},
//    "trusted_proxies": ["127.0.0.1", "10.0.0.0/8"],
//    "web": {"jwt": {"secret_file": "/run/secrets/supportd-jwt", "issuer": "https://shop.example",
//                    "audience": "supportd", "max_lifetime_seconds": 900, "clock_skew_seconds": 60}}}
// then the environment, which wins: SUPPORTD_RATE_LIMIT (off | on),
// SUPPORTD_RATE_LIMIT_NEW_THREADS, _MESSAGES, _VERIFIED_MESSAGES,
// _OPERATOR_REQUESTS (per minute), _DEVICES_PER_ADDRESS, _BURST;
// SUPPORTD_TRUSTED_PROXIES (comma-separated IPs and CIDRs); SUPPORTD_JWT_SECRET
// or SUPPORTD_JWT_SECRET_FILE, SUPPORTD_JWT_ISSUER, SUPPORTD_JWT_AUDIENCE.
// The secret is never in the file itself, only the path of a file holding it.
struct SecurityConfig
{
    RateLimitConfig rateLimits;
    TrustedProxies trustedProxies;
    JwtConfig jwt;

    // Returns false with a one-line error naming the setting (never a secret)
    // on an unreadable or invalid file, an unknown key, a negative or
    // non-numeric limit, a bad proxy entry, a JWT secret shorter than 32 bytes
    // or a secret without an issuer.
    static bool load(const QString &configFile, const QProcessEnvironment &env, SecurityConfig *out, QString *error);
};

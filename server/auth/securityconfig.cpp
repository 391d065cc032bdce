#include "securityconfig.h"

#include "secrets.h"

#include "config/configfile.h"

#include <QJsonArray>
#include <cmath>

namespace {

class Loader
{
public:
    Loader(const QString &configFile, const QProcessEnvironment &env, QString *error)
        : m_file(configFile), m_env(env), m_error(error)
    {
    }

    bool load(SecurityConfig *config)
    {
        QJsonObject root;
        if (!readFile(&root))
            return false;
        const QJsonObject limits = root.value(QLatin1String("rate_limits")).toObject();
        const QJsonObject web = root.value(QLatin1String("web")).toObject();
        const QJsonObject jwt = web.value(QLatin1String("jwt")).toObject();
        return objectOrAbsent(root, QStringLiteral("rate_limits")) && objectOrAbsent(web, QStringLiteral("jwt"))
               && knownKeys(limits, QStringLiteral("rate_limits"),
                            {"enabled", "new_threads_per_minute", "messages_per_minute", "verified_messages_per_minute",
                             "operator_requests_per_minute", "devices_per_address", "burst"})
               && knownKeys(jwt, QStringLiteral("web.jwt"),
                            {"secret_file", "issuer", "audience", "max_lifetime_seconds", "clock_skew_seconds"})
               && loadRateLimits(limits, &config->rateLimits) && loadProxies(root, &config->trustedProxies)
               && loadJwt(jwt, &config->jwt);
    }

private:
    bool fail(const QString &message)
    {
        if (m_error)
            *m_error = message;
        return false;
    }

    QString where(const QString &key) const { return m_file + QStringLiteral(": ") + key; }

    bool readFile(QJsonObject *root)
    {
        QString message;
        return configfile::read(m_file, root, &message) || fail(message);
    }

    bool objectOrAbsent(const QJsonObject &parent, const QString &key)
    {
        const QJsonValue value = parent.value(key);
        if (value.isUndefined() || value.isNull() || value.isObject())
            return true;
        return fail(QStringLiteral("%1 must be an object").arg(where(key)));
    }

    bool knownKeys(const QJsonObject &object, const QString &section, std::initializer_list<const char *> known)
    {
        for (auto it = object.begin(); it != object.end(); ++it) {
            bool found = false;
            for (const char *name : known)
                found = found || it.key() == QLatin1String(name);
            if (!found)
                return fail(QStringLiteral("unknown setting %1").arg(where(section + QLatin1Char('.') + it.key())));
        }
        return true;
    }

    // A non-negative number from the file, then from the environment (which wins).
    bool number(const QJsonObject &section, const char *key, const QString &sectionName, const QString &variable,
                double *out)
    {
        const QJsonValue value = section.value(QLatin1String(key));
        if (!value.isUndefined()) {
            if (!value.isDouble() || !std::isfinite(value.toDouble()) || value.toDouble() < 0)
                return fail(QStringLiteral("%1 must be a number, 0 or more").arg(where(sectionName + QLatin1Char('.') + QLatin1String(key))));
            *out = value.toDouble();
        }
        if (m_env.contains(variable)) {
            bool ok = false;
            const double parsed = m_env.value(variable).trimmed().toDouble(&ok);
            if (!ok || !std::isfinite(parsed) || parsed < 0)
                return fail(QStringLiteral("%1 must be a number, 0 or more").arg(variable));
            *out = parsed;
        }
        return true;
    }

    bool loadRateLimits(const QJsonObject &limits, RateLimitConfig *config)
    {
        const QString section = QStringLiteral("rate_limits");
        const QJsonValue enabled = limits.value(QLatin1String("enabled"));
        if (!enabled.isUndefined() && !enabled.isBool())
            return fail(QStringLiteral("%1 must be true or false").arg(where(QStringLiteral("rate_limits.enabled"))));
        config->enabled = enabled.toBool(true);
        if (m_env.contains(QStringLiteral("SUPPORTD_RATE_LIMIT"))) {
            const QString value = m_env.value(QStringLiteral("SUPPORTD_RATE_LIMIT")).trimmed().toLower();
            if (value == QLatin1String("off") || value == QLatin1String("0") || value == QLatin1String("false"))
                config->enabled = false;
            else if (value == QLatin1String("on") || value == QLatin1String("1") || value == QLatin1String("true"))
                config->enabled = true;
            else
                return fail(QStringLiteral("SUPPORTD_RATE_LIMIT must be off or on"));
        }
        double devices = config->devicesPerAddress;
        const QString prefix = QStringLiteral("SUPPORTD_RATE_LIMIT_");
        if (!number(limits, "new_threads_per_minute", section, prefix + QStringLiteral("NEW_THREADS"), &config->newThreadsPerMinute)
            || !number(limits, "messages_per_minute", section, prefix + QStringLiteral("MESSAGES"), &config->messagesPerMinute)
            || !number(limits, "verified_messages_per_minute", section, prefix + QStringLiteral("VERIFIED_MESSAGES"),
                       &config->verifiedMessagesPerMinute)
            || !number(limits, "operator_requests_per_minute", section, prefix + QStringLiteral("OPERATOR_REQUESTS"),
                       &config->operatorRequestsPerMinute)
            || !number(limits, "devices_per_address", section, prefix + QStringLiteral("DEVICES_PER_ADDRESS"), &devices)
            || !number(limits, "burst", section, prefix + QStringLiteral("BURST"), &config->burst))
            return false;
        if (devices < 1 || devices > 1000 || devices != std::floor(devices))
            return fail(QStringLiteral("devices_per_address must be a whole number from 1 to 1000"));
        config->devicesPerAddress = int(devices);
        return true;
    }

    bool loadProxies(const QJsonObject &root, TrustedProxies *out)
    {
        QStringList entries;
        const QJsonValue list = root.value(QLatin1String("trusted_proxies"));
        if (!list.isUndefined() && !list.isNull()) {
            if (!list.isArray())
                return fail(QStringLiteral("%1 must be an array of strings").arg(where(QStringLiteral("trusted_proxies"))));
            for (const QJsonValue &value : list.toArray())
                entries.append(value.toString());
        }
        QString source = where(QStringLiteral("trusted_proxies"));
        if (m_env.contains(QStringLiteral("SUPPORTD_TRUSTED_PROXIES"))) {
            entries = m_env.value(QStringLiteral("SUPPORTD_TRUSTED_PROXIES")).split(QLatin1Char(','), Qt::SkipEmptyParts);
            source = QStringLiteral("SUPPORTD_TRUSTED_PROXIES");
        }
        QString problem;
        const auto proxies = TrustedProxies::parse(entries, &problem);
        if (!proxies)
            return fail(source + QStringLiteral(": ") + problem);
        *out = *proxies;
        return true;
    }

    bool loadJwt(const QJsonObject &jwt, JwtConfig *config)
    {
        const QString section = QStringLiteral("web.jwt");
        for (const char *key : {"secret_file", "issuer", "audience"}) {
            const QJsonValue value = jwt.value(QLatin1String(key));
            if (!value.isUndefined() && !value.isString())
                return fail(QStringLiteral("%1 must be a string").arg(where(section + QLatin1Char('.') + QLatin1String(key))));
        }
        QString problem;
        std::optional<QString> secret = secrets::fromEnvironment(m_env, QStringLiteral("SUPPORTD_JWT_SECRET"), &problem);
        if (!secret)
            return fail(problem);
        QString secretSource = QStringLiteral("SUPPORTD_JWT_SECRET");
        if (secret->isEmpty() && jwt.contains(QLatin1String("secret_file"))) {
            secretSource = where(QStringLiteral("web.jwt.secret_file"));
            secret = secrets::fromFile(jwt.value(QLatin1String("secret_file")).toString(), secretSource, &problem);
            if (!secret)
                return fail(problem);
        }
        config->secret = secret->toUtf8();
        config->issuer = jwt.value(QLatin1String("issuer")).toString(config->issuer);
        config->audience = jwt.value(QLatin1String("audience")).toString(config->audience);
        if (m_env.contains(QStringLiteral("SUPPORTD_JWT_ISSUER")))
            config->issuer = m_env.value(QStringLiteral("SUPPORTD_JWT_ISSUER")).trimmed();
        if (m_env.contains(QStringLiteral("SUPPORTD_JWT_AUDIENCE")))
            config->audience = m_env.value(QStringLiteral("SUPPORTD_JWT_AUDIENCE")).trimmed();
        double lifetime = config->maxLifetimeSeconds, skew = config->clockSkewSeconds;
        if (!number(jwt, "max_lifetime_seconds", section, QStringLiteral("SUPPORTD_JWT_MAX_LIFETIME_SECONDS"), &lifetime)
            || !number(jwt, "clock_skew_seconds", section, QStringLiteral("SUPPORTD_JWT_CLOCK_SKEW_SECONDS"), &skew))
            return false;
        if (lifetime < 1 || lifetime > 86400 || skew > 600)
            return fail(QStringLiteral("%1: max_lifetime_seconds must be 1-86400 and clock_skew_seconds 0-600").arg(section));
        config->maxLifetimeSeconds = int(lifetime);
        config->clockSkewSeconds = int(skew);
        if (!config->enabled())
            return true;
        if (config->secret.size() < JwtConfig::kMinSecretBytes)
            return fail(QStringLiteral("%1 is shorter than %2 bytes: use a random secret of at least 32 bytes")
                            .arg(secretSource)
                            .arg(JwtConfig::kMinSecretBytes));
        if (config->issuer.isEmpty() || config->audience.isEmpty())
            return fail(QStringLiteral("a JWT secret is set without an issuer or audience "
                                       "(SUPPORTD_JWT_ISSUER: the site's URL; SUPPORTD_JWT_AUDIENCE)"));
        return true;
    }

    QString m_file;
    const QProcessEnvironment &m_env;
    QString *m_error;
};

} // namespace

bool SecurityConfig::load(const QString &configFile, const QProcessEnvironment &env, SecurityConfig *out, QString *error)
{
    SecurityConfig config;
    if (!Loader(configFile, env, error).load(&config))
        return false;
    *out = std::move(config);
    return true;
}

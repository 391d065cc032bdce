#include "webconfig.h"

#include "config/configfile.h"

#include <QJsonArray>
#include <QJsonObject>

namespace {

// The file's "web.origins" as strings (none when the file or the key is absent).
bool originsFromFile(const QString &configFile, QStringList *origins, QString *error)
{
    QJsonObject root;
    if (!configfile::read(configFile, &root, error))
        return false;
    const QJsonValue web = root.value(QLatin1String("web"));
    if (web.isUndefined() || web.isNull())
        return true;
    const QJsonValue list = web.toObject().value(QLatin1String("origins"));
    if (!web.isObject() || !(list.isArray() || list.isUndefined())) {
        *error = QStringLiteral("%1: \"web\" must be an object with an \"origins\" array of strings").arg(configFile);
        return false;
    }
    for (const QJsonValue &value : list.toArray()) {
        if (!value.isString()) {
            *error = QStringLiteral("%1: web.origins must hold strings").arg(configFile);
            return false;
        }
        origins->append(value.toString());
    }
    return true;
}

} // namespace

bool WebConfig::load(const QString &configFile, const QProcessEnvironment &env, WebConfig *out, QString *error)
{
    QStringList entries;
    QString source = configFile + QStringLiteral(": web.origins");
    if (!originsFromFile(configFile, &entries, error))
        return false;
    if (env.contains(QStringLiteral("SUPPORTD_SITE_ORIGINS"))) {
        entries = env.value(QStringLiteral("SUPPORTD_SITE_ORIGINS")).split(QLatin1Char(','), Qt::SkipEmptyParts);
        source = QStringLiteral("SUPPORTD_SITE_ORIGINS");
    }
    WebConfig config;
    for (const QString &entry : std::as_const(entries)) {
        if (entry.trimmed().isEmpty())
            continue;
        const std::optional<QString> origin = CorsPolicy::normalizeOrigin(entry);
        if (!origin) {
            *error = QStringLiteral("%1: \"%2\" is not a site origin like https://shop.example or http://localhost:8000")
                         .arg(source, entry.trimmed().left(200));
            return false;
        }
        if (!config.origins.contains(*origin))
            config.origins.append(*origin);
    }
    *out = std::move(config);
    return true;
}

CorsPolicy WebConfig::corsPolicy() const
{
    return CorsPolicy(origins, {QStringLiteral("/api/agent/")});
}

#include "databaseconfig.h"

#include <QUrl>

DatabaseConfig DatabaseConfig::sqlite(const QString &path)
{
    DatabaseConfig config;
    config.kind = Kind::Sqlite;
    config.sqlitePath = path;
    return config;
}

std::optional<DatabaseConfig> DatabaseConfig::fromUrl(const QString &text, QString *error)
{
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != QLatin1String("postgresql") && scheme != QLatin1String("postgres"))) {
        if (error)
            *error = QStringLiteral("the database URL must look like postgresql://user@host:port/database");
        return std::nullopt;
    }
    DatabaseConfig config;
    config.kind = Kind::Postgres;
    config.host = url.host().isEmpty() ? QStringLiteral("127.0.0.1") : url.host();
    config.port = url.port(5432);
    config.name = url.path().mid(1);
    config.user = url.userName();
    config.password = url.password();
    if (config.name.isEmpty()) {
        if (error)
            *error = QStringLiteral("the database URL names no database");
        return std::nullopt;
    }
    const QByteArray envPassword = qgetenv("SUPPORTD_DB_PASSWORD");
    if (config.password.isEmpty() && !envPassword.isEmpty())
        config.password = QString::fromUtf8(envPassword);
    return config;
}

QString DatabaseConfig::describe() const
{
    if (kind == Kind::Sqlite)
        return QStringLiteral("sqlite");
    return QStringLiteral("postgresql://%1@%2:%3/%4").arg(user, host).arg(port).arg(name);
}

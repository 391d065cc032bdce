#pragma once
#include <QString>
#include <optional>

// Where the system of record lives: a SQLite file in the data directory (the
// embedded default) or a PostgreSQL server given as a URL
// (postgresql://user[:password]@host[:port]/database). The password is better
// given in SUPPORTD_DB_PASSWORD than in the URL; it is never printed.
struct DatabaseConfig
{
    enum class Kind { Sqlite, Postgres };
    Kind kind = Kind::Sqlite;
    QString sqlitePath;
    QString host;
    int port = 5432;
    QString name;
    QString user;
    QString password;

    static DatabaseConfig sqlite(const QString &path);
    static std::optional<DatabaseConfig> fromUrl(const QString &url, QString *error);
    // For logs and /readyz: never includes the password.
    QString describe() const;
};

#pragma once
#include <QString>
#include <QStringList>

class Database;

// Versioned schema changes, applied in order and recorded in
// schema_migrations. The SQL is written once for both engines (TEXT, BIGINT,
// INTEGER and ON CONFLICT mean the same on SQLite and PostgreSQL); a migration
// that needs engine-specific SQL gives both variants.
struct Migration
{
    int version;
    QString name;
    QStringList statements;         // both engines
    QStringList sqliteStatements;   // SQLite only, after the common ones
    QStringList postgresStatements; // PostgreSQL only, after the common ones
};

const QList<Migration> &allMigrations();

class Migrator
{
public:
    explicit Migrator(Database &database) : m_database(database) {}
    bool migrate(QString *error);
    int currentVersion();

private:
    Database &m_database;
};

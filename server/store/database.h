#pragma once
#include "databaseconfig.h"

#include <QHash>
#include <QMutex>
#include <QObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariantList>
#include <memory>

class GroupCommit;
class WalCheckpointer;
class QThread;

// The system of record, reached through QtSql. A QSqlDatabase may only be used
// on the thread that opened it, so each thread gets its own connection,
// opened on first use, with its prepared statements cached. On SQLite, write
// transactions are serialised in-process (WAL lets readers go on), which
// avoids SQLite's sleeping busy handler on the hot path.
class Database
{
    Q_DISABLE_COPY_MOVE(Database)

public:
    explicit Database(DatabaseConfig config);
    ~Database();

    // Opens the first connection and, unless told not to, applies pending migrations.
    bool open(QString *error, bool migrate = true);
    const DatabaseConfig &config() const { return m_config; }
    bool isSqlite() const { return m_config.kind == DatabaseConfig::Kind::Sqlite; }
    int schemaVersion() const { return m_schemaVersion; }

    // This thread's connection (opened on demand); invalid when it cannot open.
    QSqlDatabase connection();
    // A prepared statement cached for this thread's connection. Callers bind,
    // exec() it through this class, read, and must finish() it before returning.
    QSqlQuery &statement(const QString &sql);
    // Executes a statement. A failure marks this thread's connection suspect:
    // the next statement() drops the cached statements and reconnects, since
    // after a lost connection they are all stale (the server forgot them).
    bool exec(QSqlQuery &query);
    // Binds values to this thread's cached statement, executes and finishes it.
    // rowsAffected, when given, receives the number of rows changed.
    bool run(const QString &sql, const QVariantList &values, const char *what, int *rowsAffected = nullptr);
    // run() in a write transaction of its own.
    bool write(const QString &sql, const QVariantList &values, const char *what, int *rowsAffected = nullptr);
    // Writes that happen often and concurrently (a turn each) commit together:
    // see GroupCommit. The work runs in a write transaction, maybe on another
    // thread's connection, and returns whether it succeeded.
    GroupCommit &groupCommit() { return *m_groupCommit; }

    // Cheap liveness check (for /readyz, and to tell "not found" from "database
    // away"). On failure it drops this thread's connection and statements, so
    // the next call reconnects (e.g. after a PostgreSQL restart).
    bool ping();

    // RAII write transaction; commit() or it rolls back when it goes out of scope.
    class Transaction
    {
    public:
        explicit Transaction(Database &database);
        ~Transaction();
        bool ok() const { return m_open; }
        bool commit();

    private:
        bool control(const QString &sql, const char *what);
        Database &m_database;
        std::unique_ptr<QMutexLocker<QMutex>> m_lock;
        bool m_open = false;
    };

private:
    struct PerThread
    {
        QString connectionName;
        QHash<QString, QSqlQuery *> statements;
        bool suspect = false;
    };
    void resetThreadConnection(PerThread &state);
    PerThread &perThread();
    bool openConnection(QSqlDatabase &db, QString *error);
    void configureSqlite(QSqlDatabase &db);

    DatabaseConfig m_config;
    QString m_prefix;
    int m_schemaVersion = 0;
    QMutex m_threadsMutex;
    QHash<QThread *, PerThread *> m_threads;
    // Never reused, unlike an address: a thread's one-entry cache of its
    // PerThread (perThread()) can then never match a destroyed Database.
    const quint64 m_instanceId;
    QMutex m_writeMutex; // SQLite only
    std::unique_ptr<GroupCommit> m_groupCommit;
    std::unique_ptr<WalCheckpointer> m_checkpointer; // SQLite only, once open
    QObject m_lifetime;  // context of per-thread clean-up connections
};

// Logs a failed statement without its SQL text or values (they may carry
// personal data) and returns false.
bool reportSqlError(const QSqlQuery &query, const char *what);

// QtSql binds a null QString as SQL NULL: what goes into a NOT NULL column
// that may be empty passes through this.
inline QString notNull(const QString &text)
{
    return text.isNull() ? QStringLiteral("") : text;
}

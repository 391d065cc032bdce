#include "database.h"
#include "groupcommit.h"
#include "walcheckpointer.h"
#include "migrations.h"

#include <QAtomicInt>
#include <QLoggingCategory>
#include <QSqlError>
#include <QThread>

Q_LOGGING_CATEGORY(lcStore, "supportd.store")

namespace {
QAtomicInt g_instanceCounter;
QAtomicInteger<quint64> g_instanceIds; // Database::m_instanceId
}

bool reportSqlError(const QSqlQuery &query, const char *what)
{
    qCWarning(lcStore) << "database error in" << what << ":" << query.lastError().nativeErrorCode()
                       << query.lastError().driverText();
    return false;
}

Database::Database(DatabaseConfig config)
    : m_config(std::move(config)),
      m_prefix(QStringLiteral("supportd-%1-").arg(g_instanceCounter.fetchAndAddRelaxed(1))),
      m_instanceId(g_instanceIds.fetchAndAddRelaxed(1) + 1), m_groupCommit(std::make_unique<GroupCommit>(*this))
{
}

Database::~Database()
{
    // Both threads use connections of their own: they end before the connections go.
    m_groupCommit->stop();
    if (m_checkpointer)
        m_checkpointer->stop();
    QStringList names;
    {
        QMutexLocker locker(&m_threadsMutex);
        for (PerThread *state : std::as_const(m_threads)) {
            qDeleteAll(state->statements);
            names.append(state->connectionName);
            delete state;
        }
        m_threads.clear();
    }
    for (const QString &name : std::as_const(names)) {
        { QSqlDatabase::database(name, false).close(); }
        QSqlDatabase::removeDatabase(name);
    }
}

bool Database::open(QString *error, bool migrate)
{
    QSqlDatabase db = connection();
    if (!db.isOpen()) {
        if (error && error->isEmpty())
            *error = QStringLiteral("cannot open the database (%1)").arg(m_config.describe());
        return false;
    }
    m_groupCommit->start();
    if (isSqlite()) {
        QSqlQuery wal(db);
        wal.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
        if (!m_checkpointer) {
            m_checkpointer = std::make_unique<WalCheckpointer>(*this);
            m_checkpointer->start();
        }
    }
    if (!migrate)
        return true;
    Migrator migrator(*this);
    if (!migrator.migrate(error))
        return false;
    m_schemaVersion = migrator.currentVersion();
    return true;
}

Database::PerThread &Database::perThread()
{
    // Every statement asks for its thread's state: a thread-local cache
    // spares the shared mutex on all but the first call per thread.
    thread_local quint64 cachedInstance = 0;
    thread_local PerThread *cachedState = nullptr;
    if (cachedInstance == m_instanceId && cachedState)
        return *cachedState;
    QThread *thread = QThread::currentThread();
    QMutexLocker locker(&m_threadsMutex);
    PerThread *&state = m_threads[thread];
    if (!state) {
        state = new PerThread;
        state->connectionName = m_prefix + QString::number(quintptr(thread), 16);
        // Forget this thread's connection when the thread ends.
        QObject::connect(thread, &QThread::finished, &m_lifetime, [this, thread] {
            QString name;
            {
                QMutexLocker inner(&m_threadsMutex);
                PerThread *gone = m_threads.take(thread);
                if (!gone)
                    return;
                qDeleteAll(gone->statements);
                name = gone->connectionName;
                delete gone;
            }
            { QSqlDatabase::database(name, false).close(); }
            QSqlDatabase::removeDatabase(name);
        }, Qt::DirectConnection);
    }
    cachedInstance = m_instanceId;
    cachedState = state;
    return *state;
}

QSqlDatabase Database::connection()
{
    PerThread &state = perThread();
    QSqlDatabase db = QSqlDatabase::database(state.connectionName, false);
    if (!db.isValid()) {
        db = QSqlDatabase::addDatabase(isSqlite() ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL"),
                                       state.connectionName);
    }
    if (!db.isOpen()) {
        QString ignored;
        openConnection(db, &ignored);
    }
    return db;
}

bool Database::openConnection(QSqlDatabase &db, QString *error)
{
    if (isSqlite()) {
        db.setDatabaseName(m_config.sqlitePath);
        db.setConnectOptions(m_config.sqlitePath.startsWith(QLatin1String("file:"))
                                 ? QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000;QSQLITE_OPEN_URI")
                                 : QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    } else {
        db.setHostName(m_config.host);
        db.setPort(m_config.port);
        db.setDatabaseName(m_config.name);
        db.setUserName(m_config.user);
        db.setPassword(m_config.password);
        db.setConnectOptions(QStringLiteral("connect_timeout=5"));
    }
    if (!db.open()) {
        qCWarning(lcStore) << "cannot open" << m_config.describe() << ":" << db.lastError().driverText();
        if (error)
            *error = QStringLiteral("cannot open the database (%1)").arg(m_config.describe());
        return false;
    }
    if (isSqlite())
        configureSqlite(db);
    return true;
}

void Database::configureSqlite(QSqlDatabase &db)
{
    QSqlQuery query(db);
    query.exec(QStringLiteral("PRAGMA foreign_keys=ON"));
    query.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
    query.exec(QStringLiteral("PRAGMA temp_store=MEMORY"));
    query.exec(QStringLiteral("PRAGMA cache_size=-16000"));    // 16 MB of pages per connection
    // No memory-mapped reads: every connection (one per worker thread) must
    // remap when the file grows, and each munmap flushes the TLBs of both
    // cores. Measured without it: 10-15 % less CPU per turn, more turns/s.
    query.exec(QStringLiteral("PRAGMA mmap_size=0"));
    query.exec(QStringLiteral("PRAGMA wal_autocheckpoint=0"));  // WalCheckpointer's job, off the commit path
}

void Database::resetThreadConnection(PerThread &state)
{
    qDeleteAll(state.statements);
    state.statements.clear();
    state.suspect = false;
    QSqlDatabase::database(state.connectionName, false).close();
}

bool Database::exec(QSqlQuery &query)
{
    if (query.exec())
        return true;
    perThread().suspect = true;
    return false;
}

QSqlQuery &Database::statement(const QString &sql)
{
    PerThread &state = perThread();
    if (state.suspect)
        resetThreadConnection(state);
    QSqlQuery *&query = state.statements[sql];
    QSqlDatabase db = connection();
    if (!query) {
        query = new QSqlQuery(db);
        query->setForwardOnly(true);
        if (!query->prepare(sql)) {
            reportSqlError(*query, "prepare");
            state.suspect = true; // prepared again, on a fresh connection, next time
        }
    }
    return *query;
}

bool Database::run(const QString &sql, const QVariantList &values, const char *what, int *rowsAffected)
{
    QSqlQuery &query = statement(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    const bool ok = exec(query) || reportSqlError(query, what);
    if (rowsAffected)
        *rowsAffected = ok ? query.numRowsAffected() : 0;
    query.finish();
    return ok;
}

bool Database::write(const QString &sql, const QVariantList &values, const char *what, int *rowsAffected)
{
    Transaction transaction(*this);
    return transaction.ok() && run(sql, values, what, rowsAffected) && transaction.commit();
}

bool Database::ping()
{
    QSqlQuery &query = statement(QStringLiteral("SELECT 1"));
    const bool ok = exec(query) && query.next();
    query.finish();
    return ok;
}

Database::Transaction::Transaction(Database &database) : m_database(database)
{
    if (database.isSqlite())
        m_lock = std::make_unique<QMutexLocker<QMutex>>(&database.m_writeMutex);
    m_open = control(database.isSqlite() ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN"), "begin");
    if (!m_open)
        database.ping(); // a lost connection is dropped here and reopened by the next call
}

Database::Transaction::~Transaction()
{
    if (m_open)
        control(QStringLiteral("ROLLBACK"), "rollback");
}

bool Database::Transaction::commit()
{
    if (!m_open)
        return false;
    const bool ok = control(QStringLiteral("COMMIT"), "commit");
    m_open = !ok; // on failure the destructor rolls back
    return ok;
}

bool Database::Transaction::control(const QString &sql, const char *what)
{
    if (m_database.isSqlite()) {
        QSqlQuery &query = m_database.statement(sql);
        const bool ok = m_database.exec(query) || reportSqlError(query, what);
        query.finish();
        return ok;
    }
    // PostgreSQL cannot PREPARE transaction control statements: send them as they are.
    QSqlQuery query(m_database.connection());
    if (query.exec(sql))
        return true;
    m_database.perThread().suspect = true;
    return reportSqlError(query, what);
}

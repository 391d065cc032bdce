#include "migrations.h"
#include "database.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>

Q_DECLARE_LOGGING_CATEGORY(lcStore)

const QList<Migration> &allMigrations()
{
    static const QList<Migration> migrations = {
        {1, QStringLiteral("initial schema"),
         {
             QStringLiteral("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
             QStringLiteral("CREATE TABLE threads ("
                            " id TEXT PRIMARY KEY, token_hash TEXT NOT NULL, channel TEXT NOT NULL,"
                            " status TEXT NOT NULL, assignee TEXT, handoff_reason TEXT,"
                            " last_message TEXT NOT NULL DEFAULT '', message_count BIGINT NOT NULL DEFAULT 0,"
                            " created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, handoff_at BIGINT)"),
             QStringLiteral("CREATE INDEX threads_status_updated ON threads (status, updated_at)"),
             QStringLiteral("CREATE INDEX threads_updated ON threads (updated_at)"),
             QStringLiteral("CREATE TABLE messages ("
                            " id TEXT PRIMARY KEY,"
                            " thread_id TEXT NOT NULL REFERENCES threads (id) ON DELETE CASCADE,"
                            " seq BIGINT NOT NULL, role TEXT NOT NULL, content TEXT NOT NULL,"
                            " citations TEXT NOT NULL DEFAULT '[]', tool_name TEXT, tool_payload TEXT,"
                            " trace_id TEXT, author TEXT, created_at BIGINT NOT NULL,"
                            " UNIQUE (thread_id, seq))"),
             QStringLiteral("CREATE TABLE handoffs ("
                            " id TEXT PRIMARY KEY,"
                            " thread_id TEXT NOT NULL REFERENCES threads (id) ON DELETE CASCADE,"
                            " reason TEXT NOT NULL, transcript_excerpt TEXT NOT NULL DEFAULT '',"
                            " created_at BIGINT NOT NULL, resolved_at BIGINT)"),
             QStringLiteral("CREATE INDEX handoffs_open ON handoffs (resolved_at, created_at)"),
             QStringLiteral("CREATE TABLE kb_docs ("
                            " id TEXT PRIMARY KEY, title TEXT NOT NULL, url TEXT NOT NULL DEFAULT '',"
                            " text TEXT NOT NULL, source TEXT NOT NULL DEFAULT '',"
                            " allowed_channels TEXT NOT NULL DEFAULT '', updated_at BIGINT NOT NULL)"),
             QStringLiteral("CREATE TABLE tickets ("
                            " id TEXT PRIMARY KEY, thread_id TEXT, email TEXT NOT NULL DEFAULT '',"
                            " subject TEXT NOT NULL, body TEXT NOT NULL, priority TEXT NOT NULL,"
                            " status TEXT NOT NULL, external_id TEXT,"
                            " created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)"),
             QStringLiteral("CREATE TABLE feedback ("
                            " message_id TEXT PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,"
                            " thread_id TEXT NOT NULL, rating TEXT NOT NULL, tags TEXT NOT NULL DEFAULT '[]',"
                            " created_at BIGINT NOT NULL)"),
             QStringLiteral("CREATE TABLE operators ("
                            " id TEXT PRIMARY KEY, username TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,"
                            " role TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0, created_at BIGINT NOT NULL)"),
             QStringLiteral("CREATE TABLE sessions ("
                            " token_hash TEXT PRIMARY KEY,"
                            " operator_id TEXT NOT NULL REFERENCES operators (id) ON DELETE CASCADE,"
                            " created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)"),
             QStringLiteral("CREATE TABLE traces ("
                            " id TEXT PRIMARY KEY, thread_id TEXT NOT NULL, route TEXT NOT NULL,"
                            " outcome TEXT NOT NULL, brain TEXT NOT NULL,"
                            " started_at BIGINT NOT NULL, duration_ms BIGINT NOT NULL)"),
             QStringLiteral("CREATE INDEX traces_thread ON traces (thread_id, started_at)"),
             QStringLiteral("CREATE TABLE spans ("
                            " trace_id TEXT NOT NULL REFERENCES traces (id) ON DELETE CASCADE,"
                            " seq INTEGER NOT NULL, name TEXT NOT NULL, start_ms BIGINT NOT NULL,"
                            " duration_ms BIGINT NOT NULL, attributes TEXT NOT NULL DEFAULT '{}',"
                            " PRIMARY KEY (trace_id, seq))"),
         },
         {},
         {}},
        {2, QStringLiteral("knowledge-base chunks with their vectors"),
         {
             QStringLiteral("ALTER TABLE kb_docs ADD COLUMN format TEXT NOT NULL DEFAULT 'markdown'"),
             // A chunk's id is derived from its content, so an unchanged chunk
             // keeps its id (and its vector) across re-imports.
             QStringLiteral("CREATE TABLE kb_chunks ("
                            " id TEXT PRIMARY KEY,"
                            " doc_id TEXT NOT NULL REFERENCES kb_docs (id) ON DELETE CASCADE,"
                            " ordinal INTEGER NOT NULL, section TEXT NOT NULL DEFAULT '',"
                            " text TEXT NOT NULL, token_count INTEGER NOT NULL,"
                            " embedding_model TEXT NOT NULL DEFAULT '', embedding TEXT NOT NULL DEFAULT '')"),
             QStringLiteral("CREATE INDEX kb_chunks_doc ON kb_chunks (doc_id, ordinal)"),
         },
         {},
         {}},
        {3, QStringLiteral("orders of the local order source"),
         {
             // Items, tracking, addresses and meta are JSON text; times are
             // milliseconds (NULL when not yet paid, completed...).
             QStringLiteral("CREATE TABLE orders ("
                            " number TEXT PRIMARY KEY, status TEXT NOT NULL, billing_email TEXT NOT NULL,"
                            " customer_id TEXT NOT NULL DEFAULT '', created_at BIGINT NOT NULL,"
                            " paid_at BIGINT, completed_at BIGINT, shipping_method TEXT NOT NULL DEFAULT '',"
                            " items TEXT NOT NULL DEFAULT '[]', tracking TEXT NOT NULL DEFAULT '[]',"
                            " billing_address TEXT NOT NULL DEFAULT '{}', shipping_address TEXT NOT NULL DEFAULT '{}',"
                            " phone TEXT NOT NULL DEFAULT '', payment_method TEXT NOT NULL DEFAULT '',"
                            " transaction_id TEXT NOT NULL DEFAULT '', customer_note TEXT NOT NULL DEFAULT '',"
                            " meta TEXT NOT NULL DEFAULT '[]', updated_at BIGINT NOT NULL)"),
         },
         {},
         {}},
        {4, QStringLiteral("tickets: idempotency key, channel and helpdesk delivery state"),
         {
             // turn_key makes create_ticket idempotent: a retried call finds the
             // ticket its first attempt stored (NULL keys never conflict).
             QStringLiteral("ALTER TABLE tickets ADD COLUMN turn_key TEXT"),
             QStringLiteral("ALTER TABLE tickets ADD COLUMN args_hash TEXT NOT NULL DEFAULT ''"),
             QStringLiteral("ALTER TABLE tickets ADD COLUMN channel TEXT NOT NULL DEFAULT ''"),
             // none (no helpdesk configured), pending, delivered, failed.
             QStringLiteral("ALTER TABLE tickets ADD COLUMN delivery_status TEXT NOT NULL DEFAULT 'none'"),
             QStringLiteral("ALTER TABLE tickets ADD COLUMN delivery_attempts INTEGER NOT NULL DEFAULT 0"),
             QStringLiteral("ALTER TABLE tickets ADD COLUMN delivery_error TEXT NOT NULL DEFAULT ''"),
             QStringLiteral("ALTER TABLE tickets ADD COLUMN next_attempt_at BIGINT NOT NULL DEFAULT 0"),
             QStringLiteral("CREATE UNIQUE INDEX tickets_turn_key ON tickets (turn_key)"),
             QStringLiteral("CREATE INDEX tickets_thread ON tickets (thread_id, created_at)"),
             QStringLiteral("CREATE INDEX tickets_delivery ON tickets (delivery_status, next_attempt_at)"),
         },
         {},
         {}},
        {5, QStringLiteral("traces: what a turn used (tools, model tokens, cost) for the metrics"),
         {
             QStringLiteral("ALTER TABLE traces ADD COLUMN tool_calls INTEGER NOT NULL DEFAULT 0"),
             QStringLiteral("ALTER TABLE traces ADD COLUMN tool_errors INTEGER NOT NULL DEFAULT 0"),
             QStringLiteral("ALTER TABLE traces ADD COLUMN model_calls INTEGER NOT NULL DEFAULT 0"),
             QStringLiteral("ALTER TABLE traces ADD COLUMN input_tokens BIGINT NOT NULL DEFAULT 0"),
             QStringLiteral("ALTER TABLE traces ADD COLUMN output_tokens BIGINT NOT NULL DEFAULT 0"),
             // Millionths of a US dollar: an integer sums exactly on both engines.
             QStringLiteral("ALTER TABLE traces ADD COLUMN cost_micro_usd BIGINT NOT NULL DEFAULT 0"),
             QStringLiteral("CREATE INDEX traces_started ON traces (started_at)"),
         },
         {},
         {}},
        {6, QStringLiteral("thread_actions (who took over, replied to, handed back or closed a thread); tickets by time"),
         {
             // operator is the username at the time (assignee holds the same).
             QStringLiteral("CREATE TABLE thread_actions ("
                            " id TEXT PRIMARY KEY,"
                            " thread_id TEXT NOT NULL REFERENCES threads (id) ON DELETE CASCADE,"
                            " action TEXT NOT NULL, operator TEXT NOT NULL, message_id TEXT,"
                            " created_at BIGINT NOT NULL)"),
             QStringLiteral("CREATE INDEX thread_actions_thread ON thread_actions (thread_id, created_at)"),
             // The console's ticket list, newest first.
             QStringLiteral("CREATE INDEX tickets_created ON tickets (created_at)"),
         },
         {},
         {}},
        {7, QStringLiteral("threads bound to a verified website user (JWT subject, e-mail, customer id)"),
         {
             // Set once, by the first message carrying a valid token; never the token itself.
             QStringLiteral("ALTER TABLE threads ADD COLUMN verified_subject TEXT"),
             QStringLiteral("ALTER TABLE threads ADD COLUMN verified_email TEXT"),
             QStringLiteral("ALTER TABLE threads ADD COLUMN verified_customer_id TEXT"),
         },
         {},
         {}},
    };
    return migrations;
}

int Migrator::currentVersion()
{
    QSqlQuery query(m_database.connection());
    if (!query.exec(QStringLiteral("SELECT MAX(version) FROM schema_migrations")) || !query.next())
        return 0;
    return query.value(0).toInt();
}

bool Migrator::migrate(QString *error)
{
    QSqlDatabase db = m_database.connection();
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                   " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)"))) {
        reportSqlError(query, "migrate");
        if (error)
            *error = QStringLiteral("cannot create the migrations table");
        return false;
    }
    const int current = currentVersion();
    for (const Migration &migration : allMigrations()) {
        if (migration.version <= current)
            continue;
        Database::Transaction transaction(m_database);
        QStringList statements = migration.statements;
        statements += m_database.isSqlite() ? migration.sqliteStatements : migration.postgresStatements;
        bool ok = transaction.ok();
        for (const QString &sql : std::as_const(statements)) {
            if (!ok)
                break;
            QSqlQuery step(db);
            ok = step.exec(sql) || reportSqlError(step, "migration");
        }
        if (ok) {
            QSqlQuery record(db);
            record.prepare(QStringLiteral("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"));
            record.addBindValue(migration.version);
            record.addBindValue(migration.name);
            record.addBindValue(QDateTime::currentMSecsSinceEpoch());
            ok = record.exec() || reportSqlError(record, "migration record");
        }
        if (!ok || !transaction.commit()) {
            if (error)
                *error = QStringLiteral("database migration %1 (%2) failed").arg(migration.version).arg(migration.name);
            return false;
        }
        qCInfo(lcStore) << "applied migration" << migration.version << migration.name;
    }
    return true;
}

#include "storetest.h"

#include "store/migrations.h"
#include "store/settingsstore.h"

#include <QSqlQuery>
#include <QTest>

namespace {

struct AppliedMigration
{
    int version = 0;
    QString name;
    qint64 appliedAt = 0;
};

QList<AppliedMigration> appliedMigrations(Database &db)
{
    QList<AppliedMigration> rows;
    QSqlQuery query(db.connection());
    if (query.exec(QStringLiteral("SELECT version, name, applied_at FROM schema_migrations ORDER BY version"))) {
        while (query.next())
            rows.append({query.value(0).toInt(), query.value(1).toString(), query.value(2).toLongLong()});
    }
    return rows;
}

} // namespace

class TestMigrations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(crypto::initialize()); }
    void initTestCase_data() { storetest::addEngineRows(); }

    void freshDatabaseReachesLatestVersion()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        const QList<Migration> &migrations = allMigrations();
        QVERIFY(!migrations.isEmpty());
        QCOMPARE(db.schemaVersion(), migrations.last().version);
        QCOMPARE(Migrator(db).currentVersion(), migrations.last().version);

        // One row per migration, in order, named as in the code.
        const QList<AppliedMigration> applied = appliedMigrations(db);
        QCOMPARE(applied.size(), migrations.size());
        for (qsizetype i = 0; i < migrations.size(); ++i) {
            QCOMPARE(applied.at(i).version, migrations.at(i).version);
            QCOMPARE(applied.at(i).name, migrations.at(i).name);
            QVERIFY(applied.at(i).appliedAt > 0);
        }

        // Every table exists and starts empty.
        const QStringList tables = db.connection().tables();
        QVERIFY(tables.contains(QStringLiteral("schema_migrations")));
        for (const char *table : {"settings", "threads", "messages", "handoffs", "kb_docs", "tickets", "feedback",
                                  "operators", "sessions", "traces", "spans"}) {
            QVERIFY2(tables.contains(QLatin1String(table)), table);
            QVERIFY2(storetest::scalar(db, QStringLiteral("SELECT COUNT(*) FROM %1").arg(QLatin1String(table))) == 0,
                     table);
        }
    }

    void reopeningAppliesNothingAndKeepsData()
    {
        FRESH_DATABASE_CONFIG(fresh);
        QList<AppliedMigration> before;
        {
            Database db(fresh.config);
            QString error;
            QVERIFY2(db.open(&error), qPrintable(error));
            QVERIFY(SettingsStore(db).setValue(QStringLiteral("probe"), QStringLiteral("kept")));
            before = appliedMigrations(db);
        }
        Database db(fresh.config);
        QString error;
        QVERIFY2(db.open(&error), qPrintable(error));
        QCOMPARE(db.schemaVersion(), allMigrations().last().version);
        QCOMPARE(SettingsStore(db).value(QStringLiteral("probe")), std::optional<QString>(QStringLiteral("kept")));

        // Nothing was applied again: the same rows with the same times.
        const QList<AppliedMigration> after = appliedMigrations(db);
        QCOMPARE(after.size(), before.size());
        for (qsizetype i = 0; i < after.size(); ++i) {
            QCOMPARE(after.at(i).version, before.at(i).version);
            QCOMPARE(after.at(i).appliedAt, before.at(i).appliedAt);
        }
    }

    void openingWithoutMigrationLeavesSchemaAlone()
    {
        FRESH_DATABASE_CONFIG(fresh);
        Database db(fresh.config);
        QString error;
        QVERIFY2(db.open(&error, false), qPrintable(error));
        QCOMPARE(db.schemaVersion(), 0);
        QVERIFY(!db.connection().tables().contains(QStringLiteral("threads")));
    }
};

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"

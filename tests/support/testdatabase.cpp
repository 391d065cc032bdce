#include "testdatabase.h"

#include "auth/crypto.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace testdb {

QStringList engines()
{
    return {QStringLiteral("sqlite"), QStringLiteral("postgres")};
}

Fresh create(const QString &engine)
{
    Fresh fresh;
    fresh.dir = std::make_shared<QTemporaryDir>();
    if (engine == QLatin1String("sqlite")) {
        fresh.config = DatabaseConfig::sqlite(fresh.dir->filePath(QStringLiteral("test.sqlite")));
        return fresh;
    }
    const QString url = QString::fromUtf8(qgetenv("SUPPORTD_TEST_PG_URL"));
    if (url.isEmpty()) {
        fresh.skip = qgetenv("SUPPORTD_TEST_SKIP_PG") == "1";
        fresh.error = QStringLiteral("SUPPORTD_TEST_PG_URL is not set: run scripts/test.sh, which starts PostgreSQL "
                                     "(or set SUPPORTD_TEST_SKIP_PG=1 to skip the PostgreSQL rows)");
        return fresh;
    }
    QString error;
    const auto admin = DatabaseConfig::fromUrl(url, &error);
    if (!admin) {
        fresh.error = error;
        return fresh;
    }
    // One database per test case, so cases never see each other's rows.
    const QString name = QStringLiteral("supportd_test_") + crypto::uuidV4().remove(QLatin1Char('-')).left(16);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("testdb-admin"));
        db.setHostName(admin->host);
        db.setPort(admin->port);
        db.setDatabaseName(admin->name);
        db.setUserName(admin->user);
        db.setPassword(admin->password);
        if (!db.open()) {
            fresh.error = QStringLiteral("cannot reach PostgreSQL at %1: %2").arg(admin->describe(), db.lastError().text());
        } else {
            QSqlQuery query(db);
            if (!query.exec(QStringLiteral("CREATE DATABASE %1").arg(name)))
                fresh.error = QStringLiteral("cannot create a test database: %1").arg(query.lastError().text());
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("testdb-admin"));
    fresh.config = *admin;
    fresh.config.name = name;
    return fresh;
}

} // namespace testdb

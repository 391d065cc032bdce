#pragma once
#include "store/databaseconfig.h"

#include <QString>
#include <QTemporaryDir>
#include <memory>

// The databases integration tests run on: always SQLite, and PostgreSQL at
// the URL in SUPPORTD_TEST_PG_URL (scripts/test.sh and .ci/run start a real
// server and set it). Without it, PostgreSQL rows fail with a clear message,
// unless SUPPORTD_TEST_SKIP_PG=1 says to skip them.
namespace testdb {

QStringList engines(); // {"sqlite", "postgres"}

// A fresh, empty database of that engine: a new SQLite file, or a new
// PostgreSQL database created for this test. error says why it could not.
struct Fresh
{
    DatabaseConfig config;
    std::shared_ptr<QTemporaryDir> dir;
    QString error;
    bool skip = false;
};
Fresh create(const QString &engine);

} // namespace testdb

#pragma once
#include "app/application.h"

#include <QTemporaryDir>
#include <memory>

// A whole supportd (Application) in the test process: a fresh database
// (SQLite in a temporary folder, or with SUPPORTD_TEST_ENGINE=postgres a new
// database on the PostgreSQL server of testdatabase.h), a free port on
// 127.0.0.1, no rate limits, proxies or JWT secret unless the options set them (never the environment's). Lives on the test's thread: wait for answers by running
// the event loop (QTRY_*, QSignalSpy, waitUntil).
class TestServer
{
public:
    static ServeOptions defaultOptions();

    explicit TestServer(ServeOptions options = defaultOptions());
    ~TestServer();

    bool start();
    QString errorString() const { return m_error; }
    bool skipped() const { return m_skipped; } // PostgreSQL asked for but told to skip
    quint16 port() const { return m_app ? m_app->port() : 0; }
    Application &app() { return *m_app; }
    QString dataDir() const { return m_dir.path(); }

    // Creates (or updates) an operator directly in the store.
    bool addOperator(const QString &username, OperatorRole role, const QString &password);

private:
    QTemporaryDir m_dir;
    ServeOptions m_options;
    std::unique_ptr<Application> m_app;
    QString m_error;
    bool m_skipped = false;
};

// Starts a TestServer inside a test function: fails with the reason, or skips
// when the PostgreSQL variant is told to skip.
#define START_TEST_SERVER(server)                                                                                     \
    do {                                                                                                              \
        if (!(server).start()) {                                                                                      \
            if ((server).skipped())                                                                                   \
                QSKIP(qPrintable((server).errorString()));                                                            \
            QFAIL(qPrintable((server).errorString()));                                                                \
        }                                                                                                             \
    } while (false)

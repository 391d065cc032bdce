#pragma once
#include "app/application.h"

#include <QTemporaryDir>
#include <memory>

// A whole supportd (Application) in the test process: SQLite in a fresh
// temporary folder, a free port on 127.0.0.1, no message rate limit unless
// the options set one. Lives on the test's thread: wait for answers by running
// the event loop (QTRY_*, QSignalSpy, waitUntil).
class TestServer
{
public:
    static ServeOptions defaultOptions();

    explicit TestServer(ServeOptions options = defaultOptions());
    ~TestServer();

    bool start();
    QString errorString() const { return m_error; }
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
};

#pragma once

#include <QtGlobal>
#include <condition_variable>
#include <mutex>

class Database;
class QThread;

// Checkpoints SQLite's write-ahead log from a thread of its own. SQLite's
// automatic checkpoint runs inside whichever COMMIT pushes the log past 1,000
// pages, under the write lock, so one turn in ~70 paid for copying the log
// into the database file while every other writer waited. With this running,
// connections turn the automatic checkpoint off (Database::configureSqlite)
// and a PASSIVE checkpoint every interval copies what it can without
// blocking readers or writers.
class WalCheckpointer
{
    Q_DISABLE_COPY_MOVE(WalCheckpointer)

public:
    explicit WalCheckpointer(Database &database, int intervalMs = 250);
    ~WalCheckpointer(); // stops

    void start();
    void stop(); // waits for a checkpoint under way; idempotent

private:
    void loop();

    Database &m_database;
    const int m_intervalMs;
    QThread *m_thread = nullptr;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
};

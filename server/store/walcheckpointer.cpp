#include "walcheckpointer.h"
#include "database.h"

#include <QSqlQuery>
#include <QThread>
#include <chrono>

WalCheckpointer::WalCheckpointer(Database &database, int intervalMs) : m_database(database), m_intervalMs(intervalMs) {}

WalCheckpointer::~WalCheckpointer()
{
    stop();
}

void WalCheckpointer::start()
{
    if (m_thread)
        return;
    m_thread = QThread::create([this] { loop(); });
    m_thread->setObjectName(QStringLiteral("wal-checkpoint"));
    m_thread->start(QThread::LowPriority);
}

void WalCheckpointer::stop()
{
    if (!m_thread)
        return;
    {
        std::lock_guard<std::mutex> guard(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
}

void WalCheckpointer::loop()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    while (!m_wake.wait_for(lock, std::chrono::milliseconds(m_intervalMs), [this] { return m_stopping; })) {
        lock.unlock();
        QSqlQuery &checkpoint = m_database.statement(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)"));
        if (!m_database.exec(checkpoint))
            reportSqlError(checkpoint, "checkpoint");
        checkpoint.finish();
        lock.lock();
    }
}

#pragma once
#include "model/tracespan.h"

#include <QStringList>

#include <optional>

class Database;

// Traces of turns and their spans. insert() joins the caller's transaction.
class TraceStore
{
public:
    explicit TraceStore(Database &database) : m_db(database) {}

    // A trace with its span attributes already serialised: prepare() it
    // before taking the write lock, so the lock is held for SQL only.
    struct Prepared
    {
        const Trace *trace = nullptr;
        QStringList attributes; // per span, compact JSON
    };
    static Prepared prepare(const Trace &trace);

    bool insert(const Prepared &prepared);
    bool insert(const Trace &trace) { return insert(prepare(trace)); }
    std::optional<Trace> find(const QString &traceId);

private:
    Database &m_db;
};

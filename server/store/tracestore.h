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

    // Which turns list() returns, newest first; empty strings match anything.
    struct Query
    {
        QString outcome;  // responded, handoff, failed, degraded
        QString threadId;
        QString route;
        std::optional<Trace> before; // older than this one (its started_at and id)
        int limit = 50;
    };
    // The traces' own columns without spans; nullopt when the database failed.
    std::optional<QList<Trace>> list(const Query &query);

private:
    Database &m_db;
};

#pragma once
#include "model/tracespan.h"

#include <optional>

class Database;

// Traces of turns and their spans. insert() joins the caller's transaction.
class TraceStore
{
public:
    explicit TraceStore(Database &database) : m_db(database) {}
    bool insert(const Trace &trace);
    std::optional<Trace> find(const QString &traceId);

private:
    Database &m_db;
};

#pragma once
#include <QJsonObject>
#include <QList>
#include <QString>

class Database;

// Turn metrics summed from the traces table, so every replica of supportd
// reports the same figures for the same database. Only the agent's own turns
// count (messages that arrive while a person holds the thread are not turns).
class MetricsStore
{
public:
    struct Totals
    {
        qint64 turns = 0;
        qint64 handoffs = 0;
        qint64 failed = 0;
        qint64 degraded = 0; // answered in degrade mode (the turn's budget ran out)
        qint64 toolCalls = 0;
        qint64 toolErrors = 0;
        qint64 modelCalls = 0;
        qint64 inputTokens = 0;
        qint64 outputTokens = 0;
        qint64 costMicroUsd = 0;

        Totals &operator+=(const Totals &other);
        QJsonObject toJson() const; // with handoff_rate, tool_error_rate and cost_usd derived
    };
    struct Day
    {
        qint64 dayStartMs = 0; // midnight UTC
        Totals totals;
    };
    struct Hour
    {
        qint64 hourStartMs = 0; // the hour's start, UTC
        Totals totals;
        qint64 p50Ms = 0;       // nearest-rank turn duration percentiles within the hour
        qint64 p95Ms = 0;
    };
    struct Latency
    {
        QString route;   // empty: all routes
        qint64 turns = 0;
        qint64 p50Ms = 0;
        qint64 p95Ms = 0;
        qint64 maxMs = 0;
        QJsonObject toJson() const;
    };

    explicit MetricsStore(Database &database) : m_db(database) {}

    // Per UTC day in [fromMs, toMs), oldest first; days without turns are absent.
    // false when the database could not be read.
    bool daily(qint64 fromMs, qint64 toMs, QList<Day> *days);
    // Per UTC hour in [fromMs, toMs), oldest first, with that hour's latency
    // percentiles; hours without turns are absent. false when the database could not be read.
    bool hourly(qint64 fromMs, qint64 toMs, QList<Hour> *hours);
    // Nearest-rank percentiles of turn duration, per route, and over all routes (last).
    bool latency(qint64 fromMs, qint64 toMs, QList<Latency> *latencies);

    static qint64 percentile(const QList<qint64> &sorted, double fraction);

private:
    Database &m_db;
};

#pragma once
#include <QDate>
#include <QJsonObject>
#include <QList>

// GET /admin/agent/metrics?days=N&hours=M as series a chart can draw: every
// hour of the window in order (hours without turns as zeros, since the server
// leaves them out), the same hours summed into wider buckets for long periods,
// and every day's cost. Qt Core only; the console's charts sit on it.
class MetricsSeries
{
public:
    struct Point
    {
        qint64 startMs = 0; // UTC
        int hours = 1;      // the bucket's width
        qint64 turns = 0;
        qint64 handoffs = 0;
        qint64 failed = 0;
        qint64 toolCalls = 0;
        qint64 toolErrors = 0;
        qint64 p50Ms = 0; // hourly points only, and only when turns > 0
        qint64 p95Ms = 0;
        double costUsd = 0.0;

        // In percent, 0 when there was nothing to divide by.
        double handoffRatePercent() const { return turns > 0 ? 100.0 * double(handoffs) / double(turns) : 0.0; }
        double toolErrorRatePercent() const
        {
            return toolCalls > 0 ? 100.0 * double(toolErrors) / double(toolCalls) : 0.0;
        }
    };
    struct Day
    {
        QDate date; // UTC
        qint64 turns = 0;
        double costUsd = 0.0;
    };

    // false (and `error` set) when the JSON has no usable window.
    static bool fromJson(const QJsonObject &json, MetricsSeries *series, QString *error = nullptr);

    const QList<Point> &hourly() const { return m_hourly; }
    // The hours summed `hours` at a time, from the window's first hour (the
    // last bucket may be partial); latency is left at 0 (percentiles do not add).
    QList<Point> buckets(int hours) const;
    const QList<Day> &days() const { return m_days; }

    // The hourly window summed in one point (latency not included).
    Point total() const;
    // Turn latency over the days' window, as the server ranked it.
    qint64 p50Ms() const { return m_p50Ms; }
    qint64 p95Ms() const { return m_p95Ms; }

    qint64 maxTurns(int bucketHours = 1) const;
    qint64 maxLatencyMs() const;
    double maxCostUsd() const;

private:
    QList<Point> m_hourly;
    QList<Day> m_days;
    qint64 m_p50Ms = 0;
    qint64 m_p95Ms = 0;
};

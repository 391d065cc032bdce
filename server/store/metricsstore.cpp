#include "metricsstore.h"
#include "database.h"

#include <QSqlQuery>
#include <cmath>

namespace {
constexpr qint64 kDayMs = 86400000;
constexpr qint64 kHourMs = 3600000;

double rate(qint64 part, qint64 whole)
{
    return whole > 0 ? double(part) / double(whole) : 0.0;
}
} // namespace

MetricsStore::Totals &MetricsStore::Totals::operator+=(const Totals &other)
{
    turns += other.turns;
    handoffs += other.handoffs;
    failed += other.failed;
    degraded += other.degraded;
    toolCalls += other.toolCalls;
    toolErrors += other.toolErrors;
    modelCalls += other.modelCalls;
    inputTokens += other.inputTokens;
    outputTokens += other.outputTokens;
    costMicroUsd += other.costMicroUsd;
    return *this;
}

QJsonObject MetricsStore::Totals::toJson() const
{
    return {{QStringLiteral("turns"), turns},
            {QStringLiteral("handoffs"), handoffs},
            {QStringLiteral("handoff_rate"), rate(handoffs, turns)},
            {QStringLiteral("failed"), failed},
            {QStringLiteral("degraded"), degraded},
            {QStringLiteral("tool_calls"), toolCalls},
            {QStringLiteral("tool_errors"), toolErrors},
            {QStringLiteral("tool_error_rate"), rate(toolErrors, toolCalls)},
            {QStringLiteral("model_calls"), modelCalls},
            {QStringLiteral("input_tokens"), inputTokens},
            {QStringLiteral("output_tokens"), outputTokens},
            {QStringLiteral("cost_usd"), double(costMicroUsd) / 1e6}};
}

QJsonObject MetricsStore::Latency::toJson() const
{
    QJsonObject object{{QStringLiteral("turns"), turns},
                       {QStringLiteral("p50_ms"), p50Ms},
                       {QStringLiteral("p95_ms"), p95Ms},
                       {QStringLiteral("max_ms"), maxMs}};
    if (!route.isEmpty())
        object.insert(QStringLiteral("route"), route);
    return object;
}

qint64 MetricsStore::percentile(const QList<qint64> &sorted, double fraction)
{
    if (sorted.isEmpty())
        return 0;
    // Nearest rank: the smallest value with at least `fraction` of the values at or below it.
    const qsizetype rank = qsizetype(std::ceil(fraction * double(sorted.size())));
    return sorted.at(qBound<qsizetype>(1, rank, sorted.size()) - 1);
}

bool MetricsStore::daily(qint64 fromMs, qint64 toMs, QList<Day> *days)
{
    days->clear();
    // started_at / 86400000 is integer division on both engines (BIGINT).
    QSqlQuery &query = m_db.statement(QStringLiteral(
        "SELECT started_at / 86400000 AS day, COUNT(*),"
        " SUM(CASE WHEN outcome = 'handoff' THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN outcome = 'failed' THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN outcome = 'degraded' THEN 1 ELSE 0 END),"
        " SUM(tool_calls), SUM(tool_errors), SUM(model_calls), SUM(input_tokens), SUM(output_tokens),"
        " SUM(cost_micro_usd)"
        " FROM traces WHERE started_at >= ? AND started_at < ? AND brain <> 'none'"
        " GROUP BY started_at / 86400000 ORDER BY day"));
    query.addBindValue(fromMs);
    query.addBindValue(toMs);
    if (!m_db.exec(query)) {
        query.finish();
        return false;
    }
    while (query.next()) {
        Day day;
        day.dayStartMs = query.value(0).toLongLong() * kDayMs;
        day.totals.turns = query.value(1).toLongLong();
        day.totals.handoffs = query.value(2).toLongLong();
        day.totals.failed = query.value(3).toLongLong();
        day.totals.degraded = query.value(4).toLongLong();
        day.totals.toolCalls = query.value(5).toLongLong();
        day.totals.toolErrors = query.value(6).toLongLong();
        day.totals.modelCalls = query.value(7).toLongLong();
        day.totals.inputTokens = query.value(8).toLongLong();
        day.totals.outputTokens = query.value(9).toLongLong();
        day.totals.costMicroUsd = query.value(10).toLongLong();
        days->append(day);
    }
    query.finish();
    return true;
}

bool MetricsStore::hourly(qint64 fromMs, qint64 toMs, QList<Hour> *hours)
{
    hours->clear();
    // One row per turn, grouped by hour in order of duration: the sums and the
    // hour's percentiles come from the same pass, on both engines alike.
    QSqlQuery &query = m_db.statement(QStringLiteral(
        "SELECT started_at / 3600000 AS hour, outcome, tool_calls, tool_errors, model_calls, input_tokens,"
        " output_tokens, cost_micro_usd, duration_ms"
        " FROM traces WHERE started_at >= ? AND started_at < ? AND brain <> 'none' ORDER BY hour, duration_ms"));
    query.addBindValue(fromMs);
    query.addBindValue(toMs);
    if (!m_db.exec(query)) {
        query.finish();
        return false;
    }
    Hour current;
    QList<qint64> durations;
    const auto close = [&] {
        if (durations.isEmpty())
            return;
        current.p50Ms = percentile(durations, 0.5);
        current.p95Ms = percentile(durations, 0.95);
        hours->append(current);
        durations.clear();
    };
    while (query.next()) {
        const qint64 hourStart = query.value(0).toLongLong() * kHourMs;
        if (durations.isEmpty() || hourStart != current.hourStartMs) {
            close();
            current = Hour{};
            current.hourStartMs = hourStart;
        }
        const QString outcome = query.value(1).toString();
        Totals &totals = current.totals;
        ++totals.turns;
        totals.handoffs += outcome == QLatin1String("handoff") ? 1 : 0;
        totals.failed += outcome == QLatin1String("failed") ? 1 : 0;
        totals.degraded += outcome == QLatin1String("degraded") ? 1 : 0;
        totals.toolCalls += query.value(2).toLongLong();
        totals.toolErrors += query.value(3).toLongLong();
        totals.modelCalls += query.value(4).toLongLong();
        totals.inputTokens += query.value(5).toLongLong();
        totals.outputTokens += query.value(6).toLongLong();
        totals.costMicroUsd += query.value(7).toLongLong();
        durations.append(query.value(8).toLongLong());
    }
    close();
    query.finish();
    return true;
}

bool MetricsStore::latency(qint64 fromMs, qint64 toMs, QList<Latency> *latencies)
{
    latencies->clear();
    QSqlQuery &query = m_db.statement(QStringLiteral(
        "SELECT route, duration_ms FROM traces"
        " WHERE started_at >= ? AND started_at < ? AND brain <> 'none' ORDER BY route, duration_ms"));
    query.addBindValue(fromMs);
    query.addBindValue(toMs);
    if (!m_db.exec(query)) {
        query.finish();
        return false;
    }
    QList<qint64> all;
    QList<qint64> current;
    QString currentRoute;
    const auto close = [&] {
        if (current.isEmpty())
            return;
        latencies->append({currentRoute, current.size(), percentile(current, 0.5), percentile(current, 0.95),
                           current.last()});
        all.append(current);
        current.clear();
    };
    while (query.next()) {
        const QString route = query.value(0).toString();
        if (route != currentRoute) {
            close();
            currentRoute = route;
        }
        current.append(query.value(1).toLongLong());
    }
    close();
    query.finish();
    std::sort(all.begin(), all.end());
    latencies->append({QString(), all.size(), percentile(all, 0.5), percentile(all, 0.95), all.isEmpty() ? 0 : all.last()});
    return true;
}

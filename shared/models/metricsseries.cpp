#include "metricsseries.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <algorithm>

namespace {

constexpr qint64 kHourMs = 3600000;

QString key(const char *name)
{
    return QString::fromLatin1(name);
}

qint64 msFromIso(const QJsonValue &value)
{
    const QDateTime at = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    return at.isValid() ? at.toMSecsSinceEpoch() : -1;
}

// Adds `from`'s sums into `into` (latency is per hour and does not add).
void addCounts(MetricsSeries::Point *into, const MetricsSeries::Point &from)
{
    into->turns += from.turns;
    into->handoffs += from.handoffs;
    into->failed += from.failed;
    into->toolCalls += from.toolCalls;
    into->toolErrors += from.toolErrors;
    into->costUsd += from.costUsd;
}

} // namespace

bool MetricsSeries::fromJson(const QJsonObject &json, MetricsSeries *series, QString *error)
{
    const auto fail = [error](const char *why) {
        if (error)
            *error = QCoreApplication::translate("MetricsSeries", why);
        return false;
    };
    *series = MetricsSeries();
    const QJsonObject window = json.value(key("window")).toObject();
    const int hours = window.value(key("hours")).toInt();
    const qint64 hoursFrom = msFromIso(window.value(key("hours_from")));
    if (hours <= 0 || hoursFrom < 0 || hoursFrom % kHourMs != 0)
        return fail(QT_TRANSLATE_NOOP("MetricsSeries", "The server sent no hourly metrics."));
    const int days = window.value(key("days")).toInt();
    const QDate daysFrom = QDateTime::fromString(window.value(key("from")).toString(), Qt::ISODate).date();
    if (days <= 0 || !daysFrom.isValid())
        return fail(QT_TRANSLATE_NOOP("MetricsSeries", "The server sent no daily metrics."));

    series->m_hourly.resize(hours);
    for (int i = 0; i < hours; ++i)
        series->m_hourly[i].startMs = hoursFrom + i * kHourMs;
    for (const QJsonValue &value : json.value(key("hourly")).toArray()) {
        const QJsonObject hour = value.toObject();
        const qint64 at = msFromIso(hour.value(key("hour")));
        const qint64 slot = at < hoursFrom ? -1 : (at - hoursFrom) / kHourMs;
        if (at < 0 || slot < 0 || slot >= hours)
            continue; // outside the window: nothing to draw it on
        Point &point = series->m_hourly[int(slot)];
        point.turns = hour.value(key("turns")).toInteger();
        point.handoffs = hour.value(key("handoffs")).toInteger();
        point.failed = hour.value(key("failed")).toInteger();
        point.toolCalls = hour.value(key("tool_calls")).toInteger();
        point.toolErrors = hour.value(key("tool_errors")).toInteger();
        point.p50Ms = hour.value(key("p50_ms")).toInteger();
        point.p95Ms = hour.value(key("p95_ms")).toInteger();
        point.costUsd = hour.value(key("cost_usd")).toDouble();
    }

    series->m_days.resize(days);
    for (int i = 0; i < days; ++i)
        series->m_days[i].date = daysFrom.addDays(i);
    for (const QJsonValue &value : json.value(key("days")).toArray()) {
        const QJsonObject day = value.toObject();
        const qint64 slot = daysFrom.daysTo(QDate::fromString(day.value(key("date")).toString(), Qt::ISODate));
        if (slot < 0 || slot >= days)
            continue;
        series->m_days[int(slot)].turns = day.value(key("turns")).toInteger();
        series->m_days[int(slot)].costUsd = day.value(key("cost_usd")).toDouble();
    }

    const QJsonObject latency = json.value(key("totals")).toObject().value(key("latency")).toObject();
    series->m_p50Ms = latency.value(key("p50_ms")).toInteger();
    series->m_p95Ms = latency.value(key("p95_ms")).toInteger();
    return true;
}

QList<MetricsSeries::Point> MetricsSeries::buckets(int hours) const
{
    hours = qMax(1, hours);
    if (hours == 1)
        return m_hourly;
    QList<Point> result;
    result.reserve((m_hourly.size() + hours - 1) / hours);
    for (int i = 0; i < m_hourly.size(); ++i) {
        if (i % hours == 0) {
            Point bucket;
            bucket.startMs = m_hourly.at(i).startMs;
            bucket.hours = hours;
            result.append(bucket);
        }
        addCounts(&result.last(), m_hourly.at(i));
    }
    return result;
}

MetricsSeries::Point MetricsSeries::total() const
{
    Point sum;
    sum.startMs = m_hourly.isEmpty() ? 0 : m_hourly.first().startMs;
    sum.hours = int(m_hourly.size());
    for (const Point &point : m_hourly)
        addCounts(&sum, point);
    return sum;
}

qint64 MetricsSeries::maxTurns(int bucketHours) const
{
    qint64 most = 0;
    for (const Point &point : buckets(bucketHours))
        most = qMax(most, point.turns);
    return most;
}

qint64 MetricsSeries::maxLatencyMs() const
{
    qint64 most = 0;
    for (const Point &point : m_hourly)
        most = qMax(most, point.p95Ms);
    return most;
}

double MetricsSeries::maxCostUsd() const
{
    double most = 0.0;
    for (const Day &day : m_days)
        most = std::max(most, day.costUsd);
    return most;
}

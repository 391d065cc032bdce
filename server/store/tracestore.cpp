#include "tracestore.h"
#include "database.h"

#include <QJsonDocument>
#include <QSqlQuery>

TraceStore::Prepared TraceStore::prepare(const Trace &trace)
{
    Prepared prepared;
    prepared.trace = &trace;
    prepared.attributes.reserve(trace.spans.size());
    for (const TraceSpan &span : trace.spans)
        prepared.attributes.append(QString::fromUtf8(QJsonDocument(span.attributes).toJson(QJsonDocument::Compact)));
    return prepared;
}

bool TraceStore::insert(const Prepared &prepared)
{
    const Trace &trace = *prepared.trace;
    QSqlQuery &query = m_db.statement(QStringLiteral(
        "INSERT INTO traces (id, thread_id, route, outcome, brain, started_at, duration_ms,"
        " tool_calls, tool_errors, model_calls, input_tokens, output_tokens, cost_micro_usd)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    query.addBindValue(trace.id);
    query.addBindValue(trace.threadId);
    query.addBindValue(trace.route);
    query.addBindValue(trace.outcome);
    query.addBindValue(trace.brain);
    query.addBindValue(trace.startedAt);
    query.addBindValue(trace.durationMs);
    query.addBindValue(trace.usage.toolCalls);
    query.addBindValue(trace.usage.toolErrors);
    query.addBindValue(trace.usage.modelCalls);
    query.addBindValue(trace.usage.inputTokens);
    query.addBindValue(trace.usage.outputTokens);
    query.addBindValue(qint64(qRound64(trace.usage.costUsd * 1e6)));
    bool ok = m_db.exec(query) || reportSqlError(query, "insert trace");
    query.finish();
    if (!ok || trace.spans.isEmpty())
        return ok;
    // All spans in one statement (a turn has 6-10): far cheaper than one each.
    QString sql = QStringLiteral("INSERT INTO spans (trace_id, seq, name, start_ms, duration_ms, attributes) VALUES ");
    for (qsizetype i = 0; i < trace.spans.size(); ++i)
        sql += i == 0 ? QStringLiteral("(?, ?, ?, ?, ?, ?)") : QStringLiteral(", (?, ?, ?, ?, ?, ?)");
    QSqlQuery &spans = m_db.statement(sql);
    for (qsizetype i = 0; i < trace.spans.size(); ++i) {
        const TraceSpan &s = trace.spans.at(i);
        spans.addBindValue(trace.id);
        spans.addBindValue(int(i));
        spans.addBindValue(s.name);
        spans.addBindValue(s.startMs);
        spans.addBindValue(s.durationMs);
        spans.addBindValue(prepared.attributes.at(i));
    }
    ok = m_db.exec(spans) || reportSqlError(spans, "insert spans");
    spans.finish();
    return ok;
}

namespace {

// A trace's own columns, as summary() reads them.
const QString kSummaryColumns = QStringLiteral(
    "SELECT id, thread_id, route, outcome, brain, started_at, duration_ms,"
    " tool_calls, tool_errors, model_calls, input_tokens, output_tokens, cost_micro_usd FROM traces");

Trace summary(const QSqlQuery &query)
{
    Trace trace;
    trace.id = query.value(0).toString();
    trace.threadId = query.value(1).toString();
    trace.route = query.value(2).toString();
    trace.outcome = query.value(3).toString();
    trace.brain = query.value(4).toString();
    trace.startedAt = query.value(5).toLongLong();
    trace.durationMs = query.value(6).toLongLong();
    trace.usage.toolCalls = query.value(7).toInt();
    trace.usage.toolErrors = query.value(8).toInt();
    trace.usage.modelCalls = query.value(9).toInt();
    trace.usage.inputTokens = query.value(10).toLongLong();
    trace.usage.outputTokens = query.value(11).toLongLong();
    trace.usage.costUsd = query.value(12).toLongLong() / 1e6;
    return trace;
}

} // namespace

std::optional<Trace> TraceStore::find(const QString &traceId)
{
    QSqlQuery &query = m_db.statement(kSummaryColumns + QStringLiteral(" WHERE id = ?"));
    query.addBindValue(traceId);
    std::optional<Trace> trace;
    if (m_db.exec(query) && query.next())
        trace = summary(query);
    query.finish();
    if (!trace)
        return trace;
    QSqlQuery &spans = m_db.statement(QStringLiteral(
        "SELECT name, start_ms, duration_ms, attributes FROM spans WHERE trace_id = ? ORDER BY seq"));
    spans.addBindValue(traceId);
    if (m_db.exec(spans)) {
        while (spans.next()) {
            TraceSpan span;
            span.name = spans.value(0).toString();
            span.startMs = spans.value(1).toLongLong();
            span.durationMs = spans.value(2).toLongLong();
            span.attributes = QJsonDocument::fromJson(spans.value(3).toString().toUtf8()).object();
            trace->spans.append(span);
        }
    }
    spans.finish();
    return trace;
}

std::optional<QList<Trace>> TraceStore::list(const Query &filter)
{
    QStringList conditions;
    QVariantList values;
    const auto where = [&](const QString &column, const QString &value) {
        if (value.isEmpty())
            return;
        conditions.append(column + QStringLiteral(" = ?"));
        values.append(value);
    };
    where(QStringLiteral("outcome"), filter.outcome);
    where(QStringLiteral("thread_id"), filter.threadId);
    where(QStringLiteral("route"), filter.route);
    if (filter.before) {
        // Keyset paging: strictly older than the cursor, ties broken by id,
        // so a page never repeats or skips a turn that started in the same ms.
        conditions.append(QStringLiteral("(started_at < ? OR (started_at = ? AND id < ?))"));
        values << filter.before->startedAt << filter.before->startedAt << filter.before->id;
    }
    values.append(filter.limit);
    QString sql = kSummaryColumns;
    if (!conditions.isEmpty())
        sql += QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
    sql += QStringLiteral(" ORDER BY started_at DESC, id DESC LIMIT ?");
    QSqlQuery &query = m_db.statement(sql);
    for (const QVariant &value : std::as_const(values))
        query.addBindValue(value);
    std::optional<QList<Trace>> traces;
    if (m_db.exec(query)) {
        traces.emplace();
        while (query.next())
            traces->append(summary(query));
    } else {
        reportSqlError(query, "list traces");
    }
    query.finish();
    return traces;
}

#include "tracespan.h"
#include "jsonutil.h"

QJsonObject TraceSpan::toJson() const
{
    return {{QStringLiteral("name"), name},
            {QStringLiteral("start_ms"), startMs},
            {QStringLiteral("duration_ms"), durationMs},
            {QStringLiteral("attributes"), attributes}};
}

std::optional<TraceSpan> TraceSpan::fromJson(const QJsonObject &object, QString *error)
{
    json::Reader reader(object);
    TraceSpan span;
    span.name = reader.string(QStringLiteral("name"), true);
    span.startMs = reader.integer(QStringLiteral("start_ms"));
    span.durationMs = reader.integer(QStringLiteral("duration_ms"));
    span.attributes = reader.object(QStringLiteral("attributes"));
    if (!reader.ok()) {
        if (error)
            *error = reader.error();
        return std::nullopt;
    }
    return span;
}

QJsonObject TraceUsage::toJson() const
{
    return {{QStringLiteral("tool_calls"), toolCalls},
            {QStringLiteral("tool_errors"), toolErrors},
            {QStringLiteral("model_calls"), modelCalls},
            {QStringLiteral("input_tokens"), inputTokens},
            {QStringLiteral("output_tokens"), outputTokens},
            {QStringLiteral("cost_usd"), costUsd}};
}

TraceUsage TraceUsage::fromJson(const QJsonObject &object)
{
    TraceUsage usage;
    usage.toolCalls = object.value(QStringLiteral("tool_calls")).toInt();
    usage.toolErrors = object.value(QStringLiteral("tool_errors")).toInt();
    usage.modelCalls = object.value(QStringLiteral("model_calls")).toInt();
    usage.inputTokens = object.value(QStringLiteral("input_tokens")).toInteger();
    usage.outputTokens = object.value(QStringLiteral("output_tokens")).toInteger();
    usage.costUsd = object.value(QStringLiteral("cost_usd")).toDouble();
    return usage;
}

QJsonObject Trace::toJson() const
{
    QJsonArray spanArray;
    for (const TraceSpan &span : spans)
        spanArray.append(span.toJson());
    return {{QStringLiteral("trace_id"), id},
            {QStringLiteral("thread_id"), threadId},
            {QStringLiteral("route"), route},
            {QStringLiteral("outcome"), outcome},
            {QStringLiteral("brain"), brain},
            {QStringLiteral("started_at"), json::formatTime(startedAt)},
            {QStringLiteral("duration_ms"), durationMs},
            {QStringLiteral("usage"), usage.toJson()},
            {QStringLiteral("spans"), spanArray}};
}

std::optional<Trace> Trace::fromJson(const QJsonObject &object, QString *error)
{
    json::Reader reader(object);
    Trace trace;
    trace.id = reader.string(QStringLiteral("trace_id"), true);
    trace.threadId = reader.string(QStringLiteral("thread_id"));
    trace.route = reader.string(QStringLiteral("route"));
    trace.outcome = reader.string(QStringLiteral("outcome"));
    trace.brain = reader.string(QStringLiteral("brain"));
    trace.startedAt = json::parseTime(reader.string(QStringLiteral("started_at")));
    trace.durationMs = reader.integer(QStringLiteral("duration_ms"));
    trace.usage = TraceUsage::fromJson(object.value(QStringLiteral("usage")).toObject());
    for (const QJsonValue &value : reader.array(QStringLiteral("spans"))) {
        QString spanError;
        auto span = TraceSpan::fromJson(value.toObject(), &spanError);
        if (!span) {
            if (error)
                *error = spanError;
            return std::nullopt;
        }
        trace.spans.append(*span);
    }
    if (!reader.ok()) {
        if (error)
            *error = reader.error();
        return std::nullopt;
    }
    return trace;
}

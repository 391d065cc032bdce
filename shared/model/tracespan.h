#pragma once
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

// One timed step of a turn: a state of the orchestrator, a brain decision or
// a tool call. startMs is relative to the start of the turn.
struct TraceSpan
{
    QString name;
    qint64 startMs = 0;
    qint64 durationMs = 0;
    QJsonObject attributes;

    QJsonObject toJson() const;
    static std::optional<TraceSpan> fromJson(const QJsonObject &object, QString *error = nullptr);
};

// What a turn used, kept as columns of its trace so metrics are sums over
// rows rather than walks through span attributes.
struct TraceUsage
{
    int toolCalls = 0;
    int toolErrors = 0;    // calls that did not succeed (validation, timeout, upstream, open circuit)
    int modelCalls = 0;    // LLM requests, fallbacks included
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    double costUsd = 0;

    QJsonObject toJson() const;
    static TraceUsage fromJson(const QJsonObject &object);
};

// Everything recorded about one turn.
struct Trace
{
    QString id;
    QString threadId;
    QString route;    // search_kb, get_order, create_ticket, handoff_human, clarify, refuse
    QString outcome;  // responded, handoff, failed
    QString brain;
    qint64 startedAt = 0; // ms since epoch
    qint64 durationMs = 0;
    QList<TraceSpan> spans;
    TraceUsage usage;

    QJsonObject toJson() const;
    static std::optional<Trace> fromJson(const QJsonObject &object, QString *error = nullptr);
};

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

    QJsonObject toJson() const;
    static std::optional<Trace> fromJson(const QJsonObject &object, QString *error = nullptr);
};

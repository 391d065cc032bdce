#pragma once
#include "model/tracespan.h"

#include <QAbstractItemModel>
#include <QList>

// One turn's spans as a tree: the orchestrator's states (PLAN, TOOL_LOOP,
// DRAFT, GUARDRAIL, RESPOND and the end state) at the top, each with the
// tool calls and model requests made while it ran below it. Spans carry no
// parent ids: a state span is recorded when the state begins and the calls it
// makes are recorded after it, so a call's parent is the last state span
// before it in the trace's order.
class SpanTreeModel : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SpanTreeModel)

public:
    enum Column { NameColumn, KindColumn, StartColumn, DurationColumn, StatusColumn, TimelineColumn, ColumnCount };
    enum Role {
        SpanIndexRole = Qt::UserRole + 1, // its place in Trace::spans
        KindRole,          // "state", "tool", "model"
        StartMsRole,       // from the start of the turn
        DurationMsRole,
        DurationUsRole,    // latency_us where recorded, else DurationMsRole x 1000
        TurnDurationMsRole, // the scale of the timeline: the turn, or its last span's end
        StatusRole,        // "ok", "warning" (late, degraded, guardrail not passed), "error"
        ErrorRole,         // the error text, if any
        AttributesRole,    // QJsonObject: everything recorded on the span
    };

    explicit SpanTreeModel(QObject *parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setTrace(const Trace &trace);
    void clear();
    const Trace &trace() const { return m_trace; }
    qint64 turnDurationMs() const { return m_turnMs; }
    // The index (column 0) of the span at position spanIndex of the trace.
    QModelIndex indexOfSpan(int spanIndex) const;
    // The first span whose name is name (e.g. "tool:search_kb"), or invalid.
    QModelIndex findSpan(const QString &name) const;
    void retranslate();

    static QString kindOf(const TraceSpan &span);
    static QString statusOf(const TraceSpan &span);

private:
    struct Node
    {
        int parent = -1;      // node (= span) index, -1 at the top
        int row = 0;          // among its siblings
        QList<int> children;
    };

    QString displayName(const TraceSpan &span) const;

    Trace m_trace;
    QList<Node> m_nodes;      // one per span, in the trace's order
    QList<int> m_roots;
    qint64 m_turnMs = 0;
};

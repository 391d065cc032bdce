#pragma once
#include "model/tracespan.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

// The trace browser's turns, one row per Trace summary (spans not needed),
// in the server's order (newest first). Pages append; a new filter resets.
class TraceListModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TraceListModel)

public:
    enum Column {
        StartedColumn,
        OutcomeColumn,
        RouteColumn,
        LatencyColumn,
        ToolCallsColumn,
        ModelCallsColumn,
        CostColumn,
        ThreadColumn,
        ColumnCount
    };
    enum Role {
        TraceIdRole = Qt::UserRole + 1,
        ThreadIdRole,
        OutcomeRole,    // responded, degraded, handoff, failed
        RouteRole,
        StartedAtRole,  // ms since the epoch
        DurationMsRole,
        ToolErrorsRole,
    };

    explicit TraceListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setTraces(const QList<Trace> &traces);
    // The next page; rows already listed (by id) are not added twice.
    void appendTraces(const QList<Trace> &traces);
    void clear();

    int rowOf(const QString &traceId) const { return m_rowById.value(traceId, -1); }
    const Trace &traceAt(int row) const { return m_rows.at(row); }
    // Headers and outcome names again, after the language changed.
    void retranslate();

    static QString outcomeText(const QString &outcome);
    static QString formatCost(double usd);

private:
    // Those of traces not listed yet, each once.
    QList<Trace> unlisted(const QList<Trace> &traces) const;

    QList<Trace> m_rows;
    QHash<QString, int> m_rowById;
};

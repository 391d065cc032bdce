#include "tracelistmodel.h"

#include <QDateTime>
#include <QLocale>
#include <QSet>

TraceListModel::TraceListModel(QObject *parent) : QAbstractTableModel(parent)
{
}

int TraceListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TraceListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString TraceListModel::outcomeText(const QString &outcome)
{
    if (outcome == QLatin1String("responded"))
        return tr("Answered");
    if (outcome == QLatin1String("degraded"))
        return tr("Degraded");
    if (outcome == QLatin1String("handoff"))
        return tr("Handed off");
    if (outcome == QLatin1String("failed"))
        return tr("Failed");
    return outcome;
}

QString TraceListModel::formatCost(double usd)
{
    // Model calls cost fractions of a cent: show enough digits to tell them apart.
    return usd == 0 ? QStringLiteral("\u2013") : QStringLiteral("$") + QLocale().toString(usd, 'f', 5);
}

QVariant TraceListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Trace &trace = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case StartedColumn:
            return QLocale().toString(QDateTime::fromMSecsSinceEpoch(trace.startedAt), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        case OutcomeColumn: return outcomeText(trace.outcome);
        case RouteColumn: return trace.route;
        case LatencyColumn: return tr("%1 ms").arg(trace.durationMs);
        case ToolCallsColumn:
            return trace.usage.toolErrors > 0
                ? tr("%1 (%2 failed)").arg(trace.usage.toolCalls).arg(trace.usage.toolErrors)
                : QString::number(trace.usage.toolCalls);
        case ModelCallsColumn: return trace.usage.modelCalls;
        case CostColumn: return formatCost(trace.usage.costUsd);
        case ThreadColumn: return trace.threadId.left(8);
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == ThreadColumn)
            return trace.threadId;
        return tr("Turn %1").arg(trace.id);
    case Qt::TextAlignmentRole:
        if (index.column() == LatencyColumn || index.column() == ToolCallsColumn
            || index.column() == ModelCallsColumn || index.column() == CostColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case TraceIdRole: return trace.id;
    case ThreadIdRole: return trace.threadId;
    case OutcomeRole: return trace.outcome;
    case RouteRole: return trace.route;
    case StartedAtRole: return trace.startedAt;
    case DurationMsRole: return trace.durationMs;
    case ToolErrorsRole: return trace.usage.toolErrors;
    }
    return {};
}

QVariant TraceListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case StartedColumn: return tr("Started");
    case OutcomeColumn: return tr("Outcome");
    case RouteColumn: return tr("Route");
    case LatencyColumn: return tr("Latency");
    case ToolCallsColumn: return tr("Tool calls");
    case ModelCallsColumn: return tr("Model calls");
    case CostColumn: return tr("Cost");
    case ThreadColumn: return tr("Thread");
    }
    return {};
}

QHash<int, QByteArray> TraceListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(TraceIdRole, "traceId");
    names.insert(ThreadIdRole, "threadId");
    names.insert(OutcomeRole, "outcome");
    names.insert(RouteRole, "route");
    names.insert(StartedAtRole, "startedAt");
    names.insert(DurationMsRole, "durationMs");
    names.insert(ToolErrorsRole, "toolErrors");
    return names;
}

QList<Trace> TraceListModel::unlisted(const QList<Trace> &traces) const
{
    QList<Trace> fresh;
    QSet<QString> seen;
    for (const Trace &trace : traces) {
        if (!m_rowById.contains(trace.id) && !seen.contains(trace.id)) {
            seen.insert(trace.id);
            fresh.append(trace);
        }
    }
    return fresh;
}

void TraceListModel::setTraces(const QList<Trace> &traces)
{
    beginResetModel();
    m_rows.clear();
    m_rowById.clear();
    m_rows = unlisted(traces);
    for (int row = 0; row < m_rows.size(); ++row)
        m_rowById.insert(m_rows.at(row).id, row);
    endResetModel();
}

void TraceListModel::appendTraces(const QList<Trace> &traces)
{
    const QList<Trace> fresh = unlisted(traces);
    if (fresh.isEmpty())
        return;
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + fresh.size() - 1));
    for (const Trace &trace : fresh) {
        m_rowById.insert(trace.id, int(m_rows.size()));
        m_rows.append(trace);
    }
    endInsertRows();
}

void TraceListModel::clear()
{
    setTraces({});
}

void TraceListModel::retranslate()
{
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1), {Qt::DisplayRole});
}

#include "spantreemodel.h"

#include <QLocale>

namespace {

// internalId 0 is "no node", so node n is stored as n + 1.
quintptr idOf(int node)
{
    return quintptr(node) + 1;
}

int nodeOf(const QModelIndex &index)
{
    return index.isValid() ? int(index.internalId()) - 1 : -1;
}

bool isState(const QString &name)
{
    // The orchestrator's states are upper-case (PLAN, TOOL_LOOP, DONE ...).
    return !name.isEmpty() && name == name.toUpper() && !name.contains(QLatin1Char(':'));
}

} // namespace

SpanTreeModel::SpanTreeModel(QObject *parent) : QAbstractItemModel(parent)
{
}

QString SpanTreeModel::kindOf(const TraceSpan &span)
{
    if (span.name.startsWith(QLatin1String("tool:")))
        return QStringLiteral("tool");
    if (span.name == QLatin1String("model"))
        return QStringLiteral("model");
    return isState(span.name) ? QStringLiteral("state") : QStringLiteral("other");
}

QString SpanTreeModel::statusOf(const TraceSpan &span)
{
    const QJsonObject &a = span.attributes;
    if (a.contains(QStringLiteral("error")) || a.contains(QStringLiteral("brain_error")) || span.name == QLatin1String("FAILED"))
        return QStringLiteral("error");
    if (a.value(QStringLiteral("late")).toBool() || a.value(QStringLiteral("degraded")).toBool()
        || a.value(QStringLiteral("circuit_open")).toBool() || a.value(QStringLiteral("fallback")).toBool()
        || a.value(QStringLiteral("passed")) == QJsonValue(false))
        return QStringLiteral("warning");
    return QStringLiteral("ok");
}

void SpanTreeModel::setTrace(const Trace &trace)
{
    beginResetModel();
    m_trace = trace;
    m_nodes = QList<Node>(trace.spans.size());
    m_roots.clear();
    m_turnMs = trace.durationMs;
    int state = -1;
    for (int i = 0; i < trace.spans.size(); ++i) {
        const TraceSpan &span = trace.spans.at(i);
        m_turnMs = qMax(m_turnMs, span.startMs + qMax<qint64>(span.durationMs, 0));
        Node &node = m_nodes[i];
        if (isState(span.name) || state < 0) {
            node.row = int(m_roots.size());
            m_roots.append(i);
            if (isState(span.name))
                state = i;
        } else {
            node.parent = state;
            node.row = int(m_nodes[state].children.size());
            m_nodes[state].children.append(i);
        }
    }
    endResetModel();
}

void SpanTreeModel::clear()
{
    setTrace({});
}

QModelIndex SpanTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    const int parentNode = nodeOf(parent);
    const QList<int> &siblings = parentNode < 0 ? m_roots : m_nodes.at(parentNode).children;
    if (row >= siblings.size())
        return {};
    return createIndex(row, column, idOf(siblings.at(row)));
}

QModelIndex SpanTreeModel::parent(const QModelIndex &child) const
{
    const int node = nodeOf(child);
    if (node < 0)
        return {};
    const int parentNode = m_nodes.at(node).parent;
    if (parentNode < 0)
        return {};
    return createIndex(m_nodes.at(parentNode).row, 0, idOf(parentNode));
}

int SpanTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_roots.size());
    if (parent.column() != 0)
        return 0;
    return int(m_nodes.at(nodeOf(parent)).children.size());
}

int SpanTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QModelIndex SpanTreeModel::indexOfSpan(int spanIndex) const
{
    if (spanIndex < 0 || spanIndex >= m_nodes.size())
        return {};
    return createIndex(m_nodes.at(spanIndex).row, 0, idOf(spanIndex));
}

QModelIndex SpanTreeModel::findSpan(const QString &name) const
{
    for (int i = 0; i < m_trace.spans.size(); ++i) {
        if (m_trace.spans.at(i).name == name)
            return indexOfSpan(i);
    }
    return {};
}

QString SpanTreeModel::displayName(const TraceSpan &span) const
{
    const QJsonObject &a = span.attributes;
    if (span.name.startsWith(QLatin1String("tool:")))
        return span.name.mid(5);
    if (span.name == QLatin1String("model")) {
        const QString model = a.value(QStringLiteral("model")).toString();
        const QString step = a.value(QStringLiteral("step")).toString();
        return step.isEmpty() ? model : tr("%1 (%2)").arg(model, step);
    }
    return span.name;
}

QVariant SpanTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const int node = nodeOf(index);
    const TraceSpan &span = m_trace.spans.at(node);
    const QString kind = kindOf(span);
    const QString status = statusOf(span);
    const QJsonValue latencyUs = span.attributes.value(QStringLiteral("latency_us"));
    const qint64 durationUs = latencyUs.isDouble() ? latencyUs.toInteger() : qMax<qint64>(span.durationMs, 0) * 1000;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn: return displayName(span);
        case KindColumn:
            return kind == QLatin1String("tool") ? tr("tool")
                 : kind == QLatin1String("model") ? tr("model")
                 : kind == QLatin1String("state") ? tr("state")
                                                  : tr("other");
        case StartColumn: return tr("+%1 ms").arg(span.startMs);
        case DurationColumn:
            // Sub-millisecond calls are common: tools and models record microseconds.
            return durationUs < 10000 && latencyUs.isDouble() ? tr("%1 ms").arg(QLocale().toString(durationUs / 1000.0, 'f', 2))
                                                              : tr("%1 ms").arg(span.durationMs);
        case StatusColumn:
            return status == QLatin1String("error") ? tr("error")
                 : status == QLatin1String("warning") ? tr("warning")
                                                      : tr("ok");
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == StatusColumn || index.column() == NameColumn) {
            const QString error = span.attributes.value(QStringLiteral("error")).toString();
            return error.isEmpty() ? span.name : tr("%1: %2").arg(span.name, error);
        }
        if (index.column() == TimelineColumn)
            return tr("+%1 ms, %2 ms").arg(span.startMs).arg(span.durationMs);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == StartColumn || index.column() == DurationColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SpanIndexRole: return node;
    case KindRole: return kind;
    case StartMsRole: return span.startMs;
    case DurationMsRole: return span.durationMs;
    case DurationUsRole: return durationUs;
    case TurnDurationMsRole: return m_turnMs;
    case StatusRole: return status;
    case ErrorRole: return span.attributes.value(QStringLiteral("error")).toString();
    case AttributesRole: return QVariant(span.attributes);
    }
    return {};
}

QVariant SpanTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractItemModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn: return tr("Span");
    case KindColumn: return tr("Kind");
    case StartColumn: return tr("Start");
    case DurationColumn: return tr("Duration");
    case StatusColumn: return tr("Status");
    case TimelineColumn: return tr("Timeline");
    }
    return {};
}

QHash<int, QByteArray> SpanTreeModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractItemModel::roleNames();
    names.insert(SpanIndexRole, "spanIndex");
    names.insert(KindRole, "kind");
    names.insert(StartMsRole, "startMs");
    names.insert(DurationMsRole, "durationMs");
    names.insert(DurationUsRole, "durationUs");
    names.insert(TurnDurationMsRole, "turnDurationMs");
    names.insert(StatusRole, "status");
    names.insert(ErrorRole, "error");
    names.insert(AttributesRole, "attributes");
    return names;
}

void SpanTreeModel::retranslate()
{
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    // Every row's texts; the tree's shape stays.
    if (!m_roots.isEmpty())
        emit dataChanged(index(0, 0), index(int(m_roots.size()) - 1, ColumnCount - 1), {Qt::DisplayRole});
    for (int node = 0; node < m_nodes.size(); ++node) {
        const QModelIndex parent = indexOfSpan(node);
        if (const int count = int(m_nodes.at(node).children.size()))
            emit dataChanged(index(0, 0, parent), index(count - 1, ColumnCount - 1, parent), {Qt::DisplayRole});
    }
}

#include "threadlistmodel.h"

#include <QDateTime>
#include <QSet>
#include <algorithm>
#include <numeric>

namespace {

bool sameThread(const Thread &a, const Thread &b)
{
    return a.id == b.id && a.channel == b.channel && a.status == b.status && a.assignee == b.assignee
        && a.handoffReason == b.handoffReason && a.lastMessage == b.lastMessage && a.messageCount == b.messageCount
        && a.createdAt == b.createdAt && a.updatedAt == b.updatedAt && a.handoffAt == b.handoffAt;
}

QString preview(const QString &text)
{
    QString line = text.simplified();
    if (line.size() > 140)
        line = line.left(139) + QChar(0x2026);
    return line;
}

} // namespace

ThreadListModel::ThreadListModel(QObject *parent)
    : QAbstractTableModel(parent), m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
}

int ThreadListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ThreadListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ThreadListModel::statusText(ThreadStatus status)
{
    switch (status) {
    case ThreadStatus::Bot: return tr("Agent");
    case ThreadStatus::Handoff: return tr("Waiting");
    case ThreadStatus::Human: return tr("Taken over");
    case ThreadStatus::Closed: return tr("Closed");
    }
    return {};
}

QString ThreadListModel::formatWaiting(qint64 msecs)
{
    const qint64 seconds = qMax<qint64>(0, msecs / 1000);
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    if (seconds < 3600)
        return tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    if (seconds < 86400)
        return tr("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60, 2, 10, QLatin1Char('0'));
    return tr("%n day(s)", nullptr, int(seconds / 86400));
}

qint64 ThreadListModel::queuedSince(const Thread &thread)
{
    return thread.handoffAt > 0 ? thread.handoffAt : thread.updatedAt;
}

QVariant ThreadListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Thread &thread = m_rows.at(index.row());
    const bool waiting = thread.status == ThreadStatus::Handoff;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case StatusColumn: return statusText(thread.status);
        case ChannelColumn: return thread.channel;
        case LastMessageColumn: return preview(thread.lastMessage);
        case WaitingColumn: return waiting ? formatWaiting(m_clock() - queuedSince(thread)) : QString();
        case AssigneeColumn: return thread.assignee;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == LastMessageColumn)
            return thread.lastMessage;
        if (index.column() == StatusColumn && !thread.handoffReason.isEmpty())
            return tr("Handed off: %1").arg(thread.handoffReason);
        return {};
    case ThreadIdRole: return thread.id;
    case StatusRole: return threadStatusToString(thread.status);
    case ChannelRole: return thread.channel;
    case AssigneeRole: return thread.assignee;
    case WaitingMsecsRole: return waiting ? m_clock() - queuedSince(thread) : qint64(-1);
    case UpdatedAtRole: return thread.updatedAt;
    }
    return {};
}

QVariant ThreadListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StatusColumn: return tr("Status");
    case ChannelColumn: return tr("Channel");
    case LastMessageColumn: return tr("Last message");
    case WaitingColumn: return tr("Waiting");
    case AssigneeColumn: return tr("Assignee");
    }
    return {};
}

QHash<int, QByteArray> ThreadListModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(ThreadIdRole, "threadId");
    names.insert(StatusRole, "status");
    names.insert(ChannelRole, "channel");
    names.insert(AssigneeRole, "assignee");
    names.insert(WaitingMsecsRole, "waitingMsecs");
    names.insert(UpdatedAtRole, "updatedAt");
    return names;
}

bool ThreadListModel::lessThan(const Thread &a, const Thread &b)
{
    const bool aQueued = a.status == ThreadStatus::Handoff;
    const bool bQueued = b.status == ThreadStatus::Handoff;
    if (aQueued != bQueued)
        return aQueued;
    if (aQueued) {
        const qint64 aSince = queuedSince(a), bSince = queuedSince(b);
        if (aSince != bSince)
            return aSince < bSince; // longest waiting first
    } else if (a.updatedAt != b.updatedAt) {
        return a.updatedAt > b.updatedAt; // most recent first
    }
    return a.id < b.id;
}

int ThreadListModel::insertPosition(const Thread &thread, int skipRow) const
{
    // Binary search over the rows as if skipRow were not there.
    int low = 0, high = int(m_rows.size()) - (skipRow >= 0 ? 1 : 0);
    while (low < high) {
        const int middle = (low + high) / 2;
        const int actual = skipRow >= 0 && middle >= skipRow ? middle + 1 : middle;
        if (lessThan(m_rows.at(actual), thread))
            low = middle + 1;
        else
            high = middle;
    }
    return low;
}

void ThreadListModel::rebuildIndex() const
{
    if (!m_indexDirty)
        return;
    m_index.clear();
    m_index.reserve(m_rows.size());
    for (const Thread &thread : m_rows)
        m_index.insert(thread.id, thread);
    m_indexDirty = false;
}

void ThreadListModel::noteIndexed(const Thread &thread)
{
    if (!m_indexDirty)
        m_index.insert(thread.id, thread);
}

int ThreadListModel::rowOf(const QString &threadId) const
{
    rebuildIndex();
    const auto listed = m_index.constFind(threadId);
    if (listed == m_index.cend())
        return -1;
    const auto row = std::lower_bound(m_rows.cbegin(), m_rows.cend(), *listed, &ThreadListModel::lessThan);
    if (row != m_rows.cend() && row->id == threadId)
        return int(row - m_rows.cbegin());
    // Only while setThreads() has rows out of order (before its re-sort).
    const auto found = std::find_if(m_rows.cbegin(), m_rows.cend(),
                                    [&threadId](const Thread &thread) { return thread.id == threadId; });
    return found == m_rows.cend() ? -1 : int(found - m_rows.cbegin());
}

std::optional<Thread> ThreadListModel::thread(const QString &threadId) const
{
    rebuildIndex();
    const auto listed = m_index.constFind(threadId);
    if (listed == m_index.cend())
        return std::nullopt;
    return *listed;
}

void ThreadListModel::recountHandoffs()
{
    // Handoffs are the leading rows.
    int count = 0;
    while (count < m_rows.size() && m_rows.at(count).status == ThreadStatus::Handoff)
        ++count;
    if (count != m_handoffs) {
        m_handoffs = count;
        emit handoffCountChanged(count);
    }
}

void ThreadListModel::noteTransition(const Thread *before, const Thread &after)
{
    if (m_loaded && after.status == ThreadStatus::Handoff && (!before || before->status != ThreadStatus::Handoff))
        emit handoffArrived(after);
}

void ThreadListModel::upsert(const Thread &thread)
{
    if (thread.id.isEmpty())
        return;
    const int row = rowOf(thread.id);
    if (row < 0) {
        const int position = insertPosition(thread);
        beginInsertRows({}, position, position);
        m_rows.insert(position, thread);
        noteIndexed(thread);
        endInsertRows();
        noteTransition(nullptr, thread);
        recountHandoffs();
        return;
    }
    const Thread before = m_rows.at(row);
    if (sameThread(before, thread))
        return;
    const int position = insertPosition(thread, row); // among the other rows
    if (position == row) {
        m_rows[row] = thread;
        noteIndexed(thread);
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    } else {
        // Qt's destination counts the moving row still in place.
        const int destination = position > row ? position + 1 : position;
        beginMoveRows({}, row, row, {}, destination);
        // Out and in again: two memmoves (Thread is relocatable), where
        // QList::move would swap every row in between member by member.
        m_rows.removeAt(row);
        m_rows.insert(position, thread);
        noteIndexed(thread);
        endMoveRows();
        emit dataChanged(index(position, 0), index(position, ColumnCount - 1));
    }
    noteTransition(&before, thread);
    recountHandoffs();
}

void ThreadListModel::updateStatus(const QString &threadId, ThreadStatus status, const QString &assignee,
                                   const QString &reason, qint64 at)
{
    auto current = thread(threadId);
    if (!current)
        return;
    const qint64 when = at > 0 ? at : m_clock();
    if (status == ThreadStatus::Handoff && current->status != ThreadStatus::Handoff) {
        current->handoffAt = when;
        if (!reason.isEmpty())
            current->handoffReason = reason;
    }
    current->status = status;
    current->assignee = assignee;
    current->updatedAt = qMax(current->updatedAt, when);
    upsert(*current);
}

void ThreadListModel::noteMessage(const Message &message)
{
    auto current = thread(message.threadId);
    if (!current)
        return;
    if (message.role != MessageRole::Tool && message.role != MessageRole::System)
        current->lastMessage = message.content;
    current->messageCount += 1;
    current->updatedAt = qMax(current->updatedAt, message.createdAt > 0 ? message.createdAt : m_clock());
    upsert(*current);
}

bool ThreadListModel::remove(const QString &threadId)
{
    const int row = rowOf(threadId);
    if (row < 0)
        return false;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    if (!m_indexDirty)
        m_index.remove(threadId);
    endRemoveRows();
    recountHandoffs();
    return true;
}

void ThreadListModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_index.clear();
    m_indexDirty = false;
    m_loaded = false;
    endResetModel();
    recountHandoffs();
}

void ThreadListModel::setThreads(const QList<Thread> &threads)
{
    // The newest version of each thread (a snapshot may list one twice).
    QHash<QString, Thread> incoming;
    incoming.reserve(threads.size());
    QList<QString> order;
    for (const Thread &thread : threads) {
        if (thread.id.isEmpty())
            continue;
        auto it = incoming.find(thread.id);
        if (it == incoming.end()) {
            incoming.insert(thread.id, thread);
            order.append(thread.id);
        } else if (thread.updatedAt >= it->updatedAt) {
            *it = thread;
        }
    }

    if (m_rows.isEmpty()) {
        if (!incoming.isEmpty()) {
            beginResetModel();
            for (const QString &id : std::as_const(order))
                m_rows.append(incoming.value(id));
            std::stable_sort(m_rows.begin(), m_rows.end(), &ThreadListModel::lessThan);
            m_indexDirty = true;
            endResetModel();
        }
        if (m_loaded) {
            for (const Thread &thread : std::as_const(m_rows))
                noteTransition(nullptr, thread);
        }
        m_loaded = true;
        recountHandoffs();
        return;
    }

    // 1. Rows that are gone, removed in contiguous runs from the bottom.
    for (int row = int(m_rows.size()) - 1; row >= 0;) {
        if (incoming.contains(m_rows.at(row).id)) {
            --row;
            continue;
        }
        int first = row;
        while (first > 0 && !incoming.contains(m_rows.at(first - 1).id))
            --first;
        beginRemoveRows({}, first, row);
        m_rows.remove(first, row - first + 1);
        m_indexDirty = true;
        endRemoveRows();
        row = first - 1;
    }

    // 2. Rows that changed, in place.
    bool changed = false;
    QSet<QString> present;
    present.reserve(m_rows.size());
    for (Thread &row : m_rows) {
        present.insert(row.id);
        const Thread &next = incoming[row.id];
        if (!sameThread(row, next)) {
            const Thread before = row;
            row = next;
            changed = true;
            noteTransition(&before, next);
        }
    }
    if (changed)
        m_indexDirty = true; // the index holds the rows' former versions

    // 3. New rows, appended in one go.
    QList<Thread> added;
    for (const QString &id : std::as_const(order)) {
        if (!present.contains(id))
            added.append(incoming.value(id));
    }
    if (!added.isEmpty()) {
        const int first = int(m_rows.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        m_rows.append(added);
        m_indexDirty = true;
        endInsertRows();
        for (const Thread &thread : std::as_const(added))
            noteTransition(nullptr, thread);
    }

    // 4. Back into order.
    resort();
    if (changed && !m_rows.isEmpty())
        emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
    m_loaded = true;
    recountHandoffs();
}

void ThreadListModel::resort()
{
    if (std::is_sorted(m_rows.cbegin(), m_rows.cend(), &ThreadListModel::lessThan))
        return;
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    QList<int> permutation(m_rows.size());
    std::iota(permutation.begin(), permutation.end(), 0);
    std::stable_sort(permutation.begin(), permutation.end(),
                     [this](int a, int b) { return lessThan(m_rows.at(a), m_rows.at(b)); });
    QList<int> newRowOf(m_rows.size());
    QList<Thread> sorted;
    sorted.reserve(m_rows.size());
    for (int newRow = 0; newRow < permutation.size(); ++newRow) {
        newRowOf[permutation.at(newRow)] = newRow;
        sorted.append(std::move(m_rows[permutation.at(newRow)]));
    }
    m_rows = std::move(sorted);
    m_indexDirty = true;
    const QModelIndexList before = persistentIndexList();
    QModelIndexList after;
    after.reserve(before.size());
    for (const QModelIndex &old : before)
        after.append(index(newRowOf.at(old.row()), old.column()));
    changePersistentIndexList(before, after);
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void ThreadListModel::tick()
{
    if (m_handoffs > 0)
        emit dataChanged(index(0, WaitingColumn), index(m_handoffs - 1, WaitingColumn), {Qt::DisplayRole});
}

void ThreadListModel::retranslate()
{
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

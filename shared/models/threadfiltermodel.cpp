#include "threadfiltermodel.h"
#include "threadlistmodel.h"

ThreadFilterModel::ThreadFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
}

void ThreadFilterModel::setStatusFilter(const QString &status)
{
    if (m_status == status)
        return;
    m_status = status;
    invalidateFilter();
}

void ThreadFilterModel::setChannelFilter(const QString &channel)
{
    if (m_channel == channel)
        return;
    m_channel = channel;
    invalidateFilter();
}

bool ThreadFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_status.isEmpty() && m_channel.isEmpty())
        return true;
    // Straight from the rows, without QVariants: QSortFilterProxyModel maps
    // every row afresh after the source moves one, so with 5,000 threads this
    // runs 5,000 times per live event (support-consolebench, tst_threadlistmodel).
    if (const auto *threads = qobject_cast<const ThreadListModel *>(sourceModel())) {
        const Thread &thread = threads->threadAt(sourceRow);
        return (m_status.isEmpty() || threadStatusToString(thread.status) == m_status)
            && (m_channel.isEmpty() || thread.channel == m_channel);
    }
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_status.isEmpty() && index.data(ThreadListModel::StatusRole).toString() != m_status)
        return false;
    if (!m_channel.isEmpty() && index.data(ThreadListModel::ChannelRole).toString() != m_channel)
        return false;
    return true;
}

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
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_status.isEmpty() && index.data(ThreadListModel::StatusRole).toString() != m_status)
        return false;
    if (!m_channel.isEmpty() && index.data(ThreadListModel::ChannelRole).toString() != m_channel)
        return false;
    return true;
}

#pragma once
#include <QSortFilterProxyModel>

// ThreadListModel's rows for one status and/or one channel (empty: any),
// in the source's order (handoffs first).
class ThreadFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ThreadFilterModel)

public:
    explicit ThreadFilterModel(QObject *parent = nullptr);

    void setStatusFilter(const QString &status);
    QString statusFilter() const { return m_status; }
    void setChannelFilter(const QString &channel);
    QString channelFilter() const { return m_channel; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_status;
    QString m_channel;
};

#include "ticketlistmodel.h"

#include <QDateTime>
#include <QLocale>
#include <algorithm>

std::optional<TicketListEntry> TicketListEntry::fromJson(const QJsonObject &object, QString *error)
{
    std::optional<Ticket> ticket = Ticket::fromJson(object, error);
    if (!ticket)
        return std::nullopt;
    return TicketListEntry{std::move(*ticket), object.value(QStringLiteral("channel")).toString(),
                           object.value(QStringLiteral("delivery_status")).toString()};
}

TicketListModel::TicketListModel(QObject *parent) : QAbstractTableModel(parent) {}

int TicketListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TicketListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString TicketListModel::statusText(const QString &status)
{
    if (status == QLatin1String("open"))
        return tr("Open");
    if (status == QLatin1String("pending"))
        return tr("Pending");
    if (status == QLatin1String("solved"))
        return tr("Solved");
    if (status == QLatin1String("closed"))
        return tr("Closed");
    return status;
}

QString TicketListModel::deliveryText(const QString &deliveryStatus)
{
    if (deliveryStatus == QLatin1String("none"))
        return tr("Not forwarded");
    if (deliveryStatus == QLatin1String("pending"))
        return tr("Sending");
    if (deliveryStatus == QLatin1String("delivered"))
        return tr("Delivered");
    if (deliveryStatus == QLatin1String("failed"))
        return tr("Delivery failed");
    return deliveryStatus;
}

QString TicketListModel::priorityText(const QString &priority)
{
    if (priority == QLatin1String("low"))
        return tr("Low");
    if (priority == QLatin1String("normal"))
        return tr("Normal");
    if (priority == QLatin1String("high"))
        return tr("High");
    if (priority == QLatin1String("urgent"))
        return tr("Urgent");
    return priority;
}

QVariant TicketListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const TicketListEntry &entry = m_rows.at(index.row());
    const Ticket &ticket = entry.ticket;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case ReferenceColumn: return ticket.id;
        case SubjectColumn: return ticket.subject;
        case PriorityColumn: return priorityText(ticket.priority);
        case StatusColumn: return statusText(ticket.status);
        case DeliveryColumn: return deliveryText(entry.deliveryStatus);
        case ChannelColumn: return entry.channel;
        case ThreadColumn: return ticket.threadId.left(8);
        case CreatedColumn:
            return ticket.createdAt > 0
                ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(ticket.createdAt), QLocale::ShortFormat)
                : QString();
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == SubjectColumn)
            return ticket.body.left(2000);
        if (index.column() == ThreadColumn)
            return ticket.threadId;
        if (index.column() == DeliveryColumn && !ticket.externalId.isEmpty())
            return tr("Helpdesk id: %1").arg(ticket.externalId);
        return {};
    case TicketIdRole: return ticket.id;
    case ThreadIdRole: return ticket.threadId;
    case StatusRole: return ticket.status;
    case DeliveryRole: return entry.deliveryStatus;
    case CreatedAtRole: return ticket.createdAt;
    case SortRole:
        switch (index.column()) {
        case CreatedColumn: return ticket.createdAt;
        case ThreadColumn: return ticket.threadId;
        case PriorityColumn: {
            static const QStringList order{QStringLiteral("low"), QStringLiteral("normal"), QStringLiteral("high"),
                                           QStringLiteral("urgent")};
            return int(order.indexOf(ticket.priority));
        }
        }
        return data(index, Qt::DisplayRole);
    }
    return {};
}

QVariant TicketListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ReferenceColumn: return tr("Reference");
    case SubjectColumn: return tr("Subject");
    case PriorityColumn: return tr("Priority");
    case StatusColumn: return tr("Status");
    case DeliveryColumn: return tr("Delivery");
    case ChannelColumn: return tr("Channel");
    case ThreadColumn: return tr("Thread");
    case CreatedColumn: return tr("Created");
    }
    return {};
}

bool TicketListModel::lessThan(const TicketListEntry &a, const TicketListEntry &b)
{
    if (a.ticket.createdAt != b.ticket.createdAt)
        return a.ticket.createdAt > b.ticket.createdAt; // newest first
    return a.ticket.id < b.ticket.id;
}

void TicketListModel::setTickets(const QList<TicketListEntry> &tickets)
{
    beginResetModel();
    m_rows = tickets;
    std::stable_sort(m_rows.begin(), m_rows.end(), lessThan);
    endResetModel();
    m_loaded = true;
}

void TicketListModel::upsert(const TicketListEntry &entry)
{
    TicketListEntry updated = entry;
    const int row = rowOf(entry.ticket.id);
    if (row >= 0) {
        // A ticket's creation time never changes, so neither does its place.
        TicketListEntry &current = m_rows[row];
        if (updated.channel.isEmpty())
            updated.channel = current.channel;
        if (updated.deliveryStatus.isEmpty())
            updated.deliveryStatus = current.deliveryStatus;
        updated.ticket.createdAt = current.ticket.createdAt;
        current = std::move(updated);
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), updated, lessThan);
    const int position = int(it - m_rows.cbegin());
    beginInsertRows({}, position, position);
    m_rows.insert(position, updated);
    endInsertRows();
    if (m_loaded)
        emit ticketArrived(updated);
}

void TicketListModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
    m_loaded = false;
}

int TicketListModel::rowOf(const QString &ticketId) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).ticket.id == ticketId)
            return row;
    }
    return -1;
}

void TicketListModel::retranslate()
{
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

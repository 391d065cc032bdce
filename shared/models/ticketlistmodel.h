#pragma once
#include "model/ticket.h"

#include <QAbstractTableModel>
#include <QList>
#include <optional>

// A ticket as GET /admin/agent/tickets lists it: the shared Ticket plus the
// channel it came from and its delivery to an external helpdesk (none,
// pending, delivered, failed). A live "ticket.created" event carries the
// Ticket alone, so those two stay empty until the list is read again.
struct TicketListEntry
{
    Ticket ticket;
    QString channel;
    QString deliveryStatus;

    static std::optional<TicketListEntry> fromJson(const QJsonObject &object, QString *error = nullptr);
};

// The tickets list, newest first: reference, subject, priority, status,
// delivery, channel, thread, created. New tickets arrive live (upsert); a
// list read from the server replaces the rows. SortRole gives each column's
// raw value for a sorting proxy.
class TicketListModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TicketListModel)

public:
    enum Column {
        ReferenceColumn,
        SubjectColumn,
        PriorityColumn,
        StatusColumn,
        DeliveryColumn,
        ChannelColumn,
        ThreadColumn,
        CreatedColumn,
        ColumnCount
    };
    enum Role {
        TicketIdRole = Qt::UserRole + 1,
        ThreadIdRole,
        StatusRole,   // "open", "pending", "solved", "closed"
        DeliveryRole, // "none", "pending", "delivered", "failed", or empty when not known yet
        CreatedAtRole,
        SortRole,
    };

    explicit TicketListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setTickets(const QList<TicketListEntry> &tickets);
    // One ticket, new or changed. What the entry does not know (channel and
    // delivery of a live event) is kept from the row it replaces.
    void upsert(const TicketListEntry &entry);
    void clear();

    int rowOf(const QString &ticketId) const;
    const TicketListEntry &entryAt(int row) const { return m_rows.at(row); }

    static QString statusText(const QString &status);
    static QString deliveryText(const QString &deliveryStatus);
    static QString priorityText(const QString &priority);
    void retranslate();

signals:
    // A ticket that was not listed before arrived after the first list was loaded.
    void ticketArrived(const TicketListEntry &entry);

private:
    static bool lessThan(const TicketListEntry &a, const TicketListEntry &b);

    QList<TicketListEntry> m_rows;
    bool m_loaded = false;
};

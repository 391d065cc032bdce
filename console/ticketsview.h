#pragma once
#include <QPointer>
#include <QTimer>
#include <QWidget>
#include <functional>

class QComboBox;
class QLabel;
class QSortFilterProxyModel;
class QTableView;
class Session;
class TicketListModel;
namespace Api {
class ApiReply;
}

// The "Tickets" tab: the tickets the agent opened (newest first, sortable by
// any column, filtered by status), new ones arriving live from the event
// stream. Double-click or Enter opens the ticket's conversation in the
// Threads tab through the opener MainWindow gives it.
class TicketsView : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TicketsView)

public:
    explicit TicketsView(Session *session, QWidget *parent = nullptr);
    ~TicketsView() override;

    TicketListModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTableView *table() const { return m_table; }
    // Opens a conversation by thread id; false when it cannot be shown.
    void setThreadOpener(std::function<bool(const QString &)> opener) { m_openThread = std::move(opener); }
    // Filters by status ("open", "pending", "solved", "closed"; empty: all).
    void setStatusFilter(const QString &status);

    // Reads the list again.
    void reload();

signals:
    void statusMessage(const QString &text);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void openThreadOf(const QModelIndex &index);
    void updateCount();

    Session *m_session;
    TicketListModel *m_model;
    QSortFilterProxyModel *m_proxy;
    std::function<bool(const QString &)> m_openThread;
    QPointer<Api::ApiReply> m_load;
    QTimer m_reloadTimer; // a live ticket is listed at once; its delivery state follows with the list

    QLabel *m_statusLabel = nullptr;
    QComboBox *m_statusFilter = nullptr;
    QTableView *m_table = nullptr;
    QLabel *m_count = nullptr;
};

#include "ticketsview.h"
#include "rowtable.h"
#include "session.h"

#include "models/ticketlistmodel.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace {

constexpr int kListLimit = 500; // the server's maximum page
const QStringList kStatuses{QStringLiteral("open"), QStringLiteral("pending"), QStringLiteral("solved"),
                            QStringLiteral("closed")};

} // namespace

TicketsView::TicketsView(Session *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_model(new TicketListModel(this)), m_proxy(new QSortFilterProxyModel(this))
{
    setObjectName(QStringLiteral("ticketsView"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(TicketListModel::SortRole);
    m_proxy->setFilterRole(TicketListModel::StatusRole);
    m_proxy->setDynamicSortFilter(true);

    m_statusLabel = new QLabel(this);
    m_statusFilter = new QComboBox(this);
    m_statusFilter->setObjectName(QStringLiteral("ticketStatusFilter"));
    m_statusLabel->setBuddy(m_statusFilter);
    m_statusFilter->addItem(QString(), QString());
    for (const QString &status : kStatuses)
        m_statusFilter->addItem(QString(), status);
    m_table = rowTable(m_proxy, TicketListModel::SubjectColumn, QStringLiteral("ticketTable"), this);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(TicketListModel::CreatedColumn, Qt::DescendingOrder);
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("ticketCount"));

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_statusLabel);
    filters->addWidget(m_statusFilter);
    filters->addStretch();
    filters->addWidget(m_count);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);

    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, [this] {
        const QString status = m_statusFilter->currentData().toString();
        m_proxy->setFilterRegularExpression(status.isEmpty() ? QString()
                                                             : QLatin1Char('^') + status + QLatin1Char('$'));
        updateCount();
    });
    // activated: double-click, or Enter on the keyboard.
    connect(m_table, &QAbstractItemView::activated, this, &TicketsView::openThreadOf);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &TicketsView::updateCount);
    connect(m_model, &QAbstractItemModel::modelReset, this, &TicketsView::updateCount);
    connect(m_model, &TicketListModel::ticketArrived, this, [this](const TicketListEntry &entry) {
        emit statusMessage(tr("New ticket %1: %2").arg(entry.ticket.id, entry.ticket.subject));
    });

    m_reloadTimer.setSingleShot(true);
    m_reloadTimer.setInterval(1500);
    connect(&m_reloadTimer, &QTimer::timeout, this, &TicketsView::reload);
    connect(m_session, &Session::signedIn, this, &TicketsView::reload);
    connect(m_session, &Session::signedOut, m_model, &TicketListModel::clear);
    connect(m_session, &Session::expired, m_model, &TicketListModel::clear);
    Api::LiveConnection *live = m_session->live();
    connect(live, &Api::LiveConnection::eventReceived, this, [this](const QString &type, const QJsonObject &event) {
        if (type != QLatin1String("ticket.created"))
            return;
        if (auto entry = TicketListEntry::fromJson(event.value(QStringLiteral("data")).toObject())) {
            m_model->upsert(*entry);
            m_reloadTimer.start();
        }
    });
    // A snapshot follows a reconnection, a reset or a poll: events may have been missed.
    connect(live, &Api::LiveConnection::threadsSnapshot, this, [this] {
        if (m_session->isSignedIn())
            reload();
    });

    retranslateUi();
}

TicketsView::~TicketsView() = default;

void TicketsView::retranslateUi()
{
    m_statusLabel->setText(tr("S&tatus:"));
    m_statusFilter->setItemText(0, tr("All"));
    for (int i = 0; i < kStatuses.size(); ++i)
        m_statusFilter->setItemText(i + 1, TicketListModel::statusText(kStatuses.at(i)));
    m_table->setToolTip(tr("Double-click a ticket (or press Enter) to open its conversation."));
    m_model->retranslate();
    updateCount();
}

void TicketsView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void TicketsView::setStatusFilter(const QString &status)
{
    m_statusFilter->setCurrentIndex(qMax(0, m_statusFilter->findData(status)));
}

void TicketsView::updateCount()
{
    m_count->setText(tr("%n ticket(s)", nullptr, m_proxy->rowCount()));
}

void TicketsView::reload()
{
    m_reloadTimer.stop();
    if (m_load)
        m_load->abort();
    Api::ApiReply *reply = m_session->client()->send(
        "GET", QStringLiteral("/admin/agent/tickets?limit=%1").arg(kListLimit));
    m_load = reply;
    connect(reply, &Api::ApiReply::finished, this, [this, reply] {
        if (reply->error().kind == Api::ApiError::Kind::Aborted)
            return;
        if (reply->error().isError()) {
            emit statusMessage(tr("Could not read the tickets: %1").arg(reply->error().toString()));
            return;
        }
        QList<TicketListEntry> entries;
        for (const QJsonValue &value : reply->json().value(QStringLiteral("tickets")).toArray()) {
            QString error;
            std::optional<TicketListEntry> entry = TicketListEntry::fromJson(value.toObject(), &error);
            if (!entry) {
                emit statusMessage(tr("Unexpected answer from the server: %1").arg(error));
                return;
            }
            entries.append(std::move(*entry));
        }
        // The selection survives the new list.
        const QString selected = m_table->currentIndex().data(TicketListModel::TicketIdRole).toString();
        m_model->setTickets(entries);
        const int row = selected.isEmpty() ? -1 : m_model->rowOf(selected);
        if (row >= 0)
            m_table->setCurrentIndex(m_proxy->mapFromSource(m_model->index(row, 0)));
    });
}

void TicketsView::openThreadOf(const QModelIndex &index)
{
    const QString threadId = index.data(TicketListModel::ThreadIdRole).toString();
    if (threadId.isEmpty()) {
        emit statusMessage(tr("This ticket has no conversation."));
        return;
    }
    if (!m_openThread || !m_openThread(threadId))
        emit statusMessage(tr("The conversation of this ticket is not in the thread list."));
}

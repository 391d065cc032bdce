// TicketListModel: newest first, parsing of the list's entries (channel and
// delivery state), live tickets inserted in place and announced, a live
// event that knows less than the list keeping what the list said.
#include "models/ticketlistmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

namespace {

TicketListEntry makeEntry(const QString &id, qint64 createdAt, const QString &status = QStringLiteral("open"),
                          const QString &delivery = QStringLiteral("none"))
{
    TicketListEntry entry;
    entry.ticket.id = id;
    entry.ticket.threadId = QStringLiteral("thread-") + id;
    entry.ticket.subject = QStringLiteral("Subject ") + id;
    entry.ticket.body = QStringLiteral("Body");
    entry.ticket.status = status;
    entry.ticket.createdAt = entry.ticket.updatedAt = createdAt;
    entry.channel = QStringLiteral("web");
    entry.deliveryStatus = delivery;
    return entry;
}

QStringList idsInOrder(const QAbstractItemModel &model)
{
    QStringList ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.index(row, 0).data(TicketListModel::TicketIdRole).toString());
    return ids;
}

} // namespace

class TestTicketListModel : public QObject
{
    Q_OBJECT

private slots:
    void newestFirst_data();
    void newestFirst();
    void fromJson_data();
    void fromJson();
    void liveTicketsArriveInPlace();
    void display_data();
    void display();
    void sortsAndFiltersThroughAProxy();
};

void TestTicketListModel::newestFirst_data()
{
    QTest::addColumn<QList<TicketListEntry>>("entries");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("by creation") << QList<TicketListEntry>{makeEntry("T-A", 100), makeEntry("T-B", 300), makeEntry("T-C", 200)}
                                 << QStringList{"T-B", "T-C", "T-A"};
    QTest::newRow("ties by reference") << QList<TicketListEntry>{makeEntry("T-Z", 5), makeEntry("T-Y", 5)}
                                       << QStringList{"T-Y", "T-Z"};
    QTest::newRow("none") << QList<TicketListEntry>{} << QStringList{};
}

void TestTicketListModel::newestFirst()
{
    QFETCH(QList<TicketListEntry>, entries);
    QFETCH(QStringList, expected);
    TicketListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTickets(entries);
    QCOMPARE(idsInOrder(model), expected);
    TicketListModel single;
    QAbstractItemModelTester singleTester(&single, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (const TicketListEntry &entry : std::as_const(entries))
        single.upsert(entry);
    QCOMPARE(idsInOrder(single), expected);
}

void TestTicketListModel::fromJson_data()
{
    QTest::addColumn<QJsonObject>("json");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("channel");
    QTest::addColumn<QString>("delivery");
    const QJsonObject base{{"id", "T-ABCD2345"}, {"thread_id", "t1"}, {"subject", "Complaint"}, {"body", "b"},
                           {"priority", "high"}, {"status", "open"}, {"created_at", "2024-05-01T10:00:00.000Z"},
                           {"updated_at", "2024-05-01T10:00:00.000Z"}};
    QJsonObject listed = base;
    listed.insert("channel", "email");
    listed.insert("delivery_status", "delivered");
    QTest::newRow("as listed") << listed << true << "email" << "delivered";
    QTest::newRow("as a live event") << base << true << "" << "";
    QJsonObject noId = base;
    noId.remove("id");
    QTest::newRow("no id") << noId << false << "" << "";
    QJsonObject badType = base;
    badType.insert("subject", 3);
    QTest::newRow("wrong type") << badType << false << "" << "";
}

void TestTicketListModel::fromJson()
{
    QFETCH(QJsonObject, json);
    QFETCH(bool, ok);
    QFETCH(QString, channel);
    QFETCH(QString, delivery);
    QString error;
    const std::optional<TicketListEntry> entry = TicketListEntry::fromJson(json, &error);
    QCOMPARE(entry.has_value(), ok);
    QCOMPARE(error.isEmpty(), ok);
    if (!ok)
        return;
    QCOMPARE(entry->ticket.id, QStringLiteral("T-ABCD2345"));
    QCOMPARE(entry->ticket.createdAt, QDateTime(QDate(2024, 5, 1), QTime(10, 0), Qt::UTC).toMSecsSinceEpoch());
    QCOMPARE(entry->channel, channel);
    QCOMPARE(entry->deliveryStatus, delivery);
}

void TestTicketListModel::liveTicketsArriveInPlace()
{
    TicketListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy arrived(&model, &TicketListModel::ticketArrived);
    model.upsert(makeEntry("T-EARLY", 50)); // before the first list: not announced
    QCOMPARE(arrived.size(), 0);
    model.setTickets({makeEntry("T-1", 100, "open", "delivered"), makeEntry("T-2", 200)});
    const QPersistentModelIndex first = model.index(0, 0); // T-2

    TicketListEntry live = makeEntry("T-3", 300);
    live.channel.clear();
    live.deliveryStatus.clear();
    model.upsert(live);
    QCOMPARE(idsInOrder(model), (QStringList{"T-3", "T-2", "T-1"}));
    QCOMPARE(arrived.size(), 1);
    QCOMPARE(arrived.at(0).at(0).value<TicketListEntry>().ticket.id, QStringLiteral("T-3"));
    QCOMPARE(first.row(), 1);

    // The same ticket again, as an event that does not know its delivery: kept.
    TicketListEntry again = makeEntry("T-1", 100, "solved");
    again.deliveryStatus.clear();
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.upsert(again);
    QCOMPARE(arrived.size(), 1);
    QCOMPARE(changed.size(), 1);
    const int row = model.rowOf("T-1");
    QCOMPARE(model.entryAt(row).ticket.status, QStringLiteral("solved"));
    QCOMPARE(model.entryAt(row).deliveryStatus, QStringLiteral("delivered"));
    QCOMPARE(model.entryAt(row).channel, QStringLiteral("web"));
}

void TestTicketListModel::display_data()
{
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("delivery");
    QTest::addColumn<QString>("statusText");
    QTest::addColumn<QString>("deliveryText");
    QTest::newRow("open, not forwarded") << "open" << "none" << TicketListModel::tr("Open") << TicketListModel::tr("Not forwarded");
    QTest::newRow("pending, sending") << "pending" << "pending" << TicketListModel::tr("Pending") << TicketListModel::tr("Sending");
    QTest::newRow("solved, delivered") << "solved" << "delivered" << TicketListModel::tr("Solved") << TicketListModel::tr("Delivered");
    QTest::newRow("closed, failed") << "closed" << "failed" << TicketListModel::tr("Closed") << TicketListModel::tr("Delivery failed");
    QTest::newRow("unknown passes through") << "archived" << "" << "archived" << "";
}

void TestTicketListModel::display()
{
    QFETCH(QString, status);
    QFETCH(QString, delivery);
    QFETCH(QString, statusText);
    QFETCH(QString, deliveryText);
    TicketListModel model;
    model.setTickets({makeEntry("T-1", 100, status, delivery)});
    QCOMPARE(model.index(0, TicketListModel::StatusColumn).data().toString(), statusText);
    QCOMPARE(model.index(0, TicketListModel::DeliveryColumn).data().toString(), deliveryText);
    QCOMPARE(model.index(0, TicketListModel::StatusColumn).data(TicketListModel::StatusRole).toString(), status);
    QCOMPARE(model.index(0, TicketListModel::ThreadColumn).data(TicketListModel::ThreadIdRole).toString(), QStringLiteral("thread-T-1"));
    QCOMPARE(model.index(0, TicketListModel::SubjectColumn).data().toString(), QStringLiteral("Subject T-1"));
}

void TestTicketListModel::sortsAndFiltersThroughAProxy()
{
    TicketListModel model;
    model.setTickets({makeEntry("T-1", 100, "open"), makeEntry("T-2", 300, "solved"), makeEntry("T-3", 200, "open")});
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(TicketListModel::SortRole);
    proxy.sort(TicketListModel::CreatedColumn, Qt::AscendingOrder);
    QCOMPARE(idsInOrder(proxy), (QStringList{"T-1", "T-3", "T-2"}));
    proxy.setFilterRole(TicketListModel::StatusRole);
    proxy.setFilterRegularExpression(QStringLiteral("^open$"));
    QCOMPARE(idsInOrder(proxy), (QStringList{"T-1", "T-3"}));
    // A live ticket that matches appears in the filtered, sorted view.
    model.upsert(makeEntry("T-4", 400, "open"));
    QCOMPARE(idsInOrder(proxy), (QStringList{"T-1", "T-3", "T-4"}));
}

QTEST_MAIN(TestTicketListModel)
#include "tst_ticketlistmodel.moc"

#include "store/storetest.h"

#include "orders/localordersource.h"
#include "store/settingsstore.h"

#include <QTest>

// The local order source on each engine: demo orders seeded once, lookups
// that give back everything that was stored.
class TestLocalOrderSource : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data() { storetest::addEngineRows(); }

    void seedsDemoOrdersOnce()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        LocalOrderSource source(db);
        QString error;
        const int expected = int(LocalOrderSource::demoOrders(QDateTime::currentDateTimeUtc()).size());
        QVERIFY(expected >= 8);
        QCOMPARE(source.seedDemoOrdersOnFirstStart(&error), expected);
        QCOMPARE(storetest::scalar(db, QStringLiteral("SELECT COUNT(*) FROM orders")), qint64(expected));
        QCOMPARE(source.seedDemoOrdersOnFirstStart(&error), 0);

        // An order an operator removed stays removed on the next start.
        QVERIFY(db.write(QStringLiteral("DELETE FROM orders WHERE number = ?"), {QStringLiteral("100405")}, "test delete"));
        Database again(fresh.config);
        QVERIFY2(again.open(&error), qPrintable(error));
        QCOMPARE(LocalOrderSource(again).seedDemoOrdersOnFirstStart(&error), 0);
        QCOMPARE(storetest::scalar(again, QStringLiteral("SELECT COUNT(*) FROM orders")), qint64(expected - 1));
        QCOMPARE(LocalOrderSource(again).find(QStringLiteral("100405")).status, OrderLookup::Status::NotFound);
    }

    void demoOrdersCoverTheStatuses()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        LocalOrderSource source(db);
        QString error;
        QVERIFY(source.seedDemoOrdersOnFirstStart(&error) > 0);
        QSet<QString> statuses;
        for (const Order &demo : LocalOrderSource::demoOrders(QDateTime::currentDateTimeUtc())) {
            const OrderLookup lookup = source.find(demo.number);
            QCOMPARE(lookup.status, OrderLookup::Status::Found);
            statuses.insert(lookup.order->status);
            // Six-digit numbers, as the help centre says.
            QVERIFY2(QRegularExpression(QStringLiteral("^[0-9]{6}$")).match(demo.number).hasMatch(), qPrintable(demo.number));
            QVERIFY(lookup.order->createdAt.isValid());
            QVERIFY(lookup.order->createdAt <= QDateTime::currentDateTimeUtc());
            QVERIFY(!lookup.order->items.isEmpty());
        }
        for (const char *status : {"processing", "shipped", "delivered", "cancelled", "refunded", "on-hold"})
            QVERIFY2(statuses.contains(QLatin1String(status)), status);

        const OrderLookup shipped = source.find(QStringLiteral("100482"));
        QCOMPARE(shipped.order->billingEmail, QStringLiteral("jane.doe@example.com"));
        QCOMPARE(shipped.order->shippingMethod, QStringLiteral("Express delivery"));
        QCOMPARE(shipped.order->tracking.size(), 1);
        QCOMPARE(shipped.order->tracking.first().carrier, QStringLiteral("UPS"));
        QVERIFY(shipped.order->tracking.first().url.startsWith(QStringLiteral("https://")));
    }

    void roundTripsEveryField()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        LocalOrderSource source(db);
        Order order;
        order.number = QStringLiteral("200001");
        order.status = QStringLiteral("completed");
        order.createdAt = QDateTime(QDate(2026, 3, 1), QTime(10, 0), Qt::UTC);
        order.paidAt = QDateTime(QDate(2026, 3, 1), QTime(10, 1), Qt::UTC);
        order.completedAt = QDateTime(QDate(2026, 3, 4), QTime(16, 30), Qt::UTC);
        order.billingEmail = QStringLiteral("zoë.müller@example.ch");
        order.customerId = QStringLiteral("77");
        order.items = {{QStringLiteral("Merino Hiking Socks (2-pack) – “Alpine”"), 3}};
        order.shippingMethod = QStringLiteral("International delivery");
        order.tracking = {{QStringLiteral("DHL"), QStringLiteral("JJD1"), QStringLiteral("https://dhl.example/JJD1"),
                           QDateTime(QDate(2026, 3, 2), QTime(8, 0), Qt::UTC)},
                          {QStringLiteral("DHL"), QStringLiteral("JJD2"), QString(), QDateTime()}};
        order.billingAddress.firstName = QStringLiteral("Zoë");
        order.billingAddress.address1 = QStringLiteral("Bahnhofstrasse 1");
        order.billingAddress.country = QStringLiteral("CH");
        order.shippingAddress.city = QStringLiteral("Zürich");
        order.phone = QStringLiteral("+41 44 555 00 00");
        order.paymentMethodTitle = QStringLiteral("TWINT");
        order.transactionId = QStringLiteral("tw_123");
        order.customerNote = QStringLiteral("it's \"fragile\"; don't drop");
        order.meta = QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("k")}, {QStringLiteral("value"), 5}}};
        QVERIFY(source.save(order));

        const OrderLookup lookup = source.find(QStringLiteral(" 200001 "));
        QCOMPARE(lookup.status, OrderLookup::Status::Found);
        const Order &read = *lookup.order;
        QCOMPARE(read.status, order.status);
        QCOMPARE(read.createdAt, order.createdAt);
        QCOMPARE(read.paidAt, order.paidAt);
        QCOMPARE(read.completedAt, order.completedAt);
        QCOMPARE(read.billingEmail, order.billingEmail);
        QCOMPARE(read.customerId, order.customerId);
        QCOMPARE(read.items.size(), 1);
        QCOMPARE(read.items.first().name, order.items.first().name);
        QCOMPARE(read.items.first().quantity, 3);
        QCOMPARE(read.shippingMethod, order.shippingMethod);
        QCOMPARE(read.tracking.size(), 2);
        QCOMPARE(read.tracking.at(0).shippedAt, order.tracking.at(0).shippedAt);
        QCOMPARE(read.tracking.at(0).url, order.tracking.at(0).url);
        QVERIFY(!read.tracking.at(1).shippedAt.isValid());
        QCOMPARE(read.billingAddress.firstName, QStringLiteral("Zoë"));
        QCOMPARE(read.billingAddress.address1, order.billingAddress.address1);
        QCOMPARE(read.shippingAddress.city, QStringLiteral("Zürich"));
        QCOMPARE(read.phone, order.phone);
        QCOMPARE(read.paymentMethodTitle, order.paymentMethodTitle);
        QCOMPARE(read.transactionId, order.transactionId);
        QCOMPARE(read.customerNote, order.customerNote);
        QCOMPARE(read.meta, order.meta);

        // Saving again replaces; a never-paid order keeps NULL dates.
        order.status = QStringLiteral("refunded");
        order.paidAt = QDateTime();
        QVERIFY(source.save(order));
        const OrderLookup updated = source.find(QStringLiteral("200001"));
        QCOMPARE(updated.order->status, QStringLiteral("refunded"));
        QVERIFY(!updated.order->paidAt.isValid());
        QCOMPARE(storetest::scalar(db, QStringLiteral("SELECT COUNT(*) FROM orders")), qint64(1));
    }

    void unknownAndOddNumbersAreNotFound()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        LocalOrderSource source(db);
        QString error;
        QVERIFY(source.seedDemoOrdersOnFirstStart(&error) > 0);
        for (const QString &number : {QStringLiteral("999999"), QStringLiteral(""), QStringLiteral("%"),
                                      QStringLiteral("100482' OR '1'='1"), QStringLiteral("10048_")})
            QCOMPARE(source.find(number).status, OrderLookup::Status::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestLocalOrderSource)
#include "tst_localordersource.moc"

#include "orderfixtures.h"

#include "orders/localordersource.h"
#include "orders/orderaccess.h"

#include <QTest>

using namespace orderfixtures;
using Status = OrderAccess::Result::Status;
static const QDeadlineTimer kForever(QDeadlineTimer::Forever);

// The safe whitelist: who gets which order, what the brain sees of it, and
// the throttling of failed lookups.
class TestOrderAccess : public QObject
{
    Q_OBJECT

private:
    static OrderCaller anonymous(const QString &thread = QStringLiteral("thread-1"),
                                 const QString &address = QStringLiteral("198.51.100.7"))
    {
        return OrderCaller{thread, address, {}, {}};
    }

private slots:
    void numberAndEmailMustBothMatch_data()
    {
        QTest::addColumn<QString>("number");
        QTest::addColumn<QString>("email");
        QTest::addColumn<int>("status");
        QTest::newRow("both match") << "100777" << "Kim.Jansen@Example.org" << int(Status::Found);
        QTest::newRow("e-mail in another case, with spaces") << " 100777 " << "  kim.jansen@example.ORG " << int(Status::Found);
        QTest::newRow("leading #") << "#100777" << "kim.jansen@example.org" << int(Status::Found);
        QTest::newRow("wrong e-mail") << "100777" << "someone.else@example.org" << int(Status::NoMatch);
        QTest::newRow("e-mail with a typo") << "100777" << "kim.jansen@example.or" << int(Status::NoMatch);
        QTest::newRow("unknown number") << "100778" << "kim.jansen@example.org" << int(Status::NoMatch);
        QTest::newRow("no e-mail") << "100777" << "" << int(Status::MissingEmail);
        QTest::newRow("blank e-mail") << "100777" << "   " << int(Status::MissingEmail);
        QTest::newRow("no number") << "" << "kim.jansen@example.org" << int(Status::MissingNumber);
        QTest::newRow("only #") << "#" << "kim.jansen@example.org" << int(Status::MissingNumber);
        QTest::newRow("not a number") << "1007' OR 1=1" << "kim.jansen@example.org" << int(Status::InvalidNumber);
        QTest::newRow("wildcard") << "%" << "kim.jansen@example.org" << int(Status::InvalidNumber);
        QTest::newRow("too long") << QString(33, QLatin1Char('1')) << "kim.jansen@example.org" << int(Status::InvalidNumber);
    }

    void numberAndEmailMustBothMatch()
    {
        QFETCH(QString, number);
        QFETCH(QString, email);
        QFETCH(int, status);
        FixtureOrderSource source;
        source.add(sampleOrder());
        OrderAccess access(source);
        const OrderAccess::Result result = access.lookup(number, email, anonymous());
        QCOMPARE(int(result.status), status);
        QCOMPARE(result.order.has_value(), status == int(Status::Found));
        if (result.order)
            QCOMPARE(result.order->number, QStringLiteral("100777"));
    }

    void neverAListingByEmailAlone()
    {
        // Nothing but an e-mail (or an e-mail and a blank number) never reaches
        // the source: there is no "orders of this address" lookup.
        FixtureOrderSource source;
        source.add(sampleOrder());
        OrderAccess access(source);
        QCOMPARE(access.lookup(QString(), QStringLiteral("kim.jansen@example.org"), anonymous()).status, Status::MissingNumber);
        QCOMPARE(access.lookup(QStringLiteral("  "), QStringLiteral("kim.jansen@example.org"), anonymous()).status,
                 Status::MissingNumber);
        OrderCaller verified = anonymous();
        verified.verifiedEmail = QStringLiteral("kim.jansen@example.org");
        QCOMPARE(access.lookup(QString(), QString(), verified).status, Status::MissingNumber);
        QCOMPARE(source.calls(), 0);
    }

    void verifiedCallerGetsOnlyOwnOrders()
    {
        FixtureOrderSource source;
        source.add(sampleOrder(QStringLiteral("100777"))); // customer 4242, kim.jansen@
        Order guest = sampleOrder(QStringLiteral("100778"), QStringLiteral("guest.buyer@example.org"));
        guest.customerId.clear();
        source.add(guest);
        OrderAccess access(source);

        OrderCaller byId = anonymous();
        byId.verifiedCustomerId = QStringLiteral("4242");
        QCOMPARE(access.lookup(QStringLiteral("100777"), QString(), byId).status, Status::Found);
        // Someone else's order, even with its right e-mail typed in.
        QCOMPARE(access.lookup(QStringLiteral("100778"), QStringLiteral("guest.buyer@example.org"), byId).status,
                 Status::NoMatch);

        OrderCaller byEmail = anonymous(QStringLiteral("thread-2"));
        byEmail.verifiedEmail = QStringLiteral("GUEST.buyer@example.org ");
        QCOMPARE(access.lookup(QStringLiteral("100778"), QString(), byEmail).status, Status::Found);
        QCOMPARE(access.lookup(QStringLiteral("100777"), QStringLiteral("kim.jansen@example.org"), byEmail).status,
                 Status::NoMatch);

        // An empty customer id on the order (a guest) never matches an empty
        // or "0" verified id.
        OrderCaller zero = anonymous(QStringLiteral("thread-3"));
        zero.verifiedCustomerId = QStringLiteral("0");
        QCOMPARE(access.lookup(QStringLiteral("100778"), QString(), zero).status, Status::NoMatch);
    }

    void mismatchAndUnknownLookTheSame()
    {
        FixtureOrderSource source;
        source.add(sampleOrder());
        OrderAccess access(source);
        const auto wrongEmail = access.lookup(QStringLiteral("100777"), QStringLiteral("x@example.org"), anonymous());
        const auto unknown = access.lookup(QStringLiteral("999999"), QStringLiteral("x@example.org"), anonymous());
        QCOMPARE(wrongEmail.status, unknown.status);
        QVERIFY(!wrongEmail.order && !unknown.order);
        QCOMPARE(wrongEmail.detail, unknown.detail);
    }

    void throttlesFailuresPerThread()
    {
        FixtureOrderSource source;
        source.add(sampleOrder());
        OrderAccess access(source, {5, 1000, 10});
        const qint64 t0 = 1'800'000'000'000;
        for (int i = 0; i < 5; ++i)
            QCOMPARE(access.lookup(QStringLiteral("1000%1").arg(i), QStringLiteral("kim.jansen@example.org"),
                                   anonymous(), kForever, t0 + i).status,
                     Status::NoMatch);
        const int callsBefore = source.calls();
        // The sixth try is refused, even with the right details, without asking the source.
        const auto refused = access.lookup(QStringLiteral("100777"), QStringLiteral("kim.jansen@example.org"), anonymous(),
                                           {}, t0 + 10);
        QCOMPARE(refused.status, Status::Throttled);
        QVERIFY(refused.retryAfterMs > 0);
        QCOMPARE(source.calls(), callsBefore);
        // Another conversation from another address is not affected.
        QCOMPARE(access.lookup(QStringLiteral("100777"), QStringLiteral("kim.jansen@example.org"),
                               anonymous(QStringLiteral("thread-2"), QStringLiteral("203.0.113.9")), kForever, t0 + 10).status,
                 Status::Found);
        // Ten minutes later the thread may try again.
        QCOMPARE(access.lookup(QStringLiteral("100777"), QStringLiteral("kim.jansen@example.org"), anonymous(), {},
                               t0 + 10 * 60 * 1000).status,
                 Status::Found);
    }

    void successesAndMissingDetailsAreNotFailures()
    {
        FixtureOrderSource source;
        source.add(sampleOrder());
        OrderAccess access(source, {2, 1000, 10});
        for (int i = 0; i < 10; ++i) {
            QCOMPARE(access.lookup(QStringLiteral("100777"), QStringLiteral("kim.jansen@example.org"), anonymous()).status,
                     Status::Found);
            QCOMPARE(access.lookup(QStringLiteral("100777"), QString(), anonymous()).status, Status::MissingEmail);
            QCOMPARE(access.lookup(QStringLiteral("1 2"), QStringLiteral("a@b.example"), anonymous()).status,
                     Status::InvalidNumber);
        }
        source.setUnavailable(QStringLiteral("down for the test"));
        for (int i = 0; i < 5; ++i)
            QCOMPARE(access.lookup(QStringLiteral("100777"), QStringLiteral("x@example.org"), anonymous()).status,
                     Status::Unavailable);
        source.setUnavailable(QString());
        QCOMPARE(access.lookup(QStringLiteral("100777"), QStringLiteral("kim.jansen@example.org"), anonymous()).status,
                 Status::Found);
    }

    void throttlesFailuresPerAddress()
    {
        // A new thread per attempt does not escape the per-address limit.
        FixtureOrderSource source;
        source.add(sampleOrder());
        OrderAccess access(source, {5, 20, 10});
        const qint64 t0 = 1'800'000'000'000;
        for (int i = 0; i < 20; ++i)
            QCOMPARE(access.lookup(QStringLiteral("2000%1").arg(i), QStringLiteral("kim.jansen@example.org"),
                                   anonymous(QStringLiteral("thread-%1").arg(i)), kForever, t0 + i).status,
                     Status::NoMatch);
        QCOMPARE(access.lookup(QStringLiteral("100777"), QStringLiteral("kim.jansen@example.org"),
                               anonymous(QStringLiteral("fresh-thread")), kForever, t0 + 30).status,
                 Status::Throttled);
        QCOMPARE(access.lookup(QStringLiteral("100777"), QStringLiteral("kim.jansen@example.org"),
                               anonymous(QStringLiteral("fresh-thread"), QStringLiteral("192.0.2.1")), kForever, t0 + 30).status,
                 Status::Found);
    }

    void unavailableKeepsItsDetail()
    {
        FixtureOrderSource source;
        source.setUnavailable(QStringLiteral("order system error (HTTP 503)"));
        OrderAccess access(source);
        const auto result = access.lookup(QStringLiteral("100777"), QStringLiteral("kim.jansen@example.org"), anonymous());
        QCOMPARE(result.status, Status::Unavailable);
        QCOMPARE(result.detail, QStringLiteral("order system error (HTTP 503)"));
    }

    void projectionIsWhitelisted()
    {
        const Order order = sampleOrder();
        const QJsonObject json = OrderProjection::toJson(order);
        QCOMPARE(json.value(QStringLiteral("number")).toString(), QStringLiteral("100777"));
        QCOMPARE(json.value(QStringLiteral("status")).toString(), QStringLiteral("shipped"));
        QVERIFY(json.value(QStringLiteral("status_text")).toString().startsWith(QStringLiteral("shipped")));
        QCOMPARE(json.value(QStringLiteral("created_at")).toString(), QStringLiteral("2026-05-01T09:30:00Z"));
        QCOMPARE(json.value(QStringLiteral("item_count")).toInt(), 3);
        QCOMPARE(json.value(QStringLiteral("items")).toArray().at(1).toObject().value(QStringLiteral("name")).toString(),
                 QStringLiteral("Enamel Camp Mug"));
        QCOMPARE(json.value(QStringLiteral("shipping_method")).toString(), QStringLiteral("Express delivery"));
        const QJsonObject parcel = json.value(QStringLiteral("tracking")).toArray().first().toObject();
        QCOMPARE(parcel.value(QStringLiteral("carrier")).toString(), QStringLiteral("UPS"));
        QCOMPARE(parcel.value(QStringLiteral("number")).toString(), QStringLiteral("1Z999AA10123456784"));
        QCOMPARE(parcel.value(QStringLiteral("url")).toString(), QStringLiteral("https://www.ups.com/track?tracknum=1Z999AA10123456784"));
        QCOMPARE(parcel.value(QStringLiteral("shipped_at")).toString(), QStringLiteral("2026-05-03T14:00:00Z"));
        QVERIFY(!json.contains(QStringLiteral("completed_at"))); // not completed: no key at all
        VERIFY_NOTHING_PRIVATE(json, order);
    }

    void leakCheckCatchesPlantedData()
    {
        // The check the projection tests rely on must itself be able to fail.
        const Order order = sampleOrder();
        QJsonObject json = OrderProjection::toJson(order);
        QVERIFY(privateLeak(json, order).isEmpty());
        QJsonObject planted = json;
        planted.insert(QStringLiteral("shipping_method"), order.phone);
        QVERIFY(privateLeak(planted, order).contains(order.phone));
        planted = json;
        planted.insert(QStringLiteral("items"), QJsonArray{QJsonObject{{QStringLiteral("name"), order.shippingAddress.address1.toUpper()}}});
        QVERIFY(!privateLeak(planted, order).isEmpty());
        planted = json;
        planted.insert(QStringLiteral("billing"), QJsonObject());
        QVERIFY(privateLeak(planted, order).contains(QStringLiteral("billing")));
    }

    void demoOrdersProjectNothingPrivate()
    {
        const QList<Order> orders = LocalOrderSource::demoOrders(QDateTime::currentDateTimeUtc());
        QVERIFY(orders.size() >= 8);
        for (const Order &order : orders) {
            QVERIFY(!order.phone.isEmpty());
            QVERIFY(!order.billingAddress.address1.isEmpty());
            const QString leak = privateLeak(OrderProjection::toJson(order), order);
            QVERIFY2(leak.isEmpty(), qPrintable(order.number + QStringLiteral(": ") + leak));
        }
    }

    void statusInPlainWords()
    {
        QCOMPARE(OrderProjection::statusText(QStringLiteral("on-hold")),
                 QStringLiteral("on hold: we are waiting to confirm the payment"));
        QCOMPARE(OrderProjection::statusText(QStringLiteral("processing")), QStringLiteral("being prepared in our warehouse"));
        QCOMPARE(OrderProjection::statusText(QStringLiteral("ready-for-pickup")), QStringLiteral("ready for pickup"));
    }
};

QTEST_GUILESS_MAIN(TestOrderAccess)
#include "tst_orderaccess.moc"

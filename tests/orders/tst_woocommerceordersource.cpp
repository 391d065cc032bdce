#include "orderfixtures.h"

#include "fakes/fakewoocommerce.h"
#include "orders/orderaccess.h"
#include "orders/woocommerceordersource.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTest>
#include <thread>

using namespace orderfixtures;

// The WooCommerce order source against a fake shop that speaks REST API v3
// over HTTPS: the documentation's order 727 and orders of our own, and every
// way the shop can fail.
class TestWooCommerceOrderSource : public QObject
{
    Q_OBJECT

private:
    WooCommerceSettings settings() const
    {
        WooCommerceSettings s;
        s.baseUrl = m_shop.baseUrl();
        s.consumerKey = QStringLiteral("ck_0123456789abcdef");
        s.consumerSecret = QStringLiteral("cs_TOP_SECRET_fedcba9876");
        s.caFile = m_shop.caFile();
        s.timeoutMs = 3000;
        return s;
    }
    static void verifyNoLeak(const OrderLookup &lookup)
    {
        for (const char *secret : {"cs_TOP_SECRET", "ck_0123456789", "Fatal", "Consumer secret", "Basic ", "wp-db.php", "{"})
            QVERIFY2(!lookup.detail.contains(QLatin1String(secret)), qPrintable(lookup.detail));
        QVERIFY2(lookup.detail.size() < 120, qPrintable(lookup.detail));
    }

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_shop.start(&error), qPrintable(error));
        m_shop.setCredentials(QStringLiteral("ck_0123456789abcdef"), QStringLiteral("cs_TOP_SECRET_fedcba9876"));
        QVERIFY2(m_shop.addBundledOrders(&error) >= 3, qPrintable(error));
        const QString shared = QString::fromUtf8(qgetenv("SUPPORT_SHARED_DATA"));
        m_order727 = QDir(shared).filePath(QStringLiteral("woocommerce/order-727.json"));
        if (!shared.isEmpty() && QFile::exists(m_order727))
            QVERIFY2(m_shop.addOrderFile(m_order727, &error), qPrintable(error));
        else
            m_order727.clear();
    }

    void init() { m_shop.setMode(FakeWooCommerce::Mode::Ok); }

    void readsTheDocumentationOrder()
    {
        if (m_order727.isEmpty())
            QSKIP("../shared/data/woocommerce/order-727.json is absent (SUPPORT_SHARED_DATA): the documentation's order cannot be served");
        WooCommerceOrderSource source(settings());
        const int before = m_shop.requestCount();
        const OrderLookup lookup = source.find(QStringLiteral("727"));
        QCOMPARE(lookup.status, OrderLookup::Status::Found);
        const Order &order = *lookup.order;
        QCOMPARE(order.number, QStringLiteral("727"));
        QCOMPARE(order.status, QStringLiteral("processing"));
        QCOMPARE(order.billingEmail, QStringLiteral("john.doe@example.com"));
        QVERIFY(order.customerId.isEmpty()); // customer_id 0: a guest
        QCOMPARE(order.createdAt, QDateTime(QDate(2017, 3, 22), QTime(19, 28, 2), Qt::UTC)); // date_created_gmt
        QCOMPARE(order.paidAt, QDateTime(QDate(2017, 3, 22), QTime(19, 28, 8), Qt::UTC));
        QVERIFY(!order.completedAt.isValid());
        QCOMPARE(order.items.size(), 2);
        QCOMPARE(order.items.at(0).name, QStringLiteral("Woo Single #1"));
        QCOMPARE(order.items.at(0).quantity, 2);
        QCOMPARE(order.items.at(1).name, QStringLiteral("Ship Your Idea – Color: Black, Size: M Test"));
        QCOMPARE(order.shippingMethod, QStringLiteral("Flat Rate"));
        QVERIFY(order.tracking.isEmpty());
        // Private fields are read (operators may need them) ...
        QCOMPARE(order.phone, QStringLiteral("(555) 555-5555"));
        QCOMPARE(order.billingAddress.address1, QStringLiteral("969 Market"));
        QCOMPARE(order.paymentMethodTitle, QStringLiteral("Direct Bank Transfer"));
        QCOMPARE(order.meta.size(), 1);
        // ... and never projected.
        VERIFY_NOTHING_PRIVATE(OrderProjection::toJson(order), order);

        const QList<FakeWooCommerce::Request> requests = m_shop.requests().mid(before);
        QCOMPARE(requests.size(), 1);
        QCOMPARE(requests.first().method, QByteArray("GET"));
        QCOMPARE(requests.first().path, QByteArray("/wp-json/wc/v3/orders/727"));
        QVERIFY(requests.first().authorized);
    }

    void readsTrackingAndCleansNames()
    {
        WooCommerceOrderSource source(settings());
        const OrderLookup completed = source.find(QStringLiteral("1042"));
        QCOMPARE(completed.status, OrderLookup::Status::Found);
        QCOMPARE(completed.order->status, QStringLiteral("completed"));
        QCOMPARE(completed.order->customerId, QStringLiteral("57"));
        QCOMPARE(completed.order->billingEmail, QStringLiteral("Emma.Visser@Example.com"));
        QCOMPARE(completed.order->items.first().name, QStringLiteral("Ridgeline 3L Waterproof Jacket – Colour: Moss, Size: M"));
        QCOMPARE(completed.order->completedAt, QDateTime(QDate(2026, 5, 3), QTime(14, 40, 10), Qt::UTC));
        QCOMPARE(completed.order->shippingMethod, QStringLiteral("Express delivery"));
        QCOMPARE(completed.order->tracking.size(), 1);
        const OrderTracking ups = completed.order->tracking.first();
        QCOMPARE(ups.carrier, QStringLiteral("UPS"));
        QCOMPARE(ups.number, QStringLiteral("1Z999AA10123456784"));
        QCOMPARE(ups.url, QStringLiteral("https://www.ups.com/track?tracknum=1Z999AA10123456784"));
        QCOMPARE(ups.shippedAt, QDateTime(QDate(2026, 5, 3), QTime(15, 0), Qt::UTC));
        VERIFY_NOTHING_PRIVATE(OrderProjection::toJson(*completed.order), *completed.order);

        const OrderLookup parcels = source.find(QStringLiteral("1044"));
        QCOMPARE(parcels.status, OrderLookup::Status::Found);
        QCOMPARE(parcels.order->status, QStringLiteral("shipped")); // "wc-shipped", a custom status
        QCOMPARE(parcels.order->items.at(0).name, QStringLiteral("Scree Leather Hiking Boots (Size 39)"));
        QCOMPARE(parcels.order->items.at(1).name, QStringLiteral("Alpine Down Sleeping Bag -5°C"));
        QCOMPARE(parcels.order->tracking.size(), 2);
        QCOMPARE(parcels.order->tracking.at(0).carrier, QStringLiteral("DHL"));
        QVERIFY(parcels.order->tracking.at(0).url.startsWith(QStringLiteral("https://www.dhl.de/")));
        // A link that is not https is never passed on; the carrier's page is.
        QVERIFY(!parcels.order->tracking.at(1).url.contains(QStringLiteral("javascript")));
        QVERIFY(parcels.order->tracking.at(1).url.startsWith(QStringLiteral("https://www.dhl.com/")));
        VERIFY_NOTHING_PRIVATE(OrderProjection::toJson(*parcels.order), *parcels.order);

        const OrderLookup guest = source.find(QStringLiteral("1043"));
        QCOMPARE(guest.order->status, QStringLiteral("processing"));
        QVERIFY(guest.order->customerId.isEmpty());
        QVERIFY(guest.order->tracking.isEmpty());
        VERIFY_NOTHING_PRIVATE(OrderProjection::toJson(*guest.order), *guest.order);
    }

    void trashedAndUnknownOrdersAreNotFound()
    {
        WooCommerceOrderSource source(settings());
        QCOMPARE(source.find(QStringLiteral("1046")).status, OrderLookup::Status::NotFound); // status "trash"
        QCOMPARE(source.find(QStringLiteral("999999")).status, OrderLookup::Status::NotFound);
    }

    void oddNumbersNeverReachTheShop()
    {
        WooCommerceOrderSource source(settings());
        const int before = m_shop.requestCount();
        for (const QString &number : {QStringLiteral("1042/../../customers"), QStringLiteral("1042?per_page=100"),
                                      QStringLiteral("ABC-1"), QStringLiteral(""), QStringLiteral("%31%30")})
            QCOMPARE(source.find(number).status, OrderLookup::Status::NotFound);
        QCOMPARE(m_shop.requestCount(), before);
    }

    void failuresBecomeShortDetails_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("detail");
        QTest::newRow("401") << int(FakeWooCommerce::Mode::Unauthorized) << int(OrderLookup::Status::Unavailable)
                             << "order system rejected our credentials (HTTP 401)";
        QTest::newRow("404") << int(FakeWooCommerce::Mode::NotFound) << int(OrderLookup::Status::NotFound) << "";
        QTest::newRow("500") << int(FakeWooCommerce::Mode::ServerError) << int(OrderLookup::Status::Unavailable)
                             << "order system error (HTTP 500)";
        QTest::newRow("malformed JSON") << int(FakeWooCommerce::Mode::Malformed) << int(OrderLookup::Status::Unavailable)
                                        << "malformed JSON from the order system";
    }

    void failuresBecomeShortDetails()
    {
        QFETCH(int, mode);
        QFETCH(int, status);
        QFETCH(QString, detail);
        m_shop.setMode(FakeWooCommerce::Mode(mode));
        WooCommerceOrderSource source(settings());
        const OrderLookup lookup = source.find(QStringLiteral("1042"));
        QCOMPARE(int(lookup.status), status);
        QCOMPARE(lookup.detail, detail);
        QVERIFY(!lookup.order);
        verifyNoLeak(lookup);
    }

    void wrongSecretIsRejected()
    {
        WooCommerceSettings wrong = settings();
        wrong.consumerSecret = QStringLiteral("cs_TOP_SECRET_but_wrong");
        const int before = m_shop.requestCount();
        const OrderLookup lookup = WooCommerceOrderSource(wrong).find(QStringLiteral("1042"));
        QCOMPARE(lookup.status, OrderLookup::Status::Unavailable);
        QVERIFY(lookup.detail.contains(QStringLiteral("credentials")));
        verifyNoLeak(lookup);
        QCOMPARE(m_shop.requestCount(), before + 1);
        QVERIFY(!m_shop.requests().last().authorized);
    }

    void slowShopTimesOut()
    {
        m_shop.setMode(FakeWooCommerce::Mode::Slow);
        m_shop.setDelayMs(2500);
        WooCommerceSettings fast = settings();
        fast.timeoutMs = 400;
        QElapsedTimer timer;
        timer.start();
        const OrderLookup lookup = WooCommerceOrderSource(fast).find(QStringLiteral("1042"));
        QCOMPARE(lookup.status, OrderLookup::Status::Unavailable);
        QCOMPARE(lookup.detail, QStringLiteral("no answer within 400 ms"));
        QVERIFY2(timer.elapsed() < 1500, qPrintable(QString::number(timer.elapsed())));
    }

    void deadlineCutsTheTimeoutShort()
    {
        m_shop.setMode(FakeWooCommerce::Mode::Slow);
        m_shop.setDelayMs(2500);
        QElapsedTimer timer;
        timer.start();
        const OrderLookup lookup = WooCommerceOrderSource(settings()).find(QStringLiteral("1042"), QDeadlineTimer(300));
        QCOMPARE(lookup.status, OrderLookup::Status::Unavailable);
        QVERIFY2(timer.elapsed() < 1500, qPrintable(QString::number(timer.elapsed())));
        // No time left at all: no request.
        const int before = m_shop.requestCount();
        QCOMPARE(WooCommerceOrderSource(settings()).find(QStringLiteral("1042"), QDeadlineTimer(0)).status,
                 OrderLookup::Status::Unavailable);
        QCOMPARE(m_shop.requestCount(), before);
    }

    void slowButInTimeIsFine()
    {
        m_shop.setMode(FakeWooCommerce::Mode::Slow);
        m_shop.setDelayMs(200);
        QCOMPARE(WooCommerceOrderSource(settings()).find(QStringLiteral("1042")).status, OrderLookup::Status::Found);
    }

    void untrustedCertificateIsRefused()
    {
        WooCommerceSettings untrusted = settings();
        untrusted.caFile.clear(); // the system store does not know the fake's certificate
        const int before = m_shop.requestCount();
        const OrderLookup lookup = WooCommerceOrderSource(untrusted).find(QStringLiteral("1042"));
        QCOMPARE(lookup.status, OrderLookup::Status::Unavailable);
        QCOMPARE(lookup.detail, QStringLiteral("TLS handshake or certificate check failed"));
        QCOMPARE(m_shop.requestCount(), before); // the credentials were never sent
    }

    void plainHttpIsRefused()
    {
        WooCommerceSettings plain = settings();
        plain.baseUrl.replace(QStringLiteral("https://"), QStringLiteral("http://"));
        const OrderLookup lookup = WooCommerceOrderSource(plain).find(QStringLiteral("1042"));
        QCOMPARE(lookup.status, OrderLookup::Status::Unavailable);
        QCOMPARE(lookup.detail, QStringLiteral("only https is allowed"));
    }

    void nobodyListening()
    {
        WooCommerceSettings gone = settings();
        gone.baseUrl = QStringLiteral("https://127.0.0.1:1");
        const OrderLookup lookup = WooCommerceOrderSource(gone).find(QStringLiteral("1042"));
        QCOMPARE(lookup.status, OrderLookup::Status::Unavailable);
        QCOMPARE(lookup.detail, QStringLiteral("connection refused or unreachable"));
    }

    void parallelLookupsFromWorkerThreads()
    {
        WooCommerceOrderSource source(settings());
        std::vector<std::thread> threads;
        std::atomic<int> found{0};
        for (int i = 0; i < 6; ++i) {
            threads.emplace_back([&source, &found, i] {
                const QString number = i % 2 ? QStringLiteral("1042") : QStringLiteral("1043");
                if (source.find(number).status == OrderLookup::Status::Found)
                    ++found;
            });
        }
        for (std::thread &thread : threads)
            thread.join();
        QCOMPARE(found.load(), 6);
    }

    void orderFromJsonRejectsNonOrders()
    {
        QCOMPARE(WooCommerceOrderSource::orderFromJson({}).status, OrderLookup::Status::Unavailable);
        QCOMPARE(WooCommerceOrderSource::orderFromJson({{QStringLiteral("id"), QStringLiteral("12")},
                                                        {QStringLiteral("status"), QStringLiteral("processing")},
                                                        {QStringLiteral("billing"), QJsonObject()}})
                     .status,
                 OrderLookup::Status::Unavailable);
        const OrderLookup odd = WooCommerceOrderSource::orderFromJson(
            {{QStringLiteral("id"), 12}, {QStringLiteral("status"), QStringLiteral("<script>")}, {QStringLiteral("billing"), QJsonObject()},
             {QStringLiteral("line_items"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("Mug\u0007 &amp; Cup")},
                                                                   {QStringLiteral("quantity"), 2}}}}});
        QCOMPARE(odd.status, OrderLookup::Status::Found);
        QCOMPARE(odd.order->status, QStringLiteral("unknown"));
        QCOMPARE(odd.order->number, QStringLiteral("12"));
        QCOMPARE(odd.order->items.first().name, QStringLiteral("Mug & Cup"));
    }

    void plainText()
    {
        QCOMPARE(WooCommerceOrderSource::plainText(QStringLiteral("A &ndash; B &#8211; C &#x2013; D &bogus; &amp;lt;")),
                 QStringLiteral("A – B – C – D &bogus; &lt;"));
        QCOMPARE(WooCommerceOrderSource::plainText(QStringLiteral("<b>Bold</b> &#0; &#xD800;")), QStringLiteral("Bold  "));
    }

private:
    FakeWooCommerce m_shop;
    QString m_order727;
};

QTEST_GUILESS_MAIN(TestWooCommerceOrderSource)
#include "tst_woocommerceordersource.moc"

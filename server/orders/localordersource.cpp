#include "localordersource.h"

#include "store/database.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

namespace {

const QString kSeededKey = QStringLiteral("orders.demo_seeded");

const QString kColumns = QStringLiteral(
    "number, status, billing_email, customer_id, created_at, paid_at, completed_at, shipping_method, items, tracking,"
    " billing_address, shipping_address, phone, payment_method, transaction_id, customer_note, meta, updated_at");

QString compact(const QJsonValue &value)
{
    return QString::fromUtf8(value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                                             : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
}

QVariant millisOrNull(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant(QMetaType::fromType<qint64>());
}

QDateTime timeFromColumn(const QVariant &value)
{
    return value.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

QJsonObject addressToJson(const OrderAddress &a)
{
    return {{QStringLiteral("first_name"), a.firstName}, {QStringLiteral("last_name"), a.lastName},
            {QStringLiteral("company"), a.company},      {QStringLiteral("address_1"), a.address1},
            {QStringLiteral("address_2"), a.address2},   {QStringLiteral("city"), a.city},
            {QStringLiteral("state"), a.state},          {QStringLiteral("postcode"), a.postcode},
            {QStringLiteral("country"), a.country}};
}

OrderAddress addressFromJson(const QJsonObject &o)
{
    auto s = [&o](const char *key) { return o.value(QLatin1String(key)).toString(); };
    return {s("first_name"), s("last_name"), s("company"), s("address_1"), s("address_2"),
            s("city"),       s("state"),     s("postcode"), s("country")};
}

QJsonArray itemsToJson(const QList<OrderLineItem> &items)
{
    QJsonArray array;
    for (const OrderLineItem &item : items)
        array.append(QJsonObject{{QStringLiteral("name"), item.name}, {QStringLiteral("quantity"), item.quantity}});
    return array;
}

QList<OrderLineItem> itemsFromJson(const QJsonArray &array)
{
    QList<OrderLineItem> items;
    for (const QJsonValue &value : array) {
        const QJsonObject o = value.toObject();
        items.append({o.value(QStringLiteral("name")).toString(), o.value(QStringLiteral("quantity")).toInt()});
    }
    return items;
}

QJsonArray trackingToJson(const QList<OrderTracking> &tracking)
{
    QJsonArray array;
    for (const OrderTracking &t : tracking) {
        QJsonObject o{{QStringLiteral("carrier"), t.carrier}, {QStringLiteral("number"), t.number},
                      {QStringLiteral("url"), t.url}};
        if (t.shippedAt.isValid())
            o.insert(QStringLiteral("shipped_at"), t.shippedAt.toMSecsSinceEpoch());
        array.append(o);
    }
    return array;
}

QList<OrderTracking> trackingFromJson(const QJsonArray &array)
{
    QList<OrderTracking> tracking;
    for (const QJsonValue &value : array) {
        const QJsonObject o = value.toObject();
        OrderTracking t{o.value(QStringLiteral("carrier")).toString(), o.value(QStringLiteral("number")).toString(),
                        o.value(QStringLiteral("url")).toString(), {}};
        if (o.contains(QStringLiteral("shipped_at")))
            t.shippedAt = QDateTime::fromMSecsSinceEpoch(o.value(QStringLiteral("shipped_at")).toInteger(), Qt::UTC);
        tracking.append(t);
    }
    return tracking;
}

QJsonDocument parse(const QVariant &column)
{
    return QJsonDocument::fromJson(column.toString().toUtf8());
}

} // namespace

OrderLookup LocalOrderSource::find(const QString &orderNumber, QDeadlineTimer)
{
    QSqlQuery &query = m_db.statement(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM orders WHERE number = ?"));
    query.addBindValue(orderNumber.trimmed());
    if (!m_db.exec(query)) {
        reportSqlError(query, "find order");
        query.finish();
        return OrderLookup::unavailable(QStringLiteral("the orders table could not be read"));
    }
    if (!query.next()) {
        query.finish();
        return OrderLookup::notFound();
    }
    Order order;
    order.number = query.value(0).toString();
    order.status = query.value(1).toString();
    order.billingEmail = query.value(2).toString();
    order.customerId = query.value(3).toString();
    order.createdAt = timeFromColumn(query.value(4));
    order.paidAt = timeFromColumn(query.value(5));
    order.completedAt = timeFromColumn(query.value(6));
    order.shippingMethod = query.value(7).toString();
    order.items = itemsFromJson(parse(query.value(8)).array());
    order.tracking = trackingFromJson(parse(query.value(9)).array());
    order.billingAddress = addressFromJson(parse(query.value(10)).object());
    order.shippingAddress = addressFromJson(parse(query.value(11)).object());
    order.phone = query.value(12).toString();
    order.paymentMethodTitle = query.value(13).toString();
    order.transactionId = query.value(14).toString();
    order.customerNote = query.value(15).toString();
    order.meta = parse(query.value(16)).array();
    query.finish();
    return OrderLookup::found(order);
}

namespace {

QVariantList rowValues(const Order &order, qint64 nowMs)
{
    return {order.number,
            notNull(order.status),
            notNull(order.billingEmail),
            notNull(order.customerId),
            order.createdAt.isValid() ? order.createdAt.toMSecsSinceEpoch() : nowMs,
            millisOrNull(order.paidAt),
            millisOrNull(order.completedAt),
            notNull(order.shippingMethod),
            compact(itemsToJson(order.items)),
            compact(trackingToJson(order.tracking)),
            compact(addressToJson(order.billingAddress)),
            compact(addressToJson(order.shippingAddress)),
            notNull(order.phone),
            notNull(order.paymentMethodTitle),
            notNull(order.transactionId),
            notNull(order.customerNote),
            compact(order.meta),
            nowMs};
}

const QString kInsert = QStringLiteral("INSERT INTO orders (") + kColumns
                        + QStringLiteral(") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");

} // namespace

bool LocalOrderSource::save(const Order &order)
{
    const QString upsert = kInsert
        + QStringLiteral(" ON CONFLICT (number) DO UPDATE SET status = excluded.status,"
                         " billing_email = excluded.billing_email, customer_id = excluded.customer_id,"
                         " created_at = excluded.created_at, paid_at = excluded.paid_at,"
                         " completed_at = excluded.completed_at, shipping_method = excluded.shipping_method,"
                         " items = excluded.items, tracking = excluded.tracking,"
                         " billing_address = excluded.billing_address, shipping_address = excluded.shipping_address,"
                         " phone = excluded.phone, payment_method = excluded.payment_method,"
                         " transaction_id = excluded.transaction_id, customer_note = excluded.customer_note,"
                         " meta = excluded.meta, updated_at = excluded.updated_at");
    return m_db.write(upsert, rowValues(order, QDateTime::currentMSecsSinceEpoch()), "save order");
}

int LocalOrderSource::seedDemoOrdersOnFirstStart(QString *error)
{
    auto fail = [error]() {
        if (error)
            *error = QStringLiteral("could not seed the demo orders");
        return -1;
    };
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QList<Order> orders = demoOrders(now);
    Database::Transaction transaction(m_db);
    if (!transaction.ok())
        return fail();
    // Checked inside the write transaction, so two processes starting on one
    // database seed once.
    QSqlQuery &check = m_db.statement(QStringLiteral("SELECT value FROM settings WHERE key = ?"));
    check.addBindValue(kSeededKey);
    if (!m_db.exec(check)) {
        reportSqlError(check, "demo orders seeded?");
        check.finish();
        return fail();
    }
    const bool done = check.next();
    check.finish();
    if (done)
        return 0;
    int added = 0;
    for (const Order &order : orders) {
        int rows = 0;
        if (!m_db.run(kInsert + QStringLiteral(" ON CONFLICT (number) DO NOTHING"),
                      rowValues(order, now.toMSecsSinceEpoch()), "seed order", &rows))
            return fail();
        added += rows > 0 ? 1 : 0;
    }
    if (!m_db.run(QStringLiteral("INSERT INTO settings (key, value) VALUES (?, ?)"), {kSeededKey, QString::number(added)},
                  "demo orders seeded")
        || !transaction.commit())
        return fail();
    return added;
}

QList<Order> LocalOrderSource::demoOrders(const QDateTime &now)
{
    const QDateTime base = now.toUTC();
    auto daysAgo = [&base](int days, int hour, int minute) {
        QDateTime t = base.addDays(-days);
        t.setTime(QTime(hour, minute));
        return t;
    };
    auto address = [](const char *first, const char *last, const char *street, const char *city,
                      const char *postcode, const char *country) {
        OrderAddress a;
        a.firstName = QString::fromUtf8(first);
        a.lastName = QString::fromUtf8(last);
        a.address1 = QString::fromUtf8(street);
        a.city = QString::fromUtf8(city);
        a.postcode = QString::fromUtf8(postcode);
        a.country = QString::fromLatin1(country);
        return a;
    };
    auto meta = [](std::initializer_list<std::pair<const char *, const char *>> entries) {
        QJsonArray array;
        for (const auto &[key, value] : entries)
            array.append(QJsonObject{{QStringLiteral("key"), QString::fromLatin1(key)},
                                     {QStringLiteral("value"), QString::fromUtf8(value)}});
        return array;
    };
    const QString standard = QStringLiteral("Standard delivery"), express = QStringLiteral("Express delivery"),
                  nextDay = QStringLiteral("Next-day delivery"), pickup = QStringLiteral("Pickup point"),
                  international = QStringLiteral("International delivery");

    QList<Order> orders;
    {
        // The help centre's example number: shipped with Express, UPS.
        Order o;
        o.number = QStringLiteral("100482");
        o.status = QStringLiteral("shipped");
        o.createdAt = daysAgo(2, 9, 41);
        o.paidAt = daysAgo(2, 9, 42);
        o.billingEmail = QStringLiteral("jane.doe@example.com");
        o.customerId = QStringLiteral("1001");
        o.items = {{QStringLiteral("Ridgeline 3L Waterproof Jacket"), 1}, {QStringLiteral("Merino 200 Base Layer Top"), 2}};
        o.shippingMethod = express;
        o.tracking = {{QStringLiteral("UPS"), QStringLiteral("1Z999AA10123456784"),
                       QStringLiteral("https://www.ups.com/track?tracknum=1Z999AA10123456784"), daysAgo(2, 16, 5)}};
        o.billingAddress = o.shippingAddress = address("Jane", "Doe", "Keizersgracht 12", "Amsterdam", "1015 CS", "NL");
        o.phone = QStringLiteral("+31 6 1234 5678");
        o.paymentMethodTitle = QStringLiteral("iDEAL");
        o.transactionId = QStringLiteral("tr_7Hq2Kx9LmP");
        o.customerNote = QStringLiteral("Please ring twice, the bell is faint.");
        o.meta = meta({{"_warehouse_picker", "picker-07"}, {"_fraud_score", "3"}});
        orders.append(o);
    }
    {
        // Two parcels (a tent and boots ship separately), DHL.
        Order o;
        o.number = QStringLiteral("100460");
        o.status = QStringLiteral("shipped");
        o.createdAt = daysAgo(4, 13, 2);
        o.paidAt = daysAgo(4, 13, 3);
        o.billingEmail = QStringLiteral("lukas.weber@example.net");
        o.customerId = QStringLiteral("1002");
        o.items = {{QStringLiteral("Tarn 2 Backpacking Tent"), 1}, {QStringLiteral("Scree Leather Hiking Boots"), 1}};
        o.shippingMethod = standard;
        o.tracking = {{QStringLiteral("DHL"), QStringLiteral("JJD000390007713514"),
                       QStringLiteral("https://www.dhl.com/de-en/home/tracking.html?tracking-id=JJD000390007713514"),
                       daysAgo(3, 11, 20)},
                      {QStringLiteral("DHL"), QStringLiteral("JJD000390007713521"),
                       QStringLiteral("https://www.dhl.com/de-en/home/tracking.html?tracking-id=JJD000390007713521"),
                       daysAgo(3, 11, 24)}};
        o.billingAddress = o.shippingAddress = address("Lukas", "Weber", "Schanzenstraße 41", "Hamburg", "20357", "DE");
        o.phone = QStringLiteral("+49 40 5550 1234");
        o.paymentMethodTitle = QStringLiteral("PayPal");
        o.transactionId = QStringLiteral("PAYID-MZQ3K7A");
        o.meta = meta({{"_split_shipment", "yes"}});
        orders.append(o);
    }
    {
        // Still in the warehouse.
        Order o;
        o.number = QStringLiteral("100517");
        o.status = QStringLiteral("processing");
        o.createdAt = base.addSecs(-3 * 3600);
        o.paidAt = o.createdAt.addSecs(60);
        o.billingEmail = QStringLiteral("sofia.rossi@example.org");
        o.items = {{QStringLiteral("Alpine Down Sleeping Bag -5 °C"), 1}, {QStringLiteral("Merino Hiking Socks (2-pack)"), 2}};
        o.shippingMethod = pickup;
        o.billingAddress = o.shippingAddress = address("Sofia", "Rossi", "Rue de la Loi 5", "Brussels", "1000", "BE");
        o.phone = QStringLiteral("+32 470 12 34 56");
        o.paymentMethodTitle = QStringLiteral("Credit card (Visa)");
        o.transactionId = QStringLiteral("ch_3NqLp2Fz8x");
        o.customerNote = QStringLiteral("Gift, please no invoice in the box.");
        orders.append(o);
    }
    {
        // Delivered: its return period started on completion.
        Order o;
        o.number = QStringLiteral("100391");
        o.status = QStringLiteral("delivered");
        o.createdAt = daysAgo(12, 18, 30);
        o.paidAt = daysAgo(12, 18, 31);
        o.completedAt = daysAgo(9, 14, 2);
        o.billingEmail = QStringLiteral("jane.doe@example.com");
        o.customerId = QStringLiteral("1001");
        o.items = {{QStringLiteral("Enamel Camp Mug"), 2}, {QStringLiteral("Cast-Iron Skillet 25 cm"), 1}};
        o.shippingMethod = standard;
        o.tracking = {{QStringLiteral("PostNL"), QStringLiteral("3SFERN0123456"),
                       QStringLiteral("https://jouw.postnl.nl/track-and-trace/3SFERN0123456-NL-1015CS"),
                       daysAgo(11, 10, 0)}};
        o.billingAddress = o.shippingAddress = address("Jane", "Doe", "Keizersgracht 12", "Amsterdam", "1015 CS", "NL");
        o.phone = QStringLiteral("+31 6 1234 5678");
        o.paymentMethodTitle = QStringLiteral("Klarna Pay Later");
        o.transactionId = QStringLiteral("kl_a81f3c22");
        orders.append(o);
    }
    {
        Order o;
        o.number = QStringLiteral("100405");
        o.status = QStringLiteral("cancelled");
        o.createdAt = daysAgo(8, 21, 12);
        o.paidAt = daysAgo(8, 21, 13);
        o.billingEmail = QStringLiteral("m.janssens@example.be");
        o.items = {{QStringLiteral("Trailblazer 45 L Backpack"), 1}};
        o.shippingMethod = nextDay;
        o.billingAddress = o.shippingAddress = address("Marie", "Janssens", "Meir 78", "Antwerp", "2000", "BE");
        o.phone = QStringLiteral("+32 3 555 01 02");
        o.paymentMethodTitle = QStringLiteral("Bancontact");
        o.transactionId = QStringLiteral("bc_55120977");
        o.customerNote = QStringLiteral("Cancelled by phone, customer ordered the wrong colour.");
        o.meta = meta({{"_cancel_reason", "customer_request"}});
        orders.append(o);
    }
    {
        Order o;
        o.number = QStringLiteral("100356");
        o.status = QStringLiteral("refunded");
        o.createdAt = daysAgo(30, 11, 45);
        o.paidAt = daysAgo(30, 11, 46);
        o.completedAt = daysAgo(27, 9, 30);
        o.billingEmail = QStringLiteral("oliver.bennett@example.co.uk");
        o.items = {{QStringLiteral("Summit Insulated Jacket"), 1}};
        o.shippingMethod = international;
        o.tracking = {{QStringLiteral("UPS"), QStringLiteral("1Z999AA10123456791"),
                       QStringLiteral("https://www.ups.com/track?tracknum=1Z999AA10123456791"), daysAgo(29, 15, 0)}};
        o.billingAddress = o.shippingAddress = address("Oliver", "Bennett", "14 Castle Street", "Edinburgh", "EH2 3AT", "GB");
        o.phone = QStringLiteral("+44 131 496 0123");
        o.paymentMethodTitle = QStringLiteral("Credit card (Mastercard)");
        o.transactionId = QStringLiteral("ch_9KdW2mQa1r");
        o.meta = meta({{"_refund_reason", "returned: too small"}});
        orders.append(o);
    }
    {
        // Waiting for the payment to be confirmed.
        Order o;
        o.number = QStringLiteral("100529");
        o.status = QStringLiteral("on-hold");
        o.createdAt = base.addSecs(-2 * 3600);
        o.billingEmail = QStringLiteral("ana.garcia@example.es");
        o.items = {{QStringLiteral("Ridgeline 3L Waterproof Jacket"), 1}, {QStringLiteral("Waterproofing Wash-In 300 ml"), 1}};
        o.shippingMethod = standard;
        o.billingAddress = o.shippingAddress = address("Ana", "García", "Calle de Alcalá 120", "Madrid", "28009", "ES");
        o.phone = QStringLiteral("+34 612 345 678");
        o.paymentMethodTitle = QStringLiteral("Direct bank transfer");
        o.meta = meta({{"_payment_check", "awaiting bank transfer"}});
        orders.append(o);
    }
    {
        // Packed, waiting for the carrier: no tracking yet.
        Order o;
        o.number = QStringLiteral("100521");
        o.status = QStringLiteral("packed");
        o.createdAt = daysAgo(1, 10, 5);
        o.paidAt = daysAgo(1, 10, 6);
        o.billingEmail = QStringLiteral("lukas.weber@example.net");
        o.customerId = QStringLiteral("1002");
        o.items = {{QStringLiteral("Trekking Poles Carbon (pair)"), 1}};
        o.shippingMethod = nextDay;
        o.billingAddress = o.shippingAddress = address("Lukas", "Weber", "Schanzenstraße 41", "Hamburg", "20357", "DE");
        o.phone = QStringLiteral("+49 40 5550 1234");
        o.paymentMethodTitle = QStringLiteral("PayPal");
        o.transactionId = QStringLiteral("PAYID-MZR8B2C");
        orders.append(o);
    }
    return orders;
}

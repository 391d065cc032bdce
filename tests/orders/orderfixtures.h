#pragma once
#include "orders/ordersource.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QMutex>
#include <QSet>
#include <QTest>

// Helpers of the order suites: an in-memory order source and the checks that
// nothing private leaves through a projection.
namespace orderfixtures {

// Orders in memory; counts lookups; can pretend to be down.
class FixtureOrderSource : public OrderSource
{
public:
    QString name() const override { return QStringLiteral("fixture"); }
    OrderLookup find(const QString &orderNumber, QDeadlineTimer) override
    {
        QMutexLocker lock(&m_mutex);
        ++m_calls;
        if (!m_unavailable.isEmpty())
            return OrderLookup::unavailable(m_unavailable);
        const auto it = m_orders.constFind(orderNumber);
        return it == m_orders.constEnd() ? OrderLookup::notFound() : OrderLookup::found(*it);
    }
    void add(const Order &order)
    {
        QMutexLocker lock(&m_mutex);
        m_orders.insert(order.number, order);
    }
    void setUnavailable(const QString &detail)
    {
        QMutexLocker lock(&m_mutex);
        m_unavailable = detail;
    }
    int calls() const
    {
        QMutexLocker lock(&m_mutex);
        return m_calls;
    }

private:
    mutable QMutex m_mutex;
    QMap<QString, Order> m_orders;
    QString m_unavailable;
    int m_calls = 0;
};

// An order whose private fields are all set to values that appear nowhere else.
inline Order sampleOrder(const QString &number = QStringLiteral("100777"),
                         const QString &email = QStringLiteral("Kim.Jansen@Example.org"))
{
    Order order;
    order.number = number;
    order.status = QStringLiteral("shipped");
    order.createdAt = QDateTime(QDate(2026, 5, 1), QTime(9, 30), Qt::UTC);
    order.paidAt = QDateTime(QDate(2026, 5, 1), QTime(9, 31), Qt::UTC);
    order.billingEmail = email;
    order.customerId = QStringLiteral("4242");
    order.items = {{QStringLiteral("Tarn 2 Backpacking Tent"), 1}, {QStringLiteral("Enamel Camp Mug"), 2}};
    order.shippingMethod = QStringLiteral("Express delivery");
    order.tracking = {{QStringLiteral("UPS"), QStringLiteral("1Z999AA10123456784"),
                       QStringLiteral("https://www.ups.com/track?tracknum=1Z999AA10123456784"),
                       QDateTime(QDate(2026, 5, 3), QTime(14, 0), Qt::UTC)}};
    order.billingAddress = {QStringLiteral("Kimberley"), QStringLiteral("Jansenova"), QStringLiteral("Acme Holding BV"),
                            QStringLiteral("Oudegracht 231"), QStringLiteral("Apartment 4b"), QStringLiteral("Utrechtstad"),
                            QStringLiteral("Provincie Utrecht"), QStringLiteral("3511 NK"), QStringLiteral("NL")};
    order.shippingAddress = order.billingAddress;
    order.shippingAddress.address1 = QStringLiteral("Drop-off Lane 17");
    order.phone = QStringLiteral("+31 30 555 7788");
    order.paymentMethodTitle = QStringLiteral("Klarna Slice It");
    order.transactionId = QStringLiteral("txn_SECRET_98765");
    order.customerNote = QStringLiteral("Leave behind the blue shed");
    order.meta = QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("_fraud_score")},
                                        {QStringLiteral("value"), QStringLiteral("risk-level-orange")}}};
    return order;
}

// The private values of an order worth searching for (short codes such as a
// country "NL" would also match innocent text like "PostNL").
inline QStringList privateValues(const Order &order)
{
    QStringList values;
    for (const OrderAddress &a : {order.billingAddress, order.shippingAddress})
        values << a.firstName << a.lastName << a.company << a.address1 << a.address2 << a.city << a.state << a.postcode;
    values << order.phone << order.paymentMethodTitle << order.transactionId << order.customerNote << order.billingEmail;
    for (const QJsonValue &entry : order.meta) {
        const QJsonValue value = entry.toObject().value(QStringLiteral("value"));
        values << entry.toObject().value(QStringLiteral("key")).toString();
        values << (value.isString() ? value.toString() : QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact)));
    }
    QStringList worthSearching;
    for (const QString &value : std::as_const(values)) {
        if (value.trimmed().size() >= 4)
            worthSearching.append(value.trimmed());
    }
    return worthSearching;
}

inline void collectKeys(const QJsonValue &value, QSet<QString> *keys)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            keys->insert(it.key());
            collectKeys(it.value(), keys);
        }
    } else if (value.isArray()) {
        for (const QJsonValue &element : value.toArray())
            collectKeys(element, keys);
    }
}

// Why `json` is not a safe projection of `order`: a key outside the
// projection's whitelist, or any private value of the order (case-insensitive).
// Empty when it is safe.
inline QString privateLeak(const QJsonObject &json, const Order &order)
{
    static const QSet<QString> allowed = {
        QStringLiteral("number"),     QStringLiteral("status"),       QStringLiteral("status_text"),
        QStringLiteral("created_at"), QStringLiteral("paid_at"),      QStringLiteral("completed_at"),
        QStringLiteral("items"),      QStringLiteral("item_count"),   QStringLiteral("shipping_method"),
        QStringLiteral("tracking"),   QStringLiteral("name"),         QStringLiteral("quantity"),
        QStringLiteral("carrier"),    QStringLiteral("url"),          QStringLiteral("shipped_at")};
    QSet<QString> keys;
    collectKeys(json, &keys);
    for (const QString &key : std::as_const(keys)) {
        if (!allowed.contains(key))
            return QStringLiteral("the projection has the key '%1'").arg(key);
    }
    const QString text = QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact));
    for (const QString &value : privateValues(order)) {
        if (text.contains(value, Qt::CaseInsensitive))
            return QStringLiteral("the projection contains the private value '%1'").arg(value);
    }
    return {};
}

} // namespace orderfixtures

// Fails the test function when privateLeak() finds something.
#define VERIFY_NOTHING_PRIVATE(json, order)                                                                          \
    do {                                                                                                              \
        const QString leak_ = orderfixtures::privateLeak(json, order);                                               \
        QVERIFY2(leak_.isEmpty(), qPrintable(leak_));                                                                \
    } while (false)

#include "orderaccess.h"

#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>

Q_LOGGING_CATEGORY(lcOrders, "supportd.orders")

namespace {

// A bucket of N failures refilled at N per window: N failures in a burst,
// then about one per window/N.
RateLimiter failureLimiter(int failures, int windowMinutes)
{
    return RateLimiter(double(failures) / double(qMax(1, windowMinutes)), double(failures));
}

} // namespace

OrderAccess::OrderAccess(OrderSource &source, const Limits &limits)
    : m_source(source),
      m_threadFailures(failureLimiter(limits.failuresPerThread, limits.windowMinutes)),
      m_addressFailures(failureLimiter(limits.failuresPerAddress, limits.windowMinutes))
{
}

QString OrderAccess::normalizedNumber(const QString &orderNumber)
{
    QString number = orderNumber.trimmed();
    if (number.startsWith(QLatin1Char('#')))
        number = number.mid(1).trimmed();
    return number;
}

bool OrderAccess::sameEmail(const QString &a, const QString &b)
{
    const QString left = a.trimmed(), right = b.trimmed();
    return !left.isEmpty() && left.compare(right, Qt::CaseInsensitive) == 0;
}

bool OrderAccess::throttled(const OrderCaller &caller, qint64 nowMs, qint64 *retryAfterMs)
{
    qint64 threadWait = 0, addressWait = 0;
    const bool byThread = !caller.threadId.isEmpty() && m_threadFailures.isLimited(caller.threadId, nowMs, &threadWait);
    const bool byAddress = !caller.clientAddress.isEmpty()
                           && m_addressFailures.isLimited(caller.clientAddress, nowMs, &addressWait);
    *retryAfterMs = qMax(byThread ? threadWait : 0, byAddress ? addressWait : 0);
    return byThread || byAddress;
}

void OrderAccess::recordFailure(const OrderCaller &caller, qint64 nowMs)
{
    if (!caller.threadId.isEmpty())
        m_threadFailures.tryAcquire(caller.threadId, nowMs);
    if (!caller.clientAddress.isEmpty())
        m_addressFailures.tryAcquire(caller.clientAddress, nowMs);
}

OrderAccess::Result OrderAccess::lookup(const QString &orderNumber, const QString &email, const OrderCaller &caller,
                                        QDeadlineTimer deadline, qint64 nowMs)
{
    using Status = Result::Status;
    if (nowMs < 0)
        nowMs = QDateTime::currentMSecsSinceEpoch();
    Result result;
    const QString number = normalizedNumber(orderNumber);
    static const QRegularExpression numberPattern(QStringLiteral("^[A-Za-z0-9-]{1,32}$"));
    if (number.isEmpty()) {
        result.status = Status::MissingNumber;
        return result;
    }
    if (!numberPattern.match(number).hasMatch()) {
        result.status = Status::InvalidNumber;
        return result;
    }
    if (!caller.verified() && email.trimmed().isEmpty()) {
        result.status = Status::MissingEmail;
        return result;
    }
    if (throttled(caller, nowMs, &result.retryAfterMs)) {
        result.status = Status::Throttled;
        return result;
    }

    OrderLookup lookup = m_source.find(number, deadline);
    if (lookup.status == OrderLookup::Status::Unavailable) {
        qCWarning(lcOrders).noquote() << "order source" << m_source.name() << "unavailable:" << lookup.detail;
        result.status = Status::Unavailable;
        result.detail = lookup.detail;
        result.retryable = lookup.retryable;
        return result;
    }
    bool allowed = false;
    if (lookup.status == OrderLookup::Status::Found && lookup.order) {
        const Order &order = *lookup.order;
        if (caller.verified()) {
            allowed = (!caller.verifiedCustomerId.isEmpty() && caller.verifiedCustomerId == order.customerId)
                      || sameEmail(caller.verifiedEmail, order.billingEmail);
        } else {
            allowed = sameEmail(email, order.billingEmail);
        }
    }
    if (!allowed) {
        recordFailure(caller, nowMs);
        result.status = Status::NoMatch;
        return result;
    }
    result.status = Status::Found;
    result.order = std::move(lookup.order);
    return result;
}

QString OrderProjection::statusText(const QString &status)
{
    static const QHash<QString, QString> texts = {
        {QStringLiteral("pending"), QStringLiteral("waiting for payment")},
        {QStringLiteral("received"), QStringLiteral("received: payment is being confirmed")},
        {QStringLiteral("processing"), QStringLiteral("being prepared in our warehouse")},
        {QStringLiteral("on-hold"), QStringLiteral("on hold: we are waiting to confirm the payment")},
        {QStringLiteral("packed"), QStringLiteral("packed and waiting for the carrier")},
        {QStringLiteral("shipped"), QStringLiteral("shipped: the carrier has the parcel")},
        {QStringLiteral("completed"), QStringLiteral("completed")},
        {QStringLiteral("delivered"), QStringLiteral("delivered")},
        {QStringLiteral("cancelled"), QStringLiteral("cancelled")},
        {QStringLiteral("refunded"), QStringLiteral("refunded")},
        {QStringLiteral("failed"), QStringLiteral("payment failed")}};
    const auto it = texts.constFind(status);
    if (it != texts.constEnd())
        return *it;
    QString words = status;
    return words.replace(QLatin1Char('-'), QLatin1Char(' ')).replace(QLatin1Char('_'), QLatin1Char(' '));
}

namespace {

void insertTime(QJsonObject &object, const QString &key, const QDateTime &time)
{
    if (time.isValid())
        object.insert(key, time.toUTC().toString(Qt::ISODate));
}

} // namespace

QJsonObject OrderProjection::toJson(const Order &order)
{
    QJsonObject json{{QStringLiteral("number"), order.number},
                     {QStringLiteral("status"), order.status},
                     {QStringLiteral("status_text"), statusText(order.status)}};
    insertTime(json, QStringLiteral("created_at"), order.createdAt);
    insertTime(json, QStringLiteral("paid_at"), order.paidAt);
    insertTime(json, QStringLiteral("completed_at"), order.completedAt);
    QJsonArray items;
    int count = 0;
    for (const OrderLineItem &item : order.items) {
        items.append(QJsonObject{{QStringLiteral("name"), item.name}, {QStringLiteral("quantity"), item.quantity}});
        count += item.quantity;
    }
    json.insert(QStringLiteral("items"), items);
    json.insert(QStringLiteral("item_count"), count);
    if (!order.shippingMethod.isEmpty())
        json.insert(QStringLiteral("shipping_method"), order.shippingMethod);
    QJsonArray tracking;
    for (const OrderTracking &parcel : order.tracking) {
        QJsonObject entry{{QStringLiteral("carrier"), parcel.carrier}, {QStringLiteral("number"), parcel.number}};
        if (!parcel.url.isEmpty())
            entry.insert(QStringLiteral("url"), parcel.url);
        insertTime(entry, QStringLiteral("shipped_at"), parcel.shippedAt);
        tracking.append(entry);
    }
    if (!tracking.isEmpty())
        json.insert(QStringLiteral("tracking"), tracking);
    return json;
}

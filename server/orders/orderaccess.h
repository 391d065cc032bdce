#pragma once
#include "ordersource.h"

#include "auth/ratelimiter.h"

#include <QJsonObject>

// Who is asking: an anonymous shopper in a thread (from an address), or a
// shopper whose identity the website vouched for (verified e-mail and/or
// customer id; empty for anonymous).
struct OrderCaller
{
    QString threadId;
    QString clientAddress;
    QString verifiedEmail;
    QString verifiedCustomerId;

    bool verified() const { return !verifiedEmail.isEmpty() || !verifiedCustomerId.isEmpty(); }
};

// The safe whitelist in front of an order source:
//  - an anonymous caller gets an order only when its number AND billing e-mail
//    both match (e-mail trimmed, case-insensitive);
//  - a verified caller gets only their own orders (same customer id or same
//    billing e-mail), whatever e-mail they type;
//  - there is no lookup by e-mail alone, so no listing;
//  - a wrong e-mail and an unknown number give the same NoMatch, so numbers
//    cannot be probed;
//  - failed lookups are counted per thread and per client address; over the
//    limit, lookups are refused (Throttled) without asking the source.
// Thread-safe; one instance serves all worker threads.
class OrderAccess
{
public:
    struct Limits
    {
        int failuresPerThread = 5;   // per window
        int failuresPerAddress = 20; // per window
        int windowMinutes = 10;
    };
    struct Result
    {
        enum class Status { Found, MissingNumber, MissingEmail, InvalidNumber, NoMatch, Throttled, Unavailable };
        Status status = Status::NoMatch;
        std::optional<Order> order; // Found only
        QString detail;             // Unavailable: for operators (our words, no upstream body or secret)
        bool retryable = true;      // Unavailable: whether asking again soon may help
        qint64 retryAfterMs = 0;    // Throttled
    };

    explicit OrderAccess(OrderSource &source) : OrderAccess(source, Limits()) {}
    OrderAccess(OrderSource &source, const Limits &limits);

    Result lookup(const QString &orderNumber, const QString &email, const OrderCaller &caller,
                  QDeadlineTimer deadline = QDeadlineTimer(QDeadlineTimer::Forever), qint64 nowMs = -1);

    OrderSource &source() { return m_source; }
    // "#100482 " -> "100482"
    static QString normalizedNumber(const QString &orderNumber);
    static bool sameEmail(const QString &a, const QString &b);

private:
    bool throttled(const OrderCaller &caller, qint64 nowMs, qint64 *retryAfterMs);
    void recordFailure(const OrderCaller &caller, qint64 nowMs);

    OrderSource &m_source;
    RateLimiter m_threadFailures;
    RateLimiter m_addressFailures;
};

// What the brain may see of an order: number, status (code and plain words),
// dates, item names and quantities, shipping method, tracking. Never
// addresses, phone numbers, payment details, customer notes or meta.
struct OrderProjection
{
    static QJsonObject toJson(const Order &order);
    // "shipped" -> "shipped: the carrier has the parcel"
    static QString statusText(const QString &status);
};

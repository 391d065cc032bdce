#pragma once
#include "order.h"

#include <QDeadlineTimer>
#include <QLoggingCategory>
#include <QString>
#include <optional>

Q_DECLARE_LOGGING_CATEGORY(lcOrders) // supportd.orders

// The answer of an order source: the order, no such order, or the source
// could not answer (detail is for operators: our own words, never an
// upstream body or a secret).
struct OrderLookup
{
    enum class Status { Found, NotFound, Unavailable };
    Status status = Status::NotFound;
    std::optional<Order> order;
    QString detail;
    // Unavailable: whether asking again soon may help (a timeout, a 5xx) or
    // would only repeat the answer (credentials rejected, malformed JSON,
    // rate-limited): get_order's retries follow it.
    bool retryable = true;

    static OrderLookup found(Order order) { return {Status::Found, std::move(order), {}, true}; }
    static OrderLookup notFound() { return {Status::NotFound, std::nullopt, {}, true}; }
    static OrderLookup unavailable(const QString &detail, bool retryable = true)
    {
        return {Status::Unavailable, std::nullopt, detail, retryable};
    }
};

// Where orders come from (the local table, WooCommerce). find() blocks and is
// called on worker threads, several at once; it gives up by the deadline.
class OrderSource
{
public:
    virtual ~OrderSource() = default;
    virtual QString name() const = 0;
    virtual OrderLookup find(const QString &orderNumber, QDeadlineTimer deadline = QDeadlineTimer(QDeadlineTimer::Forever)) = 0;
};

#include "getordertool.h"

#include "orders/orderaccess.h"

GetOrderTool::GetOrderTool(OrderAccess &access)
    : m_access(access),
      m_input(QStringLiteral("get_order input"),
              {FieldSpec::string(QStringLiteral("order_id"),
                                 QStringLiteral("The order number the customer gave (six digits, e.g. 100482; a leading # is fine)."))
                   .length(1, 32)
                   .coerceFromNumber(),
               FieldSpec::string(QStringLiteral("billing_email"),
                                 QStringLiteral("The billing e-mail address the customer ordered with, as they wrote it. "
                                                "Needed unless the customer is signed in."))
                   .length(0, 254),
               // 1.0's name for billing_email: still accepted (moved to
               // billing_email and counted) until 2.0.
               FieldSpec::string(QStringLiteral("email"), QStringLiteral("Deprecated: use billing_email."))
                   .length(0, 254)
                   .deprecate(QStringLiteral("1.1"), QStringLiteral("2.0"), QStringLiteral("billing_email"))}),
      m_output(QStringLiteral("get_order output"),
               {FieldSpec::boolean(QStringLiteral("found"), QStringLiteral("Whether the order was found and may be shown."))
                    .require(),
                FieldSpec::object(QStringLiteral("order"),
                                  QStringLiteral("When found: {number, status, status_text, created_at, paid_at?, "
                                                 "completed_at?, items: [{name, quantity}], item_count, shipping_method?, "
                                                 "tracking?: [{carrier, number, url?, shipped_at?}]}. Times are UTC.")),
                FieldSpec::string(QStringLiteral("reason"), QStringLiteral("When not found: why."))
                    .oneOf({MissingOrderId, MissingEmail, InvalidOrderId, NoMatch, Throttled}),
                FieldSpec::string(QStringLiteral("message"),
                                  QStringLiteral("When not found: what to tell or ask the customer."))})
{
}

QString GetOrderTool::description() const
{
    return QStringLiteral("Looks up one order by its number and the customer's billing e-mail: status, dates, items, "
                          "shipping method and tracking. Both must match; after several failed attempts lookups pause.");
}

namespace {

ToolResult notFound(const QString &reason, const QString &message)
{
    return ToolResult::ok({{QStringLiteral("found"), false},
                           {QStringLiteral("reason"), reason},
                           {QStringLiteral("message"), message}});
}

} // namespace

ToolResult GetOrderTool::run(const QJsonObject &arguments, const ToolContext &context)
{
    OrderCaller caller;
    caller.threadId = context.threadId;
    caller.clientAddress = context.clientAddress;
    caller.verifiedEmail = context.verifiedEmail;
    caller.verifiedCustomerId = context.verifiedCustomerId;
    const OrderAccess::Result result = m_access.lookup(arguments.value(QStringLiteral("order_id")).toString(),
                                                       arguments.value(QStringLiteral("billing_email")).toString(), caller,
                                                       context.deadline);
    using Status = OrderAccess::Result::Status;
    switch (result.status) {
    case Status::Found:
        return ToolResult::ok({{QStringLiteral("found"), true},
                               {QStringLiteral("order"), OrderProjection::toJson(*result.order)}});
    case Status::MissingNumber:
        return notFound(MissingOrderId, QStringLiteral("Ask the customer for the order number (in the order "
                                                       "confirmation e-mail)."));
    case Status::MissingEmail:
        return notFound(MissingEmail, QStringLiteral("Ask the customer for the e-mail address they ordered with."));
    case Status::InvalidNumber:
        return notFound(InvalidOrderId, QStringLiteral("That is not an order number: ask the customer to check it."));
    case Status::NoMatch:
        return notFound(NoMatch, QStringLiteral("No order matches that number and e-mail. Ask the customer to "
                                                "double-check both."));
    case Status::Throttled:
        return notFound(Throttled, QStringLiteral("Too many attempts: try later. Offer a person from the team."));
    case Status::Unavailable:
        break;
    }
    // Our own short words only: the trace shows them to operators. Retried
    // (tools/resilience) unless the source says another try would repeat it.
    const QString error = UnavailableError + QStringLiteral(": ") + result.detail;
    return result.retryable ? ToolResult::failure(error) : ToolResult::permanentFailure(error);
}

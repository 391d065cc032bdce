#pragma once
#include "tool.h"

class OrderAccess;

// get_order(order_id?, email?): one order, through the safe whitelist of
// OrderAccess, as the brain may see it (OrderProjection).
// Output {found, order?, reason?, message?}: found=false with a reason and a
// message the brain acts on (ask for what is missing, ask to double-check,
// too many attempts); a failure ("order_system_unavailable ...") when the
// order system cannot answer, so retries and circuit breaking count it.
class GetOrderTool : public Tool
{
public:
    explicit GetOrderTool(OrderAccess &access);
    QString name() const override { return QStringLiteral("get_order"); }
    QString version() const override { return QStringLiteral("1.1"); }
    QString description() const override;
    const ObjectSchema &inputSchema() const override { return m_input; }
    const ObjectSchema &outputSchema() const override { return m_output; }
    ToolResult run(const QJsonObject &arguments, const ToolContext &context) override;

    // The reasons found=false comes with.
    static inline const QString MissingOrderId = QStringLiteral("missing_order_id");
    static inline const QString MissingEmail = QStringLiteral("missing_email");
    static inline const QString InvalidOrderId = QStringLiteral("invalid_order_id");
    static inline const QString NoMatch = QStringLiteral("no_match");
    static inline const QString Throttled = QStringLiteral("throttled");
    static inline const QString UnavailableError = QStringLiteral("order_system_unavailable");

private:
    OrderAccess &m_access;
    ObjectSchema m_input;
    ObjectSchema m_output;
};

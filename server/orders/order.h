#pragma once
#include <QDateTime>
#include <QJsonArray>
#include <QList>
#include <QString>

// An order as the order sources read it. Everything the shop knows is here,
// including what must never reach the brain (addresses, phone, payment,
// notes, meta): OrderProjection (orderaccess.h) decides what leaves.
struct OrderLineItem
{
    QString name;
    int quantity = 0;
};

struct OrderTracking
{
    QString carrier; // PostNL, DHL, UPS...
    QString number;
    QString url;     // https only; empty when unknown
    QDateTime shippedAt;
};

struct OrderAddress
{
    QString firstName, lastName, company, address1, address2, city, state, postcode, country;
};

struct Order
{
    QString number;
    // Lowercase WooCommerce-style code: pending, processing, on-hold, packed,
    // shipped, completed, delivered, cancelled, refunded, failed (others pass
    // through as the shop names them).
    QString status;
    QDateTime createdAt, paidAt, completedAt; // UTC; null when not (yet) so
    QString billingEmail;
    QString customerId; // empty for guest orders
    QList<OrderLineItem> items;
    QString shippingMethod;
    QList<OrderTracking> tracking;

    // Never shown to the brain or the shopper.
    OrderAddress billingAddress;
    OrderAddress shippingAddress;
    QString phone;
    QString paymentMethodTitle;
    QString transactionId;
    QString customerNote;
    QJsonArray meta; // [{key, value}], internal
};

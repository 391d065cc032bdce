#pragma once
#include "ordersource.h"

class Database;

// Orders kept in supportd's own database (the `orders` table): the embedded
// default, seeded on first start with demo orders of the sample help centre's
// store (Ferncliff Outfitters).
class LocalOrderSource : public OrderSource
{
public:
    explicit LocalOrderSource(Database &database) : m_db(database) {}

    QString name() const override { return QStringLiteral("local"); }
    OrderLookup find(const QString &orderNumber, QDeadlineTimer deadline = QDeadlineTimer(QDeadlineTimer::Forever)) override;

    // Inserts or replaces an order.
    bool save(const Order &order);
    // Seeds demoOrders() once per database (a settings key remembers it, so
    // orders an operator deleted stay deleted). Returns how many were added,
    // 0 when already done, -1 on a database error.
    int seedDemoOrdersOnFirstStart(QString *error);

    // The demo orders, with dates counted back from now.
    static QList<Order> demoOrders(const QDateTime &now);

private:
    Database &m_db;
};

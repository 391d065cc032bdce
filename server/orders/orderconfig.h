#pragma once
#include "woocommerceordersource.h"

#include <QProcessEnvironment>
#include <memory>
#include <optional>

class Database;

// Which order source supportd reads: its own `orders` table (the default,
// with demo orders) or a WooCommerce shop. From the environment:
//   SUPPORTD_ORDER_SOURCE          local | woocommerce (default: woocommerce
//                                  when SUPPORTD_WC_BASE_URL is set, else local)
//   SUPPORTD_WC_BASE_URL           https://shop.example
//   SUPPORTD_WC_CONSUMER_KEY[_FILE], SUPPORTD_WC_CONSUMER_SECRET[_FILE]
//   SUPPORTD_WC_CA_FILE            extra CA bundle (self-signed shops)
//   SUPPORTD_WC_TIMEOUT_MS         whole request, 100..60000 (3000)
// Secrets are never printed: describe() names the source and the shop only.
struct OrderConfig
{
    enum class Source { Local, WooCommerce };
    Source source = Source::Local;
    WooCommerceSettings wooCommerce;

    static std::optional<OrderConfig> fromEnvironment(const QProcessEnvironment &environment, QString *error);
    static std::optional<OrderConfig> fromEnvironment(QString *error)
    {
        return fromEnvironment(QProcessEnvironment::systemEnvironment(), error);
    }
    QString describe() const;
    // The configured source (LocalOrderSource reads `database`).
    std::unique_ptr<OrderSource> createSource(Database &database) const;
};

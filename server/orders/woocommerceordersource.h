#pragma once
#include "ordersource.h"

#include <QJsonObject>

// Where a WooCommerce shop is and how to sign in to its REST API.
struct WooCommerceSettings
{
    QString baseUrl;        // https://shop.example (or https://example.com/shop), no trailing slash
    QString consumerKey;    // ck_...
    QString consumerSecret; // cs_...; never logged
    QString caFile;         // extra CA bundle (self-signed shops, tests); empty: the system store
    int connectTimeoutMs = 2000;
    int timeoutMs = 3000;   // whole request; the tool's deadline may cut it shorter
};

// Reads orders from WooCommerce REST API v3 (GET <base>/wp-json/wc/v3/orders/<id>)
// with HTTP Basic over HTTPS, peers verified, redirects not followed (they
// would carry the credentials elsewhere). One libcurl easy handle per call,
// so calls from several worker threads never share state.
//
// 404 -> not found; 401/403 -> unavailable (credentials rejected); 5xx,
// timeouts, TLS and connection errors, oversized or malformed bodies ->
// unavailable with a short detail in our own words. The upstream body and
// curl's own messages go to the log at most, never into the lookup.
class WooCommerceOrderSource : public OrderSource
{
public:
    explicit WooCommerceOrderSource(WooCommerceSettings settings);

    QString name() const override { return QStringLiteral("woocommerce"); }
    OrderLookup find(const QString &orderNumber, QDeadlineTimer deadline = QDeadlineTimer(QDeadlineTimer::Forever)) override;

    // WooCommerce order JSON -> Order. Found, NotFound (trashed or draft
    // orders) or Unavailable when the JSON is not an order.
    static OrderLookup orderFromJson(const QJsonObject &json);
    // "Ship Your Idea &ndash; Color: Black" -> "Ship Your Idea – Color: Black"
    static QString plainText(const QString &html);

private:
    WooCommerceSettings m_settings;
};

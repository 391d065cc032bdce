#include "orderconfig.h"

#include "localordersource.h"

#include "auth/secrets.h"

#include <QFileInfo>
#include <QUrl>

std::optional<OrderConfig> OrderConfig::fromEnvironment(const QProcessEnvironment &env, QString *error)
{
    QString problem;
    auto fail = [&](const QString &message) -> std::optional<OrderConfig> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    OrderConfig config;
    const QString baseUrl = env.value(QStringLiteral("SUPPORTD_WC_BASE_URL")).trimmed();
    const QString source = env.value(QStringLiteral("SUPPORTD_ORDER_SOURCE")).trimmed().toLower();
    if (source == QLatin1String("local") || (source.isEmpty() && baseUrl.isEmpty()))
        return config;
    if (source != QLatin1String("woocommerce") && !source.isEmpty())
        return fail(QStringLiteral("SUPPORTD_ORDER_SOURCE must be local or woocommerce"));

    config.source = Source::WooCommerce;
    WooCommerceSettings &wc = config.wooCommerce;
    const QUrl url(baseUrl, QUrl::StrictMode);
    if (baseUrl.isEmpty() || !url.isValid() || url.scheme() != QLatin1String("https") || url.host().isEmpty()
        || !url.userInfo().isEmpty() || url.hasQuery() || url.hasFragment())
        return fail(QStringLiteral("SUPPORTD_WC_BASE_URL must be the shop's https:// address (no credentials, query or "
                                   "fragment), e.g. https://shop.example"));
    wc.baseUrl = url.toString(QUrl::FullyEncoded);
    while (wc.baseUrl.endsWith(QLatin1Char('/')))
        wc.baseUrl.chop(1);

    const auto key = secrets::fromEnvironment(env, QStringLiteral("SUPPORTD_WC_CONSUMER_KEY"), &problem);
    if (!key)
        return fail(problem);
    const auto secret = secrets::fromEnvironment(env, QStringLiteral("SUPPORTD_WC_CONSUMER_SECRET"), &problem);
    if (!secret)
        return fail(problem);
    if (key->isEmpty() || secret->isEmpty())
        return fail(QStringLiteral("the WooCommerce order source needs SUPPORTD_WC_CONSUMER_KEY and "
                                   "SUPPORTD_WC_CONSUMER_SECRET (or their _FILE variants)"));
    // A colon would split HTTP Basic's user:password differently.
    if (key->contains(QLatin1Char(':')))
        return fail(QStringLiteral("SUPPORTD_WC_CONSUMER_KEY must not contain ':'"));
    wc.consumerKey = *key;
    wc.consumerSecret = *secret;

    wc.caFile = env.value(QStringLiteral("SUPPORTD_WC_CA_FILE")).trimmed();
    if (!wc.caFile.isEmpty() && !QFileInfo(wc.caFile).isReadable())
        return fail(QStringLiteral("cannot read SUPPORTD_WC_CA_FILE (%1)").arg(wc.caFile));
    const QString timeout = env.value(QStringLiteral("SUPPORTD_WC_TIMEOUT_MS")).trimmed();
    if (!timeout.isEmpty()) {
        bool ok = false;
        const int ms = timeout.toInt(&ok);
        if (!ok || ms < 100 || ms > 60000)
            return fail(QStringLiteral("SUPPORTD_WC_TIMEOUT_MS must be a number of milliseconds from 100 to 60000"));
        wc.timeoutMs = ms;
        wc.connectTimeoutMs = qMin(wc.connectTimeoutMs, ms);
    }
    return config;
}

QString OrderConfig::describe() const
{
    if (source == Source::Local)
        return QStringLiteral("local orders table");
    return QStringLiteral("WooCommerce at %1").arg(wooCommerce.baseUrl);
}

std::unique_ptr<OrderSource> OrderConfig::createSource(Database &database) const
{
    if (source == Source::WooCommerce)
        return std::make_unique<WooCommerceOrderSource>(wooCommerce);
    return std::make_unique<LocalOrderSource>(database);
}

#include "woocommerceordersource.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrl>

#include <curl/curl.h>
#include <mutex>

namespace {

constexpr qsizetype kMaxBodyBytes = 2 * 1024 * 1024; // an order is a few KiB

void initializeCurlOnce()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Body
{
    QByteArray data;
    bool tooLarge = false;
};

size_t collect(char *ptr, size_t size, size_t count, void *userdata)
{
    auto *body = static_cast<Body *>(userdata);
    const size_t bytes = size * count;
    if (body->data.size() + qsizetype(bytes) > kMaxBodyBytes) {
        body->tooLarge = true;
        return 0; // makes curl stop with CURLE_WRITE_ERROR
    }
    body->data.append(ptr, qsizetype(bytes));
    return bytes;
}

struct CurlHandle
{
    CURL *handle = curl_easy_init();
    curl_slist *headers = nullptr;
    ~CurlHandle()
    {
        curl_slist_free_all(headers);
        if (handle)
            curl_easy_cleanup(handle);
    }
};

// Our words for what went wrong on the wire (curl's messages name hosts and
// paths: they go to the log only).
QString describeCurlError(CURLcode code, int timeoutMs)
{
    switch (code) {
    case CURLE_OPERATION_TIMEDOUT: return QStringLiteral("no answer within %1 ms").arg(timeoutMs);
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: return QStringLiteral("host name not resolved");
    case CURLE_COULDNT_CONNECT: return QStringLiteral("connection refused or unreachable");
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM: return QStringLiteral("TLS handshake or certificate check failed");
    case CURLE_UNSUPPORTED_PROTOCOL: return QStringLiteral("only https is allowed");
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE: return QStringLiteral("connection dropped mid-request");
    default: return QStringLiteral("transfer failed (curl error %1)").arg(int(code));
    }
}

QDateTime dateFrom(const QJsonObject &json, const char *gmtKey, const char *localKey)
{
    // *_gmt fields are UTC without a zone suffix; the plain ones are the
    // shop's local time, used only when the UTC one is missing.
    for (const char *key : {gmtKey, localKey}) {
        const QString text = json.value(QLatin1String(key)).toString();
        if (text.isEmpty())
            continue;
        QDateTime time = QDateTime::fromString(text, Qt::ISODate);
        if (!time.isValid())
            continue;
        if (time.timeSpec() == Qt::LocalTime)
            time.setTimeSpec(Qt::UTC);
        return time.toUTC();
    }
    return {};
}

// Text from the shop that the brain may see: entities decoded, tags and
// control characters gone, clipped.
QString safeText(const QString &text, int maxLength = 200)
{
    QString plain = WooCommerceOrderSource::plainText(text);
    plain.removeIf([](QChar c) { return c.category() == QChar::Other_Control || c.category() == QChar::Other_Format; });
    return plain.simplified().left(maxLength);
}

QString safeHttpsUrl(const QString &text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || url.scheme() != QLatin1String("https") || url.host().isEmpty() || !url.userInfo().isEmpty())
        return {};
    return url.toString(QUrl::FullyEncoded).left(500);
}

// The tracking page of a carrier the Shipment Tracking extension names
// without a link of its own.
QString carrierTrackingUrl(const QString &carrier, const QString &number)
{
    const QString key = carrier.toLower().remove(QLatin1Char(' '));
    const QString n = QString::fromLatin1(QUrl::toPercentEncoding(number));
    if (key == QLatin1String("ups"))
        return QStringLiteral("https://www.ups.com/track?tracknum=") + n;
    if (key.startsWith(QLatin1String("dhl")))
        return QStringLiteral("https://www.dhl.com/global-en/home/tracking.html?tracking-id=") + n;
    if (key == QLatin1String("postnl"))
        return QStringLiteral("https://jouw.postnl.nl/track-and-trace/") + n;
    if (key == QLatin1String("usps"))
        return QStringLiteral("https://tools.usps.com/go/TrackConfirmAction?tLabels=") + n;
    if (key == QLatin1String("fedex"))
        return QStringLiteral("https://www.fedex.com/fedextrack/?trknbr=") + n;
    return {};
}

QString metaString(const QJsonValue &value)
{
    return value.isString() ? value.toString() : value.isDouble() ? QString::number(value.toInteger()) : QString();
}

// Tracking from the order's meta: the WooCommerce Shipment Tracking extension
// (and Advanced Shipment Tracking, same key) store a list of parcels.
QList<OrderTracking> trackingFromMeta(const QJsonArray &meta)
{
    QList<OrderTracking> tracking;
    for (const QJsonValue &entry : meta) {
        const QJsonObject object = entry.toObject();
        if (object.value(QStringLiteral("key")).toString() != QLatin1String("_wc_shipment_tracking_items"))
            continue;
        for (const QJsonValue &itemValue : object.value(QStringLiteral("value")).toArray()) {
            const QJsonObject item = itemValue.toObject();
            OrderTracking t;
            t.number = safeText(metaString(item.value(QStringLiteral("tracking_number"))), 64);
            if (t.number.isEmpty())
                continue;
            t.carrier = safeText(item.value(QStringLiteral("tracking_provider")).toString(), 60);
            if (t.carrier.isEmpty())
                t.carrier = safeText(item.value(QStringLiteral("custom_tracking_provider")).toString(), 60);
            t.url = safeHttpsUrl(item.value(QStringLiteral("custom_tracking_link")).toString());
            if (t.url.isEmpty())
                t.url = carrierTrackingUrl(t.carrier, t.number);
            const qint64 shipped = metaString(item.value(QStringLiteral("date_shipped"))).toLongLong();
            if (shipped > 0)
                t.shippedAt = QDateTime::fromSecsSinceEpoch(shipped, Qt::UTC);
            tracking.append(t);
        }
    }
    return tracking;
}

OrderAddress addressFrom(const QJsonObject &o)
{
    auto s = [&o](const char *key) { return o.value(QLatin1String(key)).toString(); };
    return {s("first_name"), s("last_name"), s("company"), s("address_1"), s("address_2"),
            s("city"),       s("state"),     s("postcode"), s("country")};
}

const QRegularExpression &orderIdPattern()
{
    static const QRegularExpression pattern(QStringLiteral("^[0-9]{1,18}$"));
    return pattern;
}

} // namespace

WooCommerceOrderSource::WooCommerceOrderSource(WooCommerceSettings settings) : m_settings(std::move(settings))
{
    while (m_settings.baseUrl.endsWith(QLatin1Char('/')))
        m_settings.baseUrl.chop(1);
    initializeCurlOnce();
}

QString WooCommerceOrderSource::plainText(const QString &html)
{
    static const QRegularExpression tags(QStringLiteral("<[^>]*>"));
    static const QRegularExpression entity(QStringLiteral("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});"));
    static const QHash<QString, QString> named = {
        {QStringLiteral("amp"), QStringLiteral("&")},     {QStringLiteral("lt"), QStringLiteral("<")},
        {QStringLiteral("gt"), QStringLiteral(">")},      {QStringLiteral("quot"), QStringLiteral("\"")},
        {QStringLiteral("apos"), QStringLiteral("'")},    {QStringLiteral("nbsp"), QStringLiteral(" ")},
        {QStringLiteral("ndash"), QStringLiteral("–")},   {QStringLiteral("mdash"), QStringLiteral("—")},
        {QStringLiteral("hellip"), QStringLiteral("…")},  {QStringLiteral("lsquo"), QStringLiteral("‘")},
        {QStringLiteral("rsquo"), QStringLiteral("’")},   {QStringLiteral("ldquo"), QStringLiteral("“")},
        {QStringLiteral("rdquo"), QStringLiteral("”")},   {QStringLiteral("times"), QStringLiteral("×")},
        {QStringLiteral("deg"), QStringLiteral("°")},     {QStringLiteral("euro"), QStringLiteral("€")},
        {QStringLiteral("pound"), QStringLiteral("£")},   {QStringLiteral("trade"), QStringLiteral("™")},
        {QStringLiteral("reg"), QStringLiteral("®")},     {QStringLiteral("copy"), QStringLiteral("©")}};
    QString text = html;
    text.remove(tags);
    QString out;
    qsizetype last = 0;
    auto it = entity.globalMatch(text);
    while (it.hasNext()) {
        const auto match = it.next();
        out += QStringView(text).mid(last, match.capturedStart() - last);
        last = match.capturedEnd();
        const QString name = match.captured(1);
        if (name.startsWith(QLatin1Char('#'))) {
            bool ok = false;
            const uint code = name.startsWith(QLatin1String("#x"), Qt::CaseInsensitive) ? name.mid(2).toUInt(&ok, 16)
                                                                                        : name.mid(1).toUInt(&ok, 10);
            if (ok && code > 0 && code <= 0x10FFFF && !(code >= 0xD800 && code <= 0xDFFF)) {
                const char32_t c = code;
                out += QString::fromUcs4(&c, 1);
            }
        } else {
            out += named.value(name, match.captured(0));
        }
    }
    out += QStringView(text).mid(last);
    return out;
}

OrderLookup WooCommerceOrderSource::orderFromJson(const QJsonObject &json)
{
    const QJsonValue id = json.value(QStringLiteral("id"));
    const QJsonValue status = json.value(QStringLiteral("status"));
    if (!id.isDouble() || !status.isString() || !json.value(QStringLiteral("billing")).isObject())
        return OrderLookup::unavailable(QStringLiteral("the order system answered with something that is not an order"));

    Order order;
    order.number = json.value(QStringLiteral("number")).toString();
    if (order.number.isEmpty())
        order.number = QString::number(id.toInteger());
    order.number = safeText(order.number, 32);
    order.status = status.toString().toLower();
    if (order.status.startsWith(QLatin1String("wc-")))
        order.status = order.status.mid(3);
    static const QRegularExpression statusCode(QStringLiteral("^[a-z0-9_-]{1,40}$"));
    if (!statusCode.match(order.status).hasMatch())
        order.status = QStringLiteral("unknown");
    // Deleted and unfinished checkouts are not orders a shopper has.
    if (order.status == QLatin1String("trash") || order.status == QLatin1String("checkout-draft")
        || order.status == QLatin1String("auto-draft"))
        return OrderLookup::notFound();

    order.createdAt = dateFrom(json, "date_created_gmt", "date_created");
    order.paidAt = dateFrom(json, "date_paid_gmt", "date_paid");
    order.completedAt = dateFrom(json, "date_completed_gmt", "date_completed");
    const QJsonObject billing = json.value(QStringLiteral("billing")).toObject();
    order.billingEmail = billing.value(QStringLiteral("email")).toString().trimmed();
    const qint64 customer = json.value(QStringLiteral("customer_id")).toInteger();
    if (customer > 0) // 0 is a guest
        order.customerId = QString::number(customer);

    for (const QJsonValue &value : json.value(QStringLiteral("line_items")).toArray()) {
        const QJsonObject item = value.toObject();
        const QString name = safeText(item.value(QStringLiteral("name")).toString());
        if (!name.isEmpty())
            order.items.append({name, int(qBound(qint64(0), item.value(QStringLiteral("quantity")).toInteger(), qint64(100000)))});
    }
    QStringList methods;
    for (const QJsonValue &value : json.value(QStringLiteral("shipping_lines")).toArray()) {
        const QString method = safeText(value.toObject().value(QStringLiteral("method_title")).toString(), 100);
        if (!method.isEmpty() && !methods.contains(method))
            methods.append(method);
    }
    order.shippingMethod = methods.join(QStringLiteral(", "));
    order.meta = json.value(QStringLiteral("meta_data")).toArray();
    order.tracking = trackingFromMeta(order.meta);

    order.billingAddress = addressFrom(billing);
    order.shippingAddress = addressFrom(json.value(QStringLiteral("shipping")).toObject());
    order.phone = billing.value(QStringLiteral("phone")).toString();
    order.paymentMethodTitle = json.value(QStringLiteral("payment_method_title")).toString();
    order.transactionId = json.value(QStringLiteral("transaction_id")).toString();
    order.customerNote = json.value(QStringLiteral("customer_note")).toString();
    return OrderLookup::found(order);
}

OrderLookup WooCommerceOrderSource::find(const QString &orderNumber, QDeadlineTimer deadline)
{
    // The REST API takes the order's id; WooCommerce's numbers are those ids.
    const QString id = orderNumber.trimmed();
    if (!orderIdPattern().match(id).hasMatch())
        return OrderLookup::notFound();

    const qint64 left = deadline.isForever() ? m_settings.timeoutMs : deadline.remainingTime();
    const int timeoutMs = int(qBound(qint64(0), left, qint64(m_settings.timeoutMs)));
    if (timeoutMs <= 0)
        return OrderLookup::unavailable(QStringLiteral("no time left for the order system"));

    CurlHandle curl;
    if (!curl.handle)
        return OrderLookup::unavailable(QStringLiteral("could not start an HTTP request"));
    const QByteArray url = (m_settings.baseUrl + QStringLiteral("/wp-json/wc/v3/orders/") + id).toUtf8();
    const QByteArray user = m_settings.consumerKey.toUtf8();
    const QByteArray password = m_settings.consumerSecret.toUtf8();
    const QByteArray caFile = m_settings.caFile.toLocal8Bit();
    Body body;
    char curlMessage[CURL_ERROR_SIZE] = {};
    curl.headers = curl_slist_append(curl.headers, "Accept: application/json");

    CURL *h = curl.handle;
    curl_easy_setopt(h, CURLOPT_URL, url.constData());
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "https");
#else
    curl_easy_setopt(h, CURLOPT_PROTOCOLS, long(CURLPROTO_HTTPS));
#endif
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, long(CURLAUTH_BASIC));
    curl_easy_setopt(h, CURLOPT_USERNAME, user.constData());
    curl_easy_setopt(h, CURLOPT_PASSWORD, password.constData());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, curl.headers);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "supportd/" SUPPORT_VERSION);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!caFile.isEmpty())
        curl_easy_setopt(h, CURLOPT_CAINFO, caFile.constData());
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L); // worker threads: no SIGALRM for timeouts
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, long(qMin(m_settings.connectTimeoutMs, timeoutMs)));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, long(timeoutMs));
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, curlMessage);

    const CURLcode code = curl_easy_perform(h);
    if (body.tooLarge)
        return OrderLookup::unavailable(QStringLiteral("the order system's answer is larger than %1 bytes").arg(kMaxBodyBytes),
                                        false);
    if (code != CURLE_OK) {
        qCWarning(lcOrders) << "WooCommerce request failed:" << int(code) << curlMessage;
        return OrderLookup::unavailable(describeCurlError(code, timeoutMs));
    }
    long httpStatus = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &httpStatus);
    if (httpStatus == 404)
        return OrderLookup::notFound();
    if (httpStatus == 401 || httpStatus == 403)
        // Not retried: the same credentials get the same answer.
        return OrderLookup::unavailable(QStringLiteral("order system rejected our credentials (HTTP %1)").arg(httpStatus),
                                        false);
    if (httpStatus == 429)
        return OrderLookup::unavailable(QStringLiteral("order system is rate-limiting us (HTTP 429)"), false);
    if (httpStatus >= 500)
        return OrderLookup::unavailable(QStringLiteral("order system error (HTTP %1)").arg(httpStatus));
    if (httpStatus != 200)
        return OrderLookup::unavailable(QStringLiteral("unexpected answer from the order system (HTTP %1)").arg(httpStatus));

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body.data, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return OrderLookup::unavailable(QStringLiteral("malformed JSON from the order system"), false);
    OrderLookup lookup = orderFromJson(document.object());
    // An answer about another order (a proxy or plugin gone wrong) must not
    // be shown as this one.
    if (lookup.order && QString::number(document.object().value(QStringLiteral("id")).toInteger()) != id
        && lookup.order->number != id)
        return OrderLookup::unavailable(QStringLiteral("the order system answered about another order"), false);
    return lookup;
}

#include "signedwebhook.h"

#include "auth/crypto.h"
#include "auth/secrets.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QThread>

#include <curl/curl.h>
#include <mutex>

qint64 WebhookTarget::backoffMs(int attempts) const
{
    return qMin<qint64>(qint64(firstBackoffMs) << qBound(0, attempts - 1, 20), maxBackoffMs);
}

std::optional<WebhookTarget> WebhookTarget::fromEnvironment(const QString &prefix, QString *error)
{
    WebhookTarget target;
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QString urlName = prefix + QStringLiteral("_URL");
    const QString secretName = prefix + QStringLiteral("_SECRET");
    const QString url = env.value(urlName).trimmed();
    if (url.isEmpty())
        return target; // not configured
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid() || (parsed.scheme() != QLatin1String("https") && parsed.scheme() != QLatin1String("http"))
        || parsed.host().isEmpty()) {
        if (error)
            *error = QStringLiteral("%1 must be an http(s) URL").arg(urlName);
        return std::nullopt;
    }
    QString secretError;
    const std::optional<QString> secret = secrets::fromEnvironment(env, secretName, &secretError);
    if (!secret) {
        if (error)
            *error = secretError;
        return std::nullopt;
    }
    if (secret->isEmpty()) {
        if (error)
            *error = QStringLiteral("%1 is set without %2 or %2_FILE").arg(urlName, secretName);
        return std::nullopt;
    }
    target.url = parsed;
    target.secret = secret->toUtf8();
    return target;
}

namespace webhook {

namespace {

void initCurl()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

size_t collect(char *data, size_t size, size_t count, void *user)
{
    auto *body = static_cast<QByteArray *>(user);
    const size_t bytes = size * count;
    if (body->size() + qsizetype(bytes) > 64 * 1024)
        return 0; // a receiver's answer is small; stop reading a flood
    body->append(data, qsizetype(bytes));
    return bytes;
}

} // namespace

QByteArray signature(const QByteArray &secret, const QByteArray &timestamp, const QByteArray &body)
{
    return "sha256=" + crypto::hmacSha256Hex(secret, timestamp + '.' + body).toLatin1();
}

Attempt post(const WebhookTarget &target, const QByteArray &event, const QByteArray &body)
{
    initCurl();
    Attempt attempt;
    const QByteArray timestamp = QByteArray::number(QDateTime::currentSecsSinceEpoch());
    const QByteArray url = target.url.toEncoded();

    CURL *h = curl_easy_init();
    if (!h) {
        attempt.error = QStringLiteral("cannot start an HTTP client");
        return attempt;
    }
    curl_slist *headers = nullptr;
    headers = curl_slist_append(headers, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Accept: application/json");
    headers = curl_slist_append(headers, "Expect:"); // no 100-continue round trip
    headers = curl_slist_append(headers, ("X-Support-Event: " + event).constData());
    headers = curl_slist_append(headers, ("X-Support-Timestamp: " + timestamp).constData());
    headers = curl_slist_append(headers,
                                ("X-Support-Signature: " + signature(target.secret, timestamp, body)).constData());
    QByteArray response;
    char curlMessage[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(h, CURLOPT_URL, url.constData());
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(h, CURLOPT_PROTOCOLS, long(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.constData());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, long(body.size()));
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_USERAGENT, "supportd/" SUPPORT_VERSION);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, long(qMin(target.connectTimeoutMs, target.timeoutMs)));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, long(target.timeoutMs));
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &response);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, curlMessage);
    const CURLcode code = curl_easy_perform(h);
    long status = 0;
    if (code == CURLE_OK)
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(h);

    if (code == CURLE_OPERATION_TIMEDOUT) {
        attempt.timedOut = true;
        attempt.error = QStringLiteral("timeout");
        return attempt;
    }
    if (code != CURLE_OK) {
        // libcurl's own words name the failure, never our headers or body.
        attempt.error = QStringLiteral("connection failed: ") + QString::fromLatin1(curl_easy_strerror(code));
        return attempt;
    }
    attempt.httpStatus = int(status);
    if (status >= 200 && status < 300) {
        const QJsonValue id = QJsonDocument::fromJson(response).object().value(QStringLiteral("id"));
        if (id.isString())
            attempt.externalId = id.toString().left(200);
        else if (id.isDouble())
            attempt.externalId = QString::number(qint64(id.toDouble()));
    } else {
        attempt.error = QStringLiteral("HTTP %1").arg(status); // the receiver's body stays out of our records
    }
    return attempt;
}

bool retryable(const Attempt &attempt)
{
    if (attempt.httpStatus == 0)
        return true; // timeout, refused, reset
    if (attempt.httpStatus == 408 || attempt.httpStatus == 429)
        return true;
    return attempt.httpStatus >= 500;
}

bool sleepUnlessStopping(const std::atomic<bool> &stopping, qint64 ms)
{
    QDeadlineTimer until(ms);
    while (!until.hasExpired()) {
        if (stopping)
            return false;
        QThread::msleep(quint64(qMin<qint64>(50, qMax<qint64>(1, until.remainingTime()))));
    }
    return !stopping;
}

} // namespace webhook

#include "helpdeskwebhook.h"

#include "auth/crypto.h"
#include "store/ticketstore.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QThread>

#include <curl/curl.h>
#include <mutex>

Q_LOGGING_CATEGORY(lcHelpdesk, "supportd.helpdesk")

std::optional<HelpdeskConfig> HelpdeskConfig::fromEnvironment(QString *error)
{
    HelpdeskConfig config;
    const QString url = qEnvironmentVariable("SUPPORTD_HELPDESK_WEBHOOK_URL").trimmed();
    if (url.isEmpty())
        return config; // not configured: tickets stay in the database
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid() || (parsed.scheme() != QLatin1String("https") && parsed.scheme() != QLatin1String("http"))
        || parsed.host().isEmpty()) {
        if (error)
            *error = QStringLiteral("SUPPORTD_HELPDESK_WEBHOOK_URL must be an http(s) URL");
        return std::nullopt;
    }
    QByteArray secret = qgetenv("SUPPORTD_HELPDESK_WEBHOOK_SECRET");
    const QString secretFile = qEnvironmentVariable("SUPPORTD_HELPDESK_WEBHOOK_SECRET_FILE");
    if (secret.isEmpty() && !secretFile.isEmpty()) {
        QFile file(secretFile);
        if (!file.open(QIODevice::ReadOnly)) {
            if (error)
                *error = QStringLiteral("cannot read SUPPORTD_HELPDESK_WEBHOOK_SECRET_FILE");
            return std::nullopt;
        }
        secret = file.readAll();
        while (secret.endsWith('\n') || secret.endsWith('\r'))
            secret.chop(1);
    }
    if (secret.isEmpty()) {
        if (error)
            *error = QStringLiteral("SUPPORTD_HELPDESK_WEBHOOK_URL is set without SUPPORTD_HELPDESK_WEBHOOK_SECRET "
                                    "or SUPPORTD_HELPDESK_WEBHOOK_SECRET_FILE");
        return std::nullopt;
    }
    config.url = parsed;
    config.secret = secret;
    return config;
}

namespace helpdesk {

QByteArray signature(const QByteArray &secret, const QByteArray &timestamp, const QByteArray &body)
{
    return "sha256=" + crypto::hmacSha256Hex(secret, timestamp + '.' + body).toLatin1();
}

QByteArray payload(const StoredTicket &stored)
{
    const Ticket &t = stored.ticket;
    const QJsonObject ticket{{QStringLiteral("id"), t.id},
                             {QStringLiteral("thread_id"), t.threadId},
                             {QStringLiteral("email"), t.email},
                             {QStringLiteral("subject"), t.subject},
                             {QStringLiteral("body"), t.body},
                             {QStringLiteral("priority"), t.priority},
                             {QStringLiteral("status"), t.status},
                             {QStringLiteral("channel"), stored.channel},
                             {QStringLiteral("created_at"),
                              QDateTime::fromMSecsSinceEpoch(t.createdAt, Qt::UTC).toString(Qt::ISODateWithMs)}};
    return QJsonDocument(QJsonObject{{QStringLiteral("event"), QStringLiteral("ticket.created")},
                                     {QStringLiteral("ticket"), ticket}})
        .toJson(QJsonDocument::Compact);
}

} // namespace helpdesk

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

HelpdeskWebhook::HelpdeskWebhook(Database &database, HelpdeskConfig config)
    : m_db(database), m_config(std::move(config))
{
    initCurl();
    m_pool.setMaxThreadCount(2);
    m_pool.setExpiryTimeout(-1);
}

HelpdeskWebhook::~HelpdeskWebhook()
{
    m_stopping = true;
    m_pool.waitForDone();
}

void HelpdeskWebhook::enqueue(const QString &ticketId)
{
    {
        QMutexLocker lock(&m_mutex);
        if (m_stopping || m_queued.contains(ticketId))
            return;
        m_queued.insert(ticketId);
    }
    m_pool.start([this, ticketId] {
        deliver(ticketId);
        QMutexLocker lock(&m_mutex);
        m_queued.remove(ticketId);
    });
}

int HelpdeskWebhook::resumePending()
{
    const QList<StoredTicket> pending = TicketStore(m_db).pendingDeliveries();
    for (const StoredTicket &stored : pending)
        enqueue(stored.ticket.id);
    if (!pending.isEmpty())
        qCInfo(lcHelpdesk) << "resuming" << pending.size() << "pending ticket deliveries";
    return int(pending.size());
}

bool HelpdeskWebhook::waitForIdle(int timeoutMs)
{
    return m_pool.waitForDone(timeoutMs);
}

bool HelpdeskWebhook::sleepUnlessStopping(int ms)
{
    QDeadlineTimer until(ms);
    while (!until.hasExpired()) {
        if (m_stopping)
            return false;
        QThread::msleep(quint64(qMin<qint64>(50, qMax<qint64>(1, until.remainingTime()))));
    }
    return !m_stopping;
}

bool HelpdeskWebhook::retryable(const Attempt &attempt)
{
    if (attempt.httpStatus == 0)
        return true; // timeout, refused, reset
    if (attempt.httpStatus == 408 || attempt.httpStatus == 429)
        return true;
    return attempt.httpStatus >= 500;
}

void HelpdeskWebhook::deliver(const QString &ticketId)
{
    TicketStore store(m_db);
    std::optional<StoredTicket> stored = store.find(ticketId);
    if (!stored || stored->deliveryStatus != delivery::Pending)
        return;
    int attempts = stored->deliveryAttempts;
    // A resumed delivery waits what was left of its backoff.
    const qint64 wait = stored->nextAttemptAt - QDateTime::currentMSecsSinceEpoch();
    if (wait > 0 && !sleepUnlessStopping(int(qMin<qint64>(wait, m_config.maxBackoffMs))))
        return;
    while (!m_stopping) {
        const Attempt attempt = post(*stored);
        ++attempts;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        TicketStore::DeliveryUpdate update;
        update.attempts = attempts;
        if (attempt.httpStatus >= 200 && attempt.httpStatus < 300) {
            update.status = delivery::Delivered;
            update.externalId = attempt.externalId;
            store.setDelivery(ticketId, update, now);
            qCInfo(lcHelpdesk).noquote() << "ticket" << ticketId << "delivered after" << attempts << "attempt(s)";
            return;
        }
        update.error = attempt.error;
        if (!retryable(attempt) || attempts >= m_config.maxAttempts) {
            update.status = delivery::Failed;
            store.setDelivery(ticketId, update, now);
            qCWarning(lcHelpdesk).noquote() << "ticket" << ticketId << "not delivered:" << attempt.error << "after"
                                            << attempts << "attempt(s)";
            return;
        }
        const qint64 backoff = qMin<qint64>(qint64(m_config.firstBackoffMs) << qMin(attempts - 1, 20),
                                            m_config.maxBackoffMs);
        update.status = delivery::Pending;
        update.nextAttemptAt = now + backoff;
        store.setDelivery(ticketId, update, now);
        qCInfo(lcHelpdesk).noquote() << "ticket" << ticketId << "delivery attempt" << attempts << "failed:"
                                     << attempt.error << "; retrying in" << backoff << "ms";
        if (!sleepUnlessStopping(int(backoff)))
            return; // still pending: resumed on the next start
    }
}

HelpdeskWebhook::Attempt HelpdeskWebhook::post(const StoredTicket &stored) const
{
    Attempt attempt;
    const QByteArray body = helpdesk::payload(stored);
    const QByteArray timestamp = QByteArray::number(QDateTime::currentSecsSinceEpoch());
    const QByteArray url = m_config.url.toEncoded();

    CURL *h = curl_easy_init();
    if (!h) {
        attempt.error = QStringLiteral("cannot start an HTTP client");
        return attempt;
    }
    curl_slist *headers = nullptr;
    headers = curl_slist_append(headers, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Accept: application/json");
    headers = curl_slist_append(headers, "Expect:"); // no 100-continue round trip
    headers = curl_slist_append(headers, ("X-Support-Event: ticket.created"));
    headers = curl_slist_append(headers, ("X-Support-Timestamp: " + timestamp).constData());
    headers = curl_slist_append(headers,
                                ("X-Support-Signature: " + helpdesk::signature(m_config.secret, timestamp, body)).constData());
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
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, long(qMin(m_config.connectTimeoutMs, m_config.timeoutMs)));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, long(m_config.timeoutMs));
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

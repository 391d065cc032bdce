#pragma once
#include <QByteArray>
#include <QString>
#include <QUrl>
#include <atomic>
#include <optional>

// Where a signed webhook goes and how hard to try, read from the environment
// as <PREFIX>_URL plus <PREFIX>_SECRET or <PREFIX>_SECRET_FILE. The secret is
// never logged, stored or put in an error text.
struct WebhookTarget
{
    QUrl url;
    QByteArray secret;
    int timeoutMs = 5000;          // whole request
    int connectTimeoutMs = 2000;
    int maxAttempts = 5;
    int firstBackoffMs = 1000;     // then doubled: 1 s, 2 s, 4 s, 8 s
    int maxBackoffMs = 60000;

    bool enabled() const { return url.isValid() && !url.isEmpty(); }
    // The wait after `attempts` failed attempts (1-based), doubled each time, capped.
    qint64 backoffMs(int attempts) const;
    // nullopt with *error when the variables are set but wrong (no secret,
    // unreadable secret file, not an http(s) URL); a disabled target when unset.
    static std::optional<WebhookTarget> fromEnvironment(const QString &prefix, QString *error);
};

// One signed POST, shared by every webhook supportd sends (helpdesk tickets,
// site events). The receiver checks:
//   X-Support-Event:     the event name, e.g. "ticket.created"
//   X-Support-Timestamp: unix seconds (reject when more than 5 minutes off)
//   X-Support-Signature: "sha256=" + hex HMAC-SHA256(secret, timestamp + "." + raw body)
namespace webhook {

QByteArray signature(const QByteArray &secret, const QByteArray &timestamp, const QByteArray &body);

struct Attempt
{
    int httpStatus = 0; // 0: no HTTP answer
    bool timedOut = false;
    QString error;      // short, ours: "HTTP 503", "timeout", "connection failed: ..."
    QString externalId; // the 2xx answer's "id", when it has one
};

// Blocking (libcurl; call it off the event loop). The receiver's answer body
// is read only for its "id" and never recorded.
Attempt post(const WebhookTarget &target, const QByteArray &event, const QByteArray &body);

// 408, 429, 5xx, timeouts and connection errors are worth another try; any
// other 4xx will fail the same way again.
bool retryable(const Attempt &attempt);

// Sleeps ms in short steps; false as soon as `stopping` is set (shutdown).
bool sleepUnlessStopping(const std::atomic<bool> &stopping, qint64 ms);

} // namespace webhook

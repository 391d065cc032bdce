#pragma once
#include "clientidentity.h"
#include "ratelimiter.h"

#include <QJsonObject>
#include <QMutex>

#include <functional>

// The budgets of supportd's callers, per minute and per client (never global).
// Bursts: a quarter of a minute's allowance, at least 10, never more than the
// minute's, unless `burst` says otherwise.
struct RateLimitConfig
{
    bool enabled = true;                  // SUPPORTD_RATE_LIMIT=off: none at all (load tests, benchmarks)
    double newThreadsPerMinute = 30;      // public: per client
    double messagesPerMinute = 60;        // public: per client (a thread's first message counts too)
    double verifiedMessagesPerMinute = 120; // a signed-in shopper (valid JWT): per user, wherever they are
    double operatorRequestsPerMinute = 600; // admin routes: per operator
    int devicesPerAddress = 4;            // an address's budget is at most this many clients' (rotating device ids gain nothing)
    double burst = 0;                     // tokens at once for every budget; 0: derived from the rate
    qsizetype maxKeys = RateLimiter::kDefaultMaxKeys; // buckets kept per budget (memory bound)

    static RateLimitConfig off();
    double burstFor(double perMinute) const;
    QJsonObject describe() const;
};

// The rate limits of the public channel, the signed-in shoppers and the
// operators. A public client is its address plus its device id; without a
// device id, the address alone. Each device has the per-client budget, and all
// devices of one address share devicesPerAddress times that. Thread-safe.
class RateLimits
{
public:
    explicit RateLimits(const RateLimitConfig &config);

    struct Verdict
    {
        bool allowed = true;
        qint64 retryAfterMs = 0;
        QString budget; // which one refused: "new_threads", "messages", "operator"
        // Retry-After: whole seconds, at least 1.
        qint64 retryAfterSeconds() const { return qMax<qint64>(1, (retryAfterMs + 999) / 1000); }
    };

    Verdict admitPublicMessage(const ClientIdentity &client, bool newThread);
    Verdict admitVerifiedMessage(const QString &subject, bool newThread);
    Verdict admitOperatorRequest(const QString &operatorName);

    bool enabled() const { return m_config.enabled; }
    const RateLimitConfig &config() const { return m_config; }
    // Milliseconds since the epoch; tests pass a clock of their own.
    void setClock(std::function<qint64()> clock);

private:
    struct Budget
    {
        RateLimiter *limiter;
        QString key;
        QString name;
    };
    Verdict admit(const QList<Budget> &budgets);
    qint64 now() const;

    RateLimitConfig m_config;
    std::function<qint64()> m_clock;
    QMutex m_mutex; // check every bucket, then take from each: all or nothing
    RateLimiter m_threadsPerClient;
    RateLimiter m_threadsPerAddress;
    RateLimiter m_messagesPerClient;
    RateLimiter m_messagesPerAddress;
    RateLimiter m_verifiedMessages;
    RateLimiter m_operatorRequests;
};

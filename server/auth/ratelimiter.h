#pragma once
#include <QHash>
#include <QMutex>
#include <QString>

// Token buckets keyed by a string (a client address, a user name). Thread-safe;
// idle buckets are pruned so memory stays bounded. A rate of 0 disables it.
// At most maxKeys buckets are kept: past that, the least recently used half is
// dropped (a dropped bucket starts full again, which only ever errs towards
// letting a client through).
class RateLimiter
{
public:
    static constexpr qsizetype kDefaultMaxKeys = 100000;
    RateLimiter(double perMinute, double burst, qsizetype maxKeys = kDefaultMaxKeys);

    // Takes one token; false when the key is over its rate. retryAfterMs says
    // when the next token comes.
    bool tryAcquire(const QString &key, qint64 nowMs, qint64 *retryAfterMs = nullptr);
    // Whether a key would be refused now, without taking a token.
    bool isLimited(const QString &key, qint64 nowMs, qint64 *retryAfterMs = nullptr);
    void reset(const QString &key);
    bool enabled() const { return m_perMinute > 0; }
    qsizetype trackedKeys() const;

private:
    struct Bucket
    {
        double tokens = 0;
        qint64 updatedMs = 0;
    };
    void refill(Bucket &bucket, qint64 nowMs) const;
    void pruneIfNeeded(qint64 nowMs);

    void evictLeastRecentlyUsed();

    double m_perMinute;
    double m_burst;
    qsizetype m_maxKeys;
    mutable QMutex m_mutex;
    QHash<QString, Bucket> m_buckets;
    qint64 m_lastPruneMs = 0;
};

#include "ratelimiter.h"

#include <QMutexLocker>
#include <algorithm>
#include <cmath>
#include <vector>

RateLimiter::RateLimiter(double perMinute, double burst, qsizetype maxKeys)
    : m_perMinute(perMinute), m_burst(qMax(1.0, burst)), m_maxKeys(qMax<qsizetype>(2, maxKeys))
{
}

void RateLimiter::refill(Bucket &bucket, qint64 nowMs) const
{
    const double elapsedMinutes = double(nowMs - bucket.updatedMs) / 60000.0;
    bucket.tokens = qMin(m_burst, bucket.tokens + elapsedMinutes * m_perMinute);
    bucket.updatedMs = nowMs;
}

void RateLimiter::pruneIfNeeded(qint64 nowMs)
{
    if (nowMs - m_lastPruneMs < 60000 && m_buckets.size() < m_maxKeys)
        return;
    m_lastPruneMs = nowMs;
    // A bucket that has refilled completely carries no information.
    const qint64 fullAfterMs = qint64(std::ceil(m_burst / m_perMinute * 60000.0));
    for (auto it = m_buckets.begin(); it != m_buckets.end();) {
        if (nowMs - it->updatedMs >= fullAfterMs)
            it = m_buckets.erase(it);
        else
            ++it;
    }
    if (m_buckets.size() >= m_maxKeys)
        evictLeastRecentlyUsed();
}

void RateLimiter::evictLeastRecentlyUsed()
{
    // Half at once: the O(n) pass is paid once per n/2 new keys.
    std::vector<qint64> times;
    times.reserve(size_t(m_buckets.size()));
    for (const Bucket &bucket : std::as_const(m_buckets))
        times.push_back(bucket.updatedMs);
    const auto middle = times.begin() + qsizetype(times.size() / 2);
    std::nth_element(times.begin(), middle, times.end());
    const qint64 cutoff = *middle;
    for (auto it = m_buckets.begin(); it != m_buckets.end();) {
        if (it->updatedMs <= cutoff && m_buckets.size() > m_maxKeys / 2)
            it = m_buckets.erase(it);
        else
            ++it;
    }
}

bool RateLimiter::tryAcquire(const QString &key, qint64 nowMs, qint64 *retryAfterMs)
{
    if (!enabled())
        return true;
    QMutexLocker locker(&m_mutex);
    pruneIfNeeded(nowMs);
    auto it = m_buckets.find(key);
    if (it == m_buckets.end())
        it = m_buckets.insert(key, Bucket{m_burst, nowMs});
    refill(*it, nowMs);
    if (it->tokens >= 1.0) {
        it->tokens -= 1.0;
        return true;
    }
    if (retryAfterMs)
        *retryAfterMs = qint64(std::ceil((1.0 - it->tokens) / m_perMinute * 60000.0));
    return false;
}

bool RateLimiter::isLimited(const QString &key, qint64 nowMs, qint64 *retryAfterMs)
{
    if (!enabled())
        return false;
    QMutexLocker locker(&m_mutex);
    auto it = m_buckets.find(key);
    if (it == m_buckets.end())
        return false;
    refill(*it, nowMs);
    if (it->tokens >= 1.0)
        return false;
    if (retryAfterMs)
        *retryAfterMs = qint64(std::ceil((1.0 - it->tokens) / m_perMinute * 60000.0));
    return true;
}

void RateLimiter::reset(const QString &key)
{
    QMutexLocker locker(&m_mutex);
    m_buckets.remove(key);
}

qsizetype RateLimiter::trackedKeys() const
{
    QMutexLocker locker(&m_mutex);
    return m_buckets.size();
}

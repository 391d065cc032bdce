#include "ratelimits.h"

#include <QDateTime>
#include <QMutexLocker>

RateLimitConfig RateLimitConfig::off()
{
    RateLimitConfig config;
    config.enabled = false;
    return config;
}

double RateLimitConfig::burstFor(double perMinute) const
{
    if (burst > 0)
        return burst;
    // A burst never exceeds one minute's allowance, so a low limit holds from the first message.
    return qMin(perMinute, qMax(10.0, perMinute / 4));
}

QJsonObject RateLimitConfig::describe() const
{
    return {{QStringLiteral("enabled"), enabled},
            {QStringLiteral("new_threads_per_minute"), newThreadsPerMinute},
            {QStringLiteral("messages_per_minute"), messagesPerMinute},
            {QStringLiteral("verified_messages_per_minute"), verifiedMessagesPerMinute},
            {QStringLiteral("operator_requests_per_minute"), operatorRequestsPerMinute},
            {QStringLiteral("devices_per_address"), devicesPerAddress},
            {QStringLiteral("burst"), burst}};
}

namespace {

// A rate of 0 turns one budget off (RateLimiter's rule); so does "off" for all.
double rate(const RateLimitConfig &config, double perMinute, int times = 1)
{
    return config.enabled ? perMinute * times : 0;
}

} // namespace

RateLimits::RateLimits(const RateLimitConfig &config)
    : m_config(config),
      m_threadsPerClient(rate(config, config.newThreadsPerMinute), config.burstFor(config.newThreadsPerMinute), config.maxKeys),
      m_threadsPerAddress(rate(config, config.newThreadsPerMinute, config.devicesPerAddress),
                          config.burstFor(config.newThreadsPerMinute) * config.devicesPerAddress, config.maxKeys),
      m_messagesPerClient(rate(config, config.messagesPerMinute), config.burstFor(config.messagesPerMinute), config.maxKeys),
      m_messagesPerAddress(rate(config, config.messagesPerMinute, config.devicesPerAddress),
                           config.burstFor(config.messagesPerMinute) * config.devicesPerAddress, config.maxKeys),
      m_verifiedMessages(rate(config, config.verifiedMessagesPerMinute), config.burstFor(config.verifiedMessagesPerMinute),
                         config.maxKeys),
      m_operatorRequests(rate(config, config.operatorRequestsPerMinute), config.burstFor(config.operatorRequestsPerMinute),
                         config.maxKeys)
{
}

void RateLimits::setClock(std::function<qint64()> clock)
{
    QMutexLocker locker(&m_mutex);
    m_clock = std::move(clock);
}

qint64 RateLimits::now() const
{
    return m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
}

RateLimits::Verdict RateLimits::admit(const QList<Budget> &budgets)
{
    Verdict verdict;
    if (!m_config.enabled)
        return verdict;
    QMutexLocker locker(&m_mutex);
    const qint64 nowMs = now();
    for (const Budget &budget : budgets) {
        qint64 waitMs = 0;
        if (budget.limiter->isLimited(budget.key, nowMs, &waitMs) && waitMs >= verdict.retryAfterMs) {
            verdict.allowed = false;
            verdict.retryAfterMs = waitMs;
            verdict.budget = budget.name;
        }
    }
    if (!verdict.allowed)
        return verdict;
    for (const Budget &budget : budgets)
        budget.limiter->tryAcquire(budget.key, nowMs);
    return verdict;
}

RateLimits::Verdict RateLimits::admitPublicMessage(const ClientIdentity &client, bool newThread)
{
    const QString address = QStringLiteral("a:") + client.address;
    const QString device = client.deviceId.isEmpty() ? address : address + QStringLiteral("#") + client.deviceId;
    const QString messages = QStringLiteral("messages"), threads = QStringLiteral("new_threads");
    QList<Budget> budgets{{&m_messagesPerClient, device, messages}, {&m_messagesPerAddress, address, messages}};
    if (newThread)
        budgets += {{&m_threadsPerClient, device, threads}, {&m_threadsPerAddress, address, threads}};
    return admit(budgets);
}

RateLimits::Verdict RateLimits::admitVerifiedMessage(const QString &subject, bool newThread)
{
    const QString user = QStringLiteral("u:") + subject;
    QList<Budget> budgets{{&m_verifiedMessages, user, QStringLiteral("messages")}};
    if (newThread)
        budgets.append({&m_threadsPerClient, user, QStringLiteral("new_threads")});
    return admit(budgets);
}

RateLimits::Verdict RateLimits::admitOperatorRequest(const QString &operatorName)
{
    return admit({{&m_operatorRequests, QStringLiteral("o:") + operatorName, QStringLiteral("operator")}});
}

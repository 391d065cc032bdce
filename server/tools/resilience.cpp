#include "resilience.h"

#include "model/jsonutil.h"

#include <QDateTime>
#include <QMutexLocker>
#include <QThread>

// ---- CircuitBreaker

QString CircuitBreaker::stateName(State state)
{
    switch (state) {
    case State::Closed: return QStringLiteral("closed");
    case State::Open: return QStringLiteral("open");
    case State::HalfOpen: return QStringLiteral("half_open");
    }
    return {};
}

void CircuitBreaker::open(qint64 nowMs)
{
    m_state = State::Open;
    m_openUntilMs = nowMs + m_policy.openMs;
    m_trialInFlight = false;
    ++m_timesOpened;
}

CircuitBreaker::Permit CircuitBreaker::acquire(qint64 nowMs)
{
    QMutexLocker lock(&m_mutex);
    switch (m_state) {
    case State::Closed:
        return Permit::Allowed;
    case State::Open:
        if (nowMs < m_openUntilMs)
            return Permit::Rejected;
        m_state = State::HalfOpen;
        m_trialInFlight = false;
        [[fallthrough]];
    case State::HalfOpen:
        // One trial at a time; a trial that never reported (it cannot, short
        // of a crash) stops blocking after a window.
        if (m_trialInFlight && nowMs - m_trialStartedMs < m_policy.openMs)
            return Permit::Rejected;
        m_trialInFlight = true;
        m_trialStartedMs = nowMs;
        return Permit::Trial;
    }
    return Permit::Rejected;
}

void CircuitBreaker::recordSuccess()
{
    QMutexLocker lock(&m_mutex);
    m_state = State::Closed;
    m_failures = 0;
    m_trialInFlight = false;
}

void CircuitBreaker::recordFailure(qint64 nowMs)
{
    QMutexLocker lock(&m_mutex);
    ++m_failures;
    if (m_state == State::HalfOpen) {
        open(nowMs); // the trial failed: another window
        return;
    }
    // Open already (a call that started before it opened): keep the window.
    if (m_state == State::Closed && m_failures >= m_policy.failureThreshold)
        open(nowMs);
}

CircuitBreaker::Snapshot CircuitBreaker::snapshot(qint64 nowMs) const
{
    QMutexLocker lock(&m_mutex);
    Snapshot snapshot;
    snapshot.state = m_state == State::Open && nowMs >= m_openUntilMs ? State::HalfOpen : m_state;
    snapshot.openUntilMs = m_state == State::Closed ? 0 : m_openUntilMs;
    snapshot.consecutiveFailures = m_failures;
    snapshot.timesOpened = m_timesOpened;
    return snapshot;
}

void CircuitBreaker::reset()
{
    QMutexLocker lock(&m_mutex);
    m_state = State::Closed;
    m_openUntilMs = 0;
    m_failures = 0;
    m_timesOpened = 0;
    m_trialInFlight = false;
}

void CircuitBreaker::setPolicy(const CircuitPolicy &policy)
{
    QMutexLocker lock(&m_mutex);
    m_policy = policy;
}

// ---- ToolResilience

ToolResilience::Clock ToolResilience::Clock::system()
{
    return {[] { return QDateTime::currentMSecsSinceEpoch(); }, [](int ms) { QThread::msleep(ulong(qMax(0, ms))); }};
}

RetryPolicy ToolResilience::retryPolicy() const
{
    QMutexLocker lock(&m_mutex);
    return m_retry;
}

void ToolResilience::setRetryPolicy(const RetryPolicy &policy)
{
    QMutexLocker lock(&m_mutex);
    m_retry = policy;
}

void ToolResilience::setCircuitPolicy(const CircuitPolicy &policy)
{
    QMutexLocker lock(&m_mutex);
    m_circuit = policy;
}

void ToolResilience::setClock(const Clock &clock)
{
    QMutexLocker lock(&m_mutex);
    m_clock = clock;
}

qint64 ToolResilience::nowMs() const
{
    std::function<qint64()> now;
    {
        QMutexLocker lock(&m_mutex);
        now = m_clock.nowMs;
    }
    return now();
}

void ToolResilience::sleep(int ms, const QDeadlineTimer &deadline) const
{
    qint64 wait = ms;
    if (!deadline.isForever())
        wait = qMin(wait, qMax<qint64>(0, deadline.remainingTime()));
    if (wait <= 0)
        return;
    std::function<void(int)> sleeper;
    {
        QMutexLocker lock(&m_mutex);
        sleeper = m_clock.sleepMs;
    }
    sleeper(int(wait));
}

CircuitBreaker &ToolResilience::breaker(const QString &tool) const
{
    QMutexLocker lock(&m_mutex);
    auto it = m_breakers.find(tool);
    if (it == m_breakers.end())
        it = m_breakers.insert(tool, std::make_shared<CircuitBreaker>(m_circuit));
    return **it;
}

QJsonObject ToolResilience::circuitJson(const QString &tool) const
{
    const CircuitBreaker::Snapshot snapshot = breaker(tool).snapshot(nowMs());
    QJsonObject json{{QStringLiteral("circuit"), CircuitBreaker::stateName(snapshot.state)}};
    json.insert(QStringLiteral("open_until"),
                snapshot.state == CircuitBreaker::State::Closed ? QJsonValue(QJsonValue::Null)
                                                                : QJsonValue(json::formatTime(snapshot.openUntilMs)));
    return json;
}

void ToolResilience::reset()
{
    QMutexLocker lock(&m_mutex);
    for (const auto &breaker : std::as_const(m_breakers)) {
        breaker->setPolicy(m_circuit);
        breaker->reset();
    }
}

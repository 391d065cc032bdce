#pragma once
#include <QDeadlineTimer>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QMutex>
#include <QString>
#include <functional>
#include <memory>

// How ToolRegistry::invoke retries a tool. An attempt gets min(attemptTimeoutMs,
// what is left of the call's budget (the turn)). Only retryable failures are
// tried again: a ToolResult::failure() (not permanentFailure()) and an attempt
// that overran its deadline. Never validation errors, invalid results, or ok
// results that say "not found". Before attempt n+1 the call sleeps
// backoffMs[n-1] (200 ms, then 400 ms: at most 3 attempts), and only when the
// budget still holds the sleep plus minAttemptMs: a backoff never sleeps past
// the turn's deadline and no attempt starts with no time to finish.
struct RetryPolicy
{
    int attemptTimeoutMs = 3000;
    QList<int> backoffMs{200, 400};
    int minAttemptMs = 250;

    int maxAttempts() const { return 1 + int(backoffMs.size()); }
};

// When a tool's circuit opens: after failureThreshold consecutive failed
// attempts (across calls and threads; a success resets the count). With the
// default 3 that is one call whose retries were exhausted, or three calls in a
// row that failed without retry (a 401). Open for openMs: calls fail fast
// with "circuit open" without running the tool. Then half-open: exactly one
// trial attempt runs (others still fail fast); success closes the circuit,
// failure opens it for another window.
struct CircuitPolicy
{
    int failureThreshold = 3;
    qint64 openMs = 60000;
};

// One tool's circuit. Pure state: time is passed in (milliseconds since the
// epoch, from ToolResilience's clock). Thread-safe.
class CircuitBreaker
{
public:
    enum class State { Closed, Open, HalfOpen };
    enum class Permit { Allowed, Trial, Rejected };
    struct Snapshot
    {
        State state = State::Closed;
        qint64 openUntilMs = 0;      // Open: when the next trial may run
        int consecutiveFailures = 0;
        qint64 timesOpened = 0;
    };

    explicit CircuitBreaker(CircuitPolicy policy = {}) : m_policy(policy) {}

    // Before an attempt. Trial: this caller runs the half-open trial and
    // must report its outcome (success or failure).
    Permit acquire(qint64 nowMs);
    void recordSuccess();
    void recordFailure(qint64 nowMs);
    // What an operator sees: an open circuit whose window has passed reads as half_open.
    Snapshot snapshot(qint64 nowMs) const;
    void reset(); // closed, counts cleared
    void setPolicy(const CircuitPolicy &policy);

    static QString stateName(State state); // closed, open, half_open

private:
    void open(qint64 nowMs);

    mutable QMutex m_mutex;
    CircuitPolicy m_policy;
    State m_state = State::Closed;
    qint64 m_openUntilMs = 0;
    int m_failures = 0;
    qint64 m_timesOpened = 0;
    bool m_trialInFlight = false;
    qint64 m_trialStartedMs = 0;
};

// The registry's retry policy, circuit policy, clock and one CircuitBreaker per
// tool. The clock is injectable so tests can step over a 60 s window and
// record the backoff sleeps instead of waiting. Thread-safe.
class ToolResilience
{
public:
    struct Clock
    {
        std::function<qint64()> nowMs;      // milliseconds since the epoch
        std::function<void(int)> sleepMs;   // block the calling thread
        static Clock system();
    };

    ToolResilience() = default;

    RetryPolicy retryPolicy() const;
    void setRetryPolicy(const RetryPolicy &policy);
    // Applies to breakers created afterwards; call before traffic (or reset()).
    void setCircuitPolicy(const CircuitPolicy &policy);
    void setClock(const Clock &clock);

    qint64 nowMs() const;
    // Sleeps ms, but never past the deadline.
    void sleep(int ms, const QDeadlineTimer &deadline) const;

    CircuitBreaker &breaker(const QString &tool) const; // created on first use, lives as long as this
    // {"circuit": "closed"|"open"|"half_open", "open_until": ISO time or null}
    QJsonObject circuitJson(const QString &tool) const;
    // Closes every circuit (and applies the current circuit policy).
    void reset();

private:
    mutable QMutex m_mutex;
    RetryPolicy m_retry;
    CircuitPolicy m_circuit;
    Clock m_clock = Clock::system();
    mutable QMap<QString, std::shared_ptr<CircuitBreaker>> m_breakers;
};

#include "tools/resilience.h"
#include "tools/toolregistry.h"

#include "model/jsonutil.h"

#include <QJsonArray>
#include <QSemaphore>

#include <QElapsedTimer>
#include <QMutex>
#include <QTest>
#include <QThread>
#include <atomic>
#include <functional>
#include <stdexcept>

namespace {

// A tool whose every run the test scripts: ok, found=false, a failure, a
// permanent failure, a throw, or overrunning its deadline.
class FlakyTool : public Tool
{
public:
    QString name() const override { return QStringLiteral("flaky"); }
    QString version() const override { return QStringLiteral("1.0"); }
    QString description() const override { return QStringLiteral("test"); }
    const ObjectSchema &inputSchema() const override { return m_in; }
    const ObjectSchema &outputSchema() const override { return m_out; }
    ToolResult run(const QJsonObject &, const ToolContext &context) override
    {
        const int n = ++runs;
        {
            QMutexLocker lock(&mutex);
            deadlinesMs.append(context.deadline.remainingTime());
            turnIds.append(context.turnId);
        }
        return behaviour(n, context);
    }

    std::atomic<int> runs{0};
    QMutex mutex;
    QList<qint64> deadlinesMs;
    QStringList turnIds;
    std::function<ToolResult(int, const ToolContext &)> behaviour = [](int, const ToolContext &) { return found(); };

    static ToolResult found() { return ToolResult::ok({{QStringLiteral("found"), true}}); }
    static ToolResult notFound() { return ToolResult::ok({{QStringLiteral("found"), false}}); }

private:
    ObjectSchema m_in{QStringLiteral("in"), {FieldSpec::string(QStringLiteral("id"), QString()).require()}};
    ObjectSchema m_out{QStringLiteral("out"), {FieldSpec::boolean(QStringLiteral("found"), QString()).require()}};
};

// Time the test controls: now() moves only when told; sleeps are recorded
// (and optionally really slept, for the deadline checks).
struct FakeClock
{
    std::atomic<qint64> now{1'700'000'000'000};
    QMutex mutex;
    QList<int> sleeps;
    bool realSleep = false;

    ToolResilience::Clock clock()
    {
        return {[this] { return now.load(); },
                [this](int ms) {
                    {
                        QMutexLocker lock(&mutex);
                        sleeps.append(ms);
                    }
                    if (realSleep)
                        QThread::msleep(ulong(ms));
                }};
    }
};

QJsonObject args() { return {{QStringLiteral("id"), QStringLiteral("1")}}; }

ToolContext withBudget(int ms)
{
    ToolContext context;
    context.channel = QStringLiteral("web");
    context.turnId = QStringLiteral("turn-1");
    context.deadline = QDeadlineTimer(ms);
    return context;
}

} // namespace

// The retry policy and circuit breaker around ToolRegistry::invoke, with a
// scripted tool and an injected clock (no test waits for a 60 s window).
class TestResilience : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ToolRegistry> m_registry;
    FlakyTool *m_tool = nullptr;
    std::unique_ptr<FakeClock> m_clock;

    ToolCall invoke(int budgetMs = 6000) { return m_registry->invoke(QStringLiteral("flaky"), args(), withBudget(budgetMs)); }
    CircuitBreaker::State state() const
    {
        return m_registry->resilience().breaker(QStringLiteral("flaky")).snapshot(m_clock->now).state;
    }

private slots:
    void init()
    {
        m_registry = std::make_unique<ToolRegistry>();
        auto tool = std::make_unique<FlakyTool>();
        m_tool = tool.get();
        m_registry->add(std::move(tool));
        m_clock = std::make_unique<FakeClock>();
        m_registry->resilience().setClock(m_clock->clock());
    }

    void defaultsAreTheIssuesNumbers()
    {
        const RetryPolicy retry;
        QCOMPARE(retry.attemptTimeoutMs, 3000);
        QCOMPARE(retry.backoffMs, (QList<int>{200, 400}));
        QCOMPARE(retry.maxAttempts(), 3);
        const CircuitPolicy circuit;
        QCOMPARE(circuit.openMs, qint64(60000));
        QCOMPARE(circuit.failureThreshold, 3);
    }

    void successNeedsOneAttempt()
    {
        const ToolCall call = invoke();
        QVERIFY(call.succeeded());
        QCOMPARE(call.attempts, 1);
        QVERIFY(m_clock->sleeps.isEmpty());
        QCOMPARE(m_tool->turnIds, QStringList{QStringLiteral("turn-1")});
    }

    void failuresAreRetriedWithBackoff()
    {
        m_tool->behaviour = [](int n, const ToolContext &) {
            return n < 3 ? ToolResult::failure(QStringLiteral("upstream 503")) : FlakyTool::found();
        };
        const ToolCall call = invoke();
        QVERIFY2(call.succeeded(), qPrintable(call.error));
        QCOMPARE(call.attempts, 3);
        QCOMPARE(m_tool->runs.load(), 3);
        QCOMPARE(m_clock->sleeps, (QList<int>{200, 400}));
        // Every attempt of the call carries the same turn id (create_ticket's idempotency key).
        QCOMPARE(m_tool->turnIds, (QStringList(3, QStringLiteral("turn-1"))));
        QCOMPARE(state(), CircuitBreaker::State::Closed);
        const ToolTelemetry::Counters counters = m_registry->telemetry().counters(QStringLiteral("flaky"));
        QCOMPARE(counters.calls, 1);
        QCOMPARE(counters.failures, 0);
        QCOMPARE(counters.retries, 2);
        QCOMPARE(call.toJson().value(QStringLiteral("attempts")).toInt(), 3);
    }

    void eachAttemptGetsTheAttemptTimeoutNotMore()
    {
        m_tool->behaviour = [](int, const ToolContext &) { return ToolResult::failure(QStringLiteral("down")); };
        invoke(6000);
        QCOMPARE(m_tool->deadlinesMs.size(), 3);
        for (qint64 left : std::as_const(m_tool->deadlinesMs))
            QVERIFY2(left > 2500 && left <= 3000, qPrintable(QString::number(left)));
        // A budget smaller than 3 s caps the attempt.
        m_registry->resilience().reset();
        m_tool->deadlinesMs.clear();
        invoke(1000);
        QVERIFY(m_tool->deadlinesMs.first() <= 1000);
    }

    void notRetried_data()
    {
        QTest::addColumn<QString>("what");
        QTest::newRow("not found is an answer") << "notfound";
        QTest::newRow("permanent failure") << "permanent";
        QTest::newRow("exception") << "throw";
    }

    void notRetried()
    {
        QFETCH(QString, what);
        m_tool->behaviour = [what](int, const ToolContext &) -> ToolResult {
            if (what == QLatin1String("notfound"))
                return FlakyTool::notFound();
            if (what == QLatin1String("permanent"))
                return ToolResult::permanentFailure(QStringLiteral("credentials rejected (HTTP 401)"));
            throw std::runtime_error("segfault-ish XYZZY");
        };
        const ToolCall call = invoke();
        QCOMPARE(m_tool->runs.load(), 1);
        QCOMPARE(call.attempts, 1);
        QVERIFY(m_clock->sleeps.isEmpty());
        if (what == QLatin1String("throw")) {
            QCOMPARE(call.error, QStringLiteral("the tool threw: segfault-ish XYZZY"));
            QCOMPARE(call.errorKind, ToolCall::ToolError);
        }
    }

    void validationErrorsNeverRunNorRetry()
    {
        const ToolCall call = m_registry->invoke(QStringLiteral("flaky"), {{QStringLiteral("id"), QJsonArray()}}, withBudget(6000));
        QVERIFY(!call.succeeded());
        QCOMPARE(call.errorKind, ToolCall::InvalidArguments);
        QVERIFY(call.isBrainError());
        QCOMPARE(call.attempts, 0);
        QCOMPARE(m_tool->runs.load(), 0);
        const ToolCall unknown = m_registry->invoke(QStringLiteral("nope"), args(), withBudget(6000));
        QCOMPARE(unknown.errorKind, ToolCall::UnknownTool);
        QCOMPARE(state(), CircuitBreaker::State::Closed);
        QCOMPARE(m_registry->resilience().breaker(QStringLiteral("flaky")).snapshot(m_clock->now).consecutiveFailures, 0);
    }

    void overrunningTheDeadlineIsARetriedTimeout()
    {
        m_registry->resilience().setRetryPolicy(RetryPolicy{50, {10, 10}, 20});
        m_tool->behaviour = [](int n, const ToolContext &context) {
            if (n == 1)
                QThread::msleep(ulong(context.deadline.remainingTime() + 20));
            return FlakyTool::found();
        };
        const ToolCall call = invoke(5000);
        QVERIFY2(call.succeeded(), qPrintable(call.error));
        QCOMPARE(call.attempts, 2);
        // And when every attempt overruns: a timeout after three.
        m_tool->runs = 0;
        m_tool->behaviour = [](int, const ToolContext &context) {
            QThread::msleep(ulong(context.deadline.remainingTime() + 20));
            return FlakyTool::found();
        };
        const ToolCall late = invoke(5000);
        QCOMPARE(late.error, QStringLiteral("timed out"));
        QCOMPARE(late.errorKind, ToolCall::Timeout);
        QCOMPARE(late.attempts, 3);
    }

    void backoffNeverSleepsPastTheBudget()
    {
        m_clock->realSleep = true;
        m_tool->behaviour = [](int, const ToolContext &) { return ToolResult::failure(QStringLiteral("down")); };
        // 500 ms: room for the 200 ms backoff and a 250 ms attempt, not for the 400 ms one.
        QElapsedTimer timer;
        timer.start();
        const ToolCall call = invoke(500);
        QCOMPARE(call.attempts, 2);
        QCOMPARE(m_clock->sleeps, QList<int>{200});
        QVERIFY(timer.elapsed() < 500);
        // 300 ms: no retry at all (200 + 250 does not fit).
        m_registry->resilience().reset();
        m_clock->sleeps.clear();
        const ToolCall tight = invoke(300);
        QCOMPARE(tight.attempts, 1);
        QVERIFY(m_clock->sleeps.isEmpty());
        QCOMPARE(tight.error, QStringLiteral("down"));
    }

    void exhaustedRetriesOpenTheCircuitThenCallsFailFast()
    {
        m_tool->behaviour = [](int, const ToolContext &) { return ToolResult::failure(QStringLiteral("upstream 500")); };
        const ToolCall first = invoke();
        QCOMPARE(first.attempts, 3);
        QCOMPARE(first.error, QStringLiteral("upstream 500"));
        QCOMPARE(state(), CircuitBreaker::State::Open);
        const QJsonObject circuit = m_registry->resilience().circuitJson(QStringLiteral("flaky"));
        QCOMPARE(circuit.value(QStringLiteral("circuit")).toString(), QStringLiteral("open"));
        QCOMPARE(circuit.value(QStringLiteral("open_until")).toString(), json::formatTime(m_clock->now + 60000));

        const ToolCall fast = invoke();
        QCOMPARE(m_tool->runs.load(), 3); // the tool was not asked
        QCOMPARE(fast.attempts, 0);
        QVERIFY(fast.circuitWasOpen());
        QVERIFY(fast.error.startsWith(QStringLiteral("circuit open: flaky is unavailable until ")));
        const ToolTelemetry::Counters counters = m_registry->telemetry().counters(QStringLiteral("flaky"));
        QCOMPARE(counters.calls, 2);
        QCOMPARE(counters.failures, 2);
        QCOMPARE(counters.retries, 2);
        QCOMPARE(counters.circuitRejections, 1);
        QCOMPARE(m_registry->telemetry().snapshot(QStringLiteral("flaky")).value(QStringLiteral("circuit_open_rejections")).toInt(), 1);

        // Still open at 59.9 s.
        m_clock->now += 59'900;
        QVERIFY(invoke().circuitWasOpen());
        QCOMPARE(m_tool->runs.load(), 3);
    }

    void permanentFailuresOpenItAfterThreeCalls()
    {
        m_tool->behaviour = [](int, const ToolContext &) { return ToolResult::permanentFailure(QStringLiteral("HTTP 401")); };
        invoke();
        invoke();
        QCOMPARE(state(), CircuitBreaker::State::Closed);
        invoke();
        QCOMPARE(state(), CircuitBreaker::State::Open);
        QCOMPARE(m_tool->runs.load(), 3);
        QVERIFY(invoke().circuitWasOpen());
        QCOMPARE(m_tool->runs.load(), 3);
    }

    void aSuccessResetsTheCount()
    {
        m_tool->behaviour = [](int n, const ToolContext &) {
            return n % 3 == 0 ? FlakyTool::found() : ToolResult::permanentFailure(QStringLiteral("x"));
        };
        for (int i = 0; i < 9; ++i)
            invoke();
        QCOMPARE(state(), CircuitBreaker::State::Closed);
    }

    void halfOpenTrialSuccessCloses()
    {
        bool healthy = false;
        m_tool->behaviour = [&healthy](int, const ToolContext &) {
            return healthy ? FlakyTool::found() : ToolResult::failure(QStringLiteral("down"));
        };
        invoke();
        QCOMPARE(state(), CircuitBreaker::State::Open);
        m_clock->now += 60'000;
        QCOMPARE(state(), CircuitBreaker::State::HalfOpen);
        QCOMPARE(m_registry->resilience().circuitJson(QStringLiteral("flaky")).value(QStringLiteral("circuit")).toString(),
                 QStringLiteral("half_open"));
        healthy = true;
        const ToolCall trial = invoke();
        QVERIFY(trial.succeeded());
        QCOMPARE(trial.attempts, 1);
        QCOMPARE(state(), CircuitBreaker::State::Closed);
        QVERIFY(m_registry->resilience().circuitJson(QStringLiteral("flaky")).value(QStringLiteral("open_until")).isNull());
    }

    void halfOpenTrialFailureReopensWithoutRetrying()
    {
        m_tool->behaviour = [](int, const ToolContext &) { return ToolResult::failure(QStringLiteral("down")); };
        invoke();
        QCOMPARE(m_tool->runs.load(), 3);
        m_clock->now += 61'000;
        const ToolCall trial = invoke();
        QCOMPARE(trial.attempts, 1); // the trial's retry meets the re-opened circuit
        QCOMPARE(trial.error, QStringLiteral("down"));
        QCOMPARE(m_tool->runs.load(), 4);
        QCOMPARE(state(), CircuitBreaker::State::Open);
        const CircuitBreaker::Snapshot snapshot = m_registry->resilience().breaker(QStringLiteral("flaky")).snapshot(m_clock->now);
        QCOMPARE(snapshot.openUntilMs, m_clock->now + 60'000);
        QCOMPARE(snapshot.timesOpened, qint64(2));
    }

    void halfOpenLetsOneTrialThrough()
    {
        CircuitBreaker breaker(CircuitPolicy{1, 1000});
        breaker.recordFailure(0);
        QCOMPARE(breaker.acquire(500), CircuitBreaker::Permit::Rejected);
        QCOMPARE(breaker.acquire(1000), CircuitBreaker::Permit::Trial);
        QCOMPARE(breaker.acquire(1001), CircuitBreaker::Permit::Rejected); // the trial is still running
        breaker.recordSuccess();
        QCOMPARE(breaker.acquire(1002), CircuitBreaker::Permit::Allowed);
    }

    void concurrentCallsDuringHalfOpenRunOneTrial()
    {
        QSemaphore release;
        m_tool->behaviour = [&release](int n, const ToolContext &) {
            if (n <= 3)
                return ToolResult::failure(QStringLiteral("down"));
            release.acquire(); // the trial runs until the test lets it finish
            return FlakyTool::found();
        };
        invoke();
        QCOMPARE(state(), CircuitBreaker::State::Open);
        m_clock->now += 60'000;
        ToolCall trial;
        QThread *trialThread = QThread::create([&] { trial = invoke(); });
        trialThread->start();
        QTRY_COMPARE(m_tool->runs.load(), 4);
        // While the trial runs, every other caller (other worker threads) fails fast.
        std::atomic<int> rejected{0};
        QList<QThread *> others;
        for (int i = 0; i < 6; ++i) {
            others.append(QThread::create([&] {
                if (invoke().circuitWasOpen())
                    ++rejected;
            }));
            others.last()->start();
        }
        for (QThread *thread : std::as_const(others)) {
            QVERIFY(thread->wait(5000));
            delete thread;
        }
        QCOMPARE(rejected.load(), 6);
        release.release();
        QVERIFY(trialThread->wait(5000));
        delete trialThread;
        QVERIFY(trial.succeeded());
        QCOMPARE(m_tool->runs.load(), 4);
        QCOMPARE(state(), CircuitBreaker::State::Closed);
    }

    void circuitsArePerTool()
    {
        m_tool->behaviour = [](int, const ToolContext &) { return ToolResult::failure(QStringLiteral("down")); };
        invoke();
        QCOMPARE(state(), CircuitBreaker::State::Open);
        QCOMPARE(m_registry->resilience().circuitJson(QStringLiteral("other")).value(QStringLiteral("circuit")).toString(),
                 QStringLiteral("closed"));
        m_registry->resilience().reset();
        QCOMPARE(state(), CircuitBreaker::State::Closed);
    }
};

QTEST_GUILESS_MAIN(TestResilience)
#include "tst_resilience.moc"

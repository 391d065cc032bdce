#include "toolregistry.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <exception>

void ToolRegistry::add(std::unique_ptr<Tool> tool)
{
    const QString name = tool->name();
    m_tools.insert(name, std::shared_ptr<Tool>(std::move(tool)));
    m_specs = QJsonArray();
    for (const auto &registered : std::as_const(m_tools))
        m_specs.append(registered->spec());
}

Tool *ToolRegistry::find(const QString &name) const
{
    const auto it = m_tools.constFind(name);
    return it == m_tools.constEnd() ? nullptr : it->get();
}

namespace {

// One run of the tool, with exceptions turned into a failure (the text goes to
// the trace only, like every tool error).
ToolResult runOnce(Tool &tool, const QJsonObject &arguments, const ToolContext &context)
{
    try {
        return tool.run(arguments, context);
    } catch (const std::exception &error) {
        return ToolResult::permanentFailure(QStringLiteral("the tool threw: ") + QString::fromUtf8(error.what()));
    } catch (...) {
        return ToolResult::permanentFailure(QStringLiteral("the tool threw an unknown exception"));
    }
}

} // namespace

ToolCall ToolRegistry::invoke(const QString &name, const QJsonObject &arguments, const ToolContext &context,
                              int attemptTimeoutMs) const
{
    ToolCall call;
    call.tool = name;
    call.arguments = arguments;
    QElapsedTimer timer;
    timer.start();
    Tool *tool = find(name);
    if (!tool) {
        call.error = QStringLiteral("unknown tool '%1'").arg(name);
        call.errorKind = ToolCall::UnknownTool;
        return call;
    }
    call.toolVersion = tool->version();
    const ValidationResult input = tool->inputSchema().validate(arguments);
    call.notes = input.notes();
    bool circuitRejected = false;
    const auto finish = [&](const QString &error, const QString &kind) {
        call.error = error;
        call.errorKind = error.isEmpty() ? QString() : kind;
        call.latencyMs = timer.elapsed();
        m_telemetry.record(name, context.channel, input, !error.isEmpty());
        m_telemetry.recordResilience(name, context.channel, qMax(0, call.attempts - 1), circuitRejected);
        return call;
    };
    if (!input.ok())
        return finish(QStringLiteral("invalid arguments: %1").arg(input.error), ToolCall::InvalidArguments);
    call.arguments = input.normalized;

    const RetryPolicy policy = m_resilience.retryPolicy();
    const int perAttemptMs = attemptTimeoutMs > 0 ? attemptTimeoutMs : policy.attemptTimeoutMs;
    const QDeadlineTimer budget = context.deadline;
    CircuitBreaker &breaker = m_resilience.breaker(name);
    QString error = QStringLiteral("timed out before it started");
    QString kind = ToolCall::Timeout;
    for (int attempt = 1; attempt <= policy.maxAttempts(); ++attempt) {
        if (budget.hasExpired())
            break; // error: the last attempt's, or "timed out before it started"
        const CircuitBreaker::Permit permit = breaker.acquire(m_resilience.nowMs());
        if (permit == CircuitBreaker::Permit::Rejected) {
            if (attempt == 1) {
                circuitRejected = true; // counted: calls that failed fast
                const QJsonObject circuit = m_resilience.circuitJson(name);
                error = QStringLiteral("circuit open: %1 is unavailable until %2")
                            .arg(name, circuit.value(QStringLiteral("open_until")).toString());
                kind = ToolCall::CircuitOpen;
            }
            // A retry refused because the circuit opened meanwhile keeps the
            // last attempt's error.
            break;
        }
        ToolContext attemptContext = context;
        QDeadlineTimer attemptDeadline(perAttemptMs);
        if (budget.deadline() < attemptDeadline.deadline())
            attemptDeadline = budget;
        attemptContext.deadline = attemptDeadline;
        call.attempts = attempt;
        const ToolResult result = runOnce(*tool, input.normalized, attemptContext);
        bool retryable = false;
        if (!result.error.isEmpty()) {
            error = result.error;
            kind = ToolCall::ToolError;
            retryable = result.retryable;
            breaker.recordFailure(m_resilience.nowMs());
        } else if (attemptDeadline.hasExpired()) {
            // Too late to trust or use: an overrun counts as a timeout.
            error = QStringLiteral("timed out");
            kind = ToolCall::Timeout;
            retryable = true;
            breaker.recordFailure(m_resilience.nowMs());
        } else {
            // Strict: the output is our own code and must match what the brain
            // was promised; an undeclared field (an address, an internal note)
            // is an error. A bug of ours, not of the upstream: neither retried
            // nor held against the circuit.
            breaker.recordSuccess();
            const ValidationResult output = tool->outputSchema().validate(result.output, ValidationMode::Strict);
            if (!output.ok())
                return finish(QStringLiteral("tool returned an invalid result: %1").arg(output.error), ToolCall::InvalidResult);
            call.result = result.output;
            return finish(QString(), QString());
        }
        if (!retryable || attempt == policy.maxAttempts())
            break;
        // Back off, but only when an attempt still fits in the budget afterwards.
        const int backoff = policy.backoffMs.value(attempt - 1);
        if (!budget.isForever() && budget.remainingTime() < qint64(backoff) + policy.minAttemptMs)
            break;
        m_resilience.sleep(backoff, budget);
    }
    return finish(error, kind);
}

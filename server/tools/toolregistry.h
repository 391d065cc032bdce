#pragma once
#include "resilience.h"
#include "tool.h"
#include "tooltelemetry.h"

#include "model/toolcall.h"

#include <QJsonArray>
#include <QMap>
#include <memory>

// The one place tools are registered and invoked. invoke() validates the
// arguments against the tool's schema (tolerantly: what it corrected is in
// ToolCall::notes), runs it behind its circuit breaker with retries
// (resilience(): RetryPolicy, CircuitPolicy), checks its output strictly and
// measures it, counting all of it in telemetry(); the orchestrator records the
// ToolCall (attempts, error and error kind).
class ToolRegistry
{
public:
    void add(std::unique_ptr<Tool> tool);
    Tool *find(const QString &name) const;
    QJsonArray specs() const { return m_specs; } // computed once per registration
    QStringList names() const { return m_tools.keys(); }

    // context.deadline is the budget of the whole call, retries and backoff
    // included (the orchestrator passes what is left of the turn); each attempt
    // runs with min(attemptTimeoutMs, that budget) as its deadline.
    // attemptTimeoutMs <= 0: the retry policy's (3 s).
    ToolCall invoke(const QString &name, const QJsonObject &arguments, const ToolContext &context,
                    int attemptTimeoutMs = 0) const;
    ToolTelemetry &telemetry() const { return m_telemetry; }
    ToolResilience &resilience() const { return m_resilience; }

private:
    QMap<QString, std::shared_ptr<Tool>> m_tools;
    QJsonArray m_specs;
    mutable ToolTelemetry m_telemetry; // counting is not a change of the registry
    mutable ToolResilience m_resilience; // nor is a circuit's state

};

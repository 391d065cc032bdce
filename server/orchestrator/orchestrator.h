#pragma once
#include "brain/brain.h"
#include "guardrails/guardrails.h"

#include "model/tracespan.h"

class ToolRegistry;

struct TurnLimits
{
    int maxToolCalls = 3;
    int toolTimeoutMs = 3000;
    int turnTimeoutMs = 6000;
};

struct TurnInput
{
    QString threadId;
    QString channel;
    QString userMessage;
    QList<Message> history;
    QString clientAddress; // the HTTP peer address, for tools that throttle by address; empty outside HTTP
    QString turnId;        // ToolContext::turnId (TurnRunner passes the trace id); empty: a new UUID
};

struct TurnOutcome
{
    QString route;
    Draft reply;
    QString outcome; // responded, handoff, failed
    QList<ToolCall> toolCalls;
    QList<TraceSpan> spans;
    TraceUsage usage;
    qint64 durationMs = 0;
};

// One turn as a deterministic state machine:
//   PLAN -> (TOOL_LOOP)* -> DRAFT -> GUARDRAIL -> RESPOND, ending in DONE,
//   HANDOFF (the thread went to a person) or FAILED (an error; the shopper
//   gets an apology and the trace says what broke).
// At most maxToolCalls tools per turn; every state is a trace span. The
// orchestrator holds no per-turn state between calls and may run turns of
// different threads in parallel.
// Tool calls get the rest of the turn as their budget and toolTimeoutMs per
// attempt (ToolRegistry retries, tools/resilience.h). A call that names an
// unknown tool or fails argument validation is the brain's mistake: the brain
// sees the failed call (its error) and plans once more; a second such mistake
// in the turn hands the thread to a person (handoff_human, reason
// "tool_failure") and the turn ends in HANDOFF with a fixed reply.
class Orchestrator
{
public:
    Orchestrator(Brain &brain, const ToolRegistry &tools, TurnLimits limits = {});
    TurnOutcome run(const TurnInput &input) const;

    enum class State { Plan, ToolLoop, Draft, Guardrail, Respond, Done, Handoff, Failed };
    static QString stateName(State state);

private:
    Brain &m_brain;
    const ToolRegistry &m_tools;
    Guardrails m_guardrails;
    TurnLimits m_limits;
};

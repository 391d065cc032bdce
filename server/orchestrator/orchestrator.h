#pragma once
#include "brain/brain.h"
#include "guardrails/contentfilter.h"
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
    // The signed-in customer the website vouched for (the thread's owner); empty: anonymous.
    QString verifiedEmail;
    QString verifiedCustomerId;
    // When set, called before the first tool runs: whether the thread is
    // stored (a new thread's row is written while the brain plans).
    std::function<bool()> threadStored;
};

struct TurnOutcome
{
    QString route;
    Draft reply;
    QString outcome; // responded, degraded, handoff, failed
    QList<ToolCall> toolCalls;
    QList<TraceSpan> spans;
    TraceUsage usage;
    qint64 durationMs = 0;
};

// One turn as a deterministic state machine:
//   PLAN -> (TOOL_LOOP)* -> DRAFT -> GUARDRAIL -> RESPOND, ending in DONE,
//   HANDOFF (the thread went to a person) or FAILED (an error; the shopper
//   gets an apology and the trace says what broke).
// At most maxToolCalls tools per turn; every state is a trace span, and every
// model request the brain makes a "model" span. The orchestrator holds no
// per-turn state between calls and may run turns of different threads in
// parallel.
//
// Tool calls get the rest of the turn as their budget and toolTimeoutMs per
// attempt (ToolRegistry retries). A call that names an unknown tool or fails
// argument validation is the brain's mistake: the brain sees the failed call
// (its error) and plans once more; a second such mistake in the turn hands the
// thread to a person (handoff_human, reason "tool_failure").
//
// Guardrails, for every brain: the content filter checks the shopper's
// message before the brain sees it and the draft before it is sent; a trip
// gives a neutral reply that offers a person and opens a ticket. A draft that
// fails the citation check gets one redraft when the brain can write a
// different one, then the safe fallback.
//
// Degrade mode: when the turn's budget runs out (turnTimeoutMs), the shopper
// gets a draft from what is known so far (Brain::quickDraft) plus a promise
// to follow up by e-mail, a ticket is opened and the trace names the step
// that ran late. When the brain reports that its models are down, a ticket is
// opened too.
//
// Personal data: a brain that works on masked text passes "[email]" as an
// argument; the orchestrator hands the tool the real address from the
// shopper's messages, so the model never needs it.
class Orchestrator
{
public:
    Orchestrator(Brain &brain, const ToolRegistry &tools, TurnLimits limits = {});
    TurnOutcome run(const TurnInput &input) const;
    // Replaces the brain; only before turns run (at start-up).
    void setBrain(Brain &brain) { m_brain = &brain; }
    Brain &brain() const { return *m_brain; }
    const TurnLimits &limits() const { return m_limits; }

    enum class State { Plan, ToolLoop, Draft, Guardrail, Respond, Done, Handoff, Failed };
    static QString stateName(State state);

    static constexpr const char *kFollowUpPromise = "We're checking further and will follow up by email.";

private:
    Brain *m_brain;
    const ToolRegistry &m_tools;
    Guardrails m_guardrails;
    content::ContentFilter m_content;
    TurnLimits m_limits;
};

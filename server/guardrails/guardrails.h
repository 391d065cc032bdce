#pragma once
#include "brain/brain.h"

// A guardrail's verdict: passed, or tripped with the rule that tripped and a
// reason for the trace. Guardrails are values, checked in one place (the
// GUARDRAIL state), not ifs scattered through the turn.
struct GuardrailVerdict
{
    bool passed = true;
    QString rule;
    QString reason;

    static GuardrailVerdict pass() { return {}; }
    static GuardrailVerdict trip(const QString &rule, const QString &reason) { return {false, rule, reason}; }
};

// Checks a draft before it is sent: the reply is not empty or oversized, it
// does not repeat a failed tool call's error (the trace keeps those for
// operators), every citation (and every "(See: Title)" in the text) names a
// document search_kb actually returned in this turn, and an answer given
// after search_kb found articles cites one of them or offers a person
// (citation_missing). The content filter (contentfilter.h) runs beside it.
class Guardrails
{
public:
    GuardrailVerdict check(const TurnContext &context, const Draft &draft) const;
    // The reply sent instead of a draft that tripped a guardrail.
    static Draft safeFallback();
    // Whether a brain that can redraft should try once more after this verdict
    // (a citation or length problem), rather than go straight to the fallback.
    static bool isRedraftable(const GuardrailVerdict &verdict);

    static constexpr int kMaxReplyCharacters = 4000;
};

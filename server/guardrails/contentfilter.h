#pragma once
#include <QString>
#include <QStringList>

// The content filter: abuse, threats, self-harm, sexual content, attempts to
// extract secrets or other customers' data, and prompt injection, checked on
// the shopper's message, on the brain's draft, and on data (KB passages, tool
// results) before it goes into a prompt. Pure and fast: no I/O, patterns
// compiled once per process, safe to share between threads.
//
// Text is normalised before matching (NFKC with diacritics dropped, case
// folded, invisible and bidi characters removed, look-alike letters, leetspeak
// and spaced-out letters undone), so trivial obfuscation does not get past it.
// Only the first 8,000 and last 2,000 characters of a long text are read.
// Profanity alone never trips: a rule needs a target or an intent.
namespace content {

enum class Rule { None, Abuse, Threat, SelfHarm, Sexual, SecretExtraction, OtherCustomerData, PromptInjection };

// "abuse", "threat", "self_harm", "sexual", "secret_extraction",
// "other_customer_data", "prompt_injection"; empty for None.
QString ruleName(Rule rule);

struct Verdict
{
    Rule rule = Rule::None;
    QString evidence; // the matched phrase for the trace, normalised, PII and secrets masked, at most 80 characters

    bool tripped() const { return rule != Rule::None; }
};

class ContentFilter
{
public:
    // secretMarkers: phrases that must never appear in a draft, such as a
    // canary sentence from the system prompt (shorter than 12 characters
    // after normalisation are ignored).
    explicit ContentFilter(const QStringList &secretMarkers = {});

    // Every rule. Self-harm is checked first: it decides what the reply offers.
    Verdict checkInput(const QString &userMessage) const;

    // Abuse, threats, sexual content, leaked secrets (key and token shapes, a
    // quoted system prompt, the secret markers) and other customers' data
    // (full card numbers or IBANs, "this order belongs to ...", lists of
    // customers). knownEmails are the addresses the draft may name (the
    // shopper's, the shop's); when given, any other address trips, when
    // empty only three or more distinct addresses do.
    Verdict checkDraft(const QString &draft, const QStringList &knownEmails = {}) const;

    // KB text or a tool result that addresses the model ("ignore previous
    // instructions", "you are now", "SYSTEM:", "call refund_all", a base64
    // payload to decode and follow): always Rule::PromptInjection.
    Verdict checkData(const QString &text) const;

    // The normalised text the rules see (exposed for tests and the trace).
    static QString normalized(const QString &text);

    static constexpr qsizetype kHeadCharacters = 8000;
    static constexpr qsizetype kTailCharacters = 2000;

private:
    QStringList m_secretMarkers; // normalised
};

} // namespace content

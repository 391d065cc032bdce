#pragma once
#include "model/citation.h"
#include "model/message.h"
#include "model/toolcall.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <memory>
#include <optional>

struct PlannedCall
{
    QString tool;
    QJsonObject arguments;
    QString argumentsError; // the brain could not produce arguments (a model's malformed JSON): a brain error
};

// One request to a language model, for the trace ("model" spans) and the metrics.
struct ModelCall
{
    QString step;            // plan | draft | redraft
    QString role;            // primary | fallback
    QString model;
    QString templateVersion; // the prompt template, e.g. "agent/v1"
    double temperature = 0;
    int inputTokens = 0;
    int outputTokens = 0;
    double costUsd = 0;
    qint64 startMs = 0;      // from the start of the turn
    qint64 latencyMs = 0;
    qint64 latencyUs = 0;    // the same, in microseconds (spans are whole milliseconds)
    QString finishReason;
    int attempts = 0;        // HTTP requests (a 429 is retried once)
    QString error;           // empty when the call succeeded; the detail is for operators
};

// What a brain keeps during one turn; the orchestrator makes a fresh one per
// turn and reads it after every brain call (model calls become spans; a
// follow-up ticket is opened when the brain asks for one).
struct BrainTurnState
{
    QElapsedTimer turnClock;       // started with the turn
    bool useFallback = false;      // the primary model failed: the fallback serves the rest of the turn
    bool modelsDown = false;       // both failed: the rules brain serves the rest of the turn
    bool budgetSpent = false;      // a model call ran out of the turn's budget: degrade mode
    QString followUpTicket;        // non-empty: open a follow-up ticket for this reason
    QList<ModelCall> modelCalls;   // not yet traced
    QList<PlannedCall> queuedCalls; // further tool calls the model asked for in one reply
    QStringList toolCallIds;       // the model's id of each of this turn's tool calls, in order
    std::shared_ptr<void> brainCache; // a brain's own per-turn cache (what does not change within a turn)
};

// What the brain knows when it decides: the conversation, this turn's tool
// calls so far and the tool specs. Never credentials, URLs of data sources or
// raw records.
struct TurnContext
{
    QString threadId;
    QString channel;
    QString userMessage;     // already sanitised
    bool customerVerified = false; // the website vouched for the shopper: get_order needs no e-mail
    QList<Message> history;  // earlier messages of the thread, oldest first
    QList<ToolCall> toolCalls; // this turn's calls, in order
    QJsonArray toolSpecs;
    QDeadlineTimer deadline;   // the turn's budget
    QString redraftReason;     // set for the one redraft after a guardrail rejected the draft
    std::shared_ptr<BrainTurnState> state = std::make_shared<BrainTurnState>();
};

// The routes a turn can take (recorded on the PLAN span).
namespace route {
inline const QString SearchKb = QStringLiteral("search_kb");
inline const QString GetOrder = QStringLiteral("get_order");
inline const QString CreateTicket = QStringLiteral("create_ticket");
inline const QString HandoffHuman = QStringLiteral("handoff_human");
inline const QString Clarify = QStringLiteral("clarify");
inline const QString Refuse = QStringLiteral("refuse");
} // namespace route

struct Draft
{
    QString content;
    QList<Citation> citations;
    bool offersHuman = false;
};

// One decision: the route and the next tool to call, or none (then DRAFT).
// A model may answer at once instead: then `draft` is its reply and DRAFT
// uses it without asking again.
struct BrainStep
{
    QString route;
    std::optional<PlannedCall> call;
    std::optional<Draft> draft;
    QString rationale;      // why, for the trace
    QJsonObject attributes; // anything else worth tracing (intent, confidence...)
};

// Plans, picks tools and drafts the reply. plan() is called at PLAN and again
// after every tool call (up to the orchestrator's limit); draft() once at DRAFT.
class Brain
{
public:
    virtual ~Brain() = default;
    virtual QString name() const = 0;
    virtual BrainStep plan(const TurnContext &context) = 0;
    virtual Draft draft(const TurnContext &context) = 0;
    // A draft from what is known so far, without waiting on anything remote:
    // used in degrade mode when the turn's budget is spent.
    virtual Draft quickDraft(const TurnContext &context) { return draft(context); }
    // Whether a redraft can differ from the first draft (a model's can; the
    // rules brain would write the same again).
    virtual bool canRedraft() const { return false; }
};

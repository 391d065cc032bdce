#pragma once
#include "model/citation.h"
#include "model/message.h"
#include "model/toolcall.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <optional>

// What the brain knows when it decides: the conversation, this turn's tool
// calls so far and the tool specs. Never credentials, URLs of data sources or
// raw records.
struct TurnContext
{
    QString threadId;
    QString channel;
    QString userMessage;     // already sanitised
    QList<Message> history;  // earlier messages of the thread, oldest first
    QList<ToolCall> toolCalls; // this turn's calls, in order
    QJsonArray toolSpecs;
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

struct PlannedCall
{
    QString tool;
    QJsonObject arguments;
};

// One decision: the route and the next tool to call, or none (then DRAFT).
struct BrainStep
{
    QString route;
    std::optional<PlannedCall> call;
    QString rationale;      // why, for the trace
    QJsonObject attributes; // anything else worth tracing (intent, confidence...)
};

struct Draft
{
    QString content;
    QList<Citation> citations;
    bool offersHuman = false;
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
};

#pragma once
#include "brain/brain.h"
#include "chatcompletionclient.h"
#include "llmconfig.h"
#include "prompttemplate.h"
#include "threadmemory.h"

#include <QHash>
#include <QMutex>

#include <memory>

// The brain production runs: a model behind the OpenAI-compatible Chat
// Completions API with tool calling, a fallback model, and the rules brain as
// the last resort.
//
// Each plan() is one model request with the tool specs (the generated JSON
// Schemas, nothing else of the tools): the model either calls a tool or
// answers. The first request of a turn routes (temperature 0.2); requests
// after a tool result usually write the answer, so they run at the drafting
// temperature (0.5): a one-tool turn is two model calls. draft() asks for the
// answer with tool_choice "none" when the tool loop ended without one, and
// for the one redraft after a guardrail rejected a draft.
//
// A failed request (timeout, connection, 429 after its retry, 5xx, malformed
// reply, even a 4xx: shoppers must not wait on a rejected key) moves the rest
// of the turn to the fallback model; when that fails too, the rules brain
// plans and drafts and the orchestrator opens a follow-up ticket.
//
// The model sees masked personal data ([email]), the thread's recent messages
// within a token budget (ThreadMemory), tool results as data (instruction-like
// text in them is neutralised), never credentials or data-source addresses.
class LlmBrain : public Brain
{
public:
    struct Options
    {
        QString prompt = QStringLiteral("agent"); // a template name (newest version) or "agent/v1"
        QString storeName = QStringLiteral("Ferncliff Outdoor");
        ThreadMemory::Limits memory;
        int reserveMs = 400; // of the turn's budget, kept back from model calls for the degrade path
    };

    LlmBrain(const LlmConfig &config, Brain &lastResort) : LlmBrain(config, lastResort, Options()) {}
    LlmBrain(const LlmConfig &config, Brain &lastResort, Options options);
    ~LlmBrain() override;
    // false with a reason when the prompt template is unknown or no model is configured.
    bool isReady(QString *error) const;

    // A second system message in a thread whose shopper the website vouched
    // for (a verified JWT): get_order then finds their orders by number alone.
    static constexpr char kVerifiedShopperNote[] =
        "The shopper is signed in on the store's website and verified. To look up their order you need only "
        "the order number: call get_order without billing_email and do not ask for their e-mail address. "
        "Only this shopper's own orders can be found.";

    QString name() const override { return QStringLiteral("llm"); }
    BrainStep plan(const TurnContext &context) override;
    Draft draft(const TurnContext &context) override;
    Draft quickDraft(const TurnContext &context) override { return m_lastResort.draft(context); }
    bool canRedraft() const override { return true; }

    QString templateVersion() const { return m_template ? m_template->version() : QString(); }
    const ChatCompletionClient *primary() const { return m_primary.get(); }
    const ChatCompletionClient *fallback() const { return m_fallback.get(); }

    // The request messages for a turn (system prompt, memory, this message,
    // this turn's tool calls and results); public for tests.
    QList<ChatMessage> conversation(const TurnContext &context) const;
    // OpenAI "tools" from the registry's specs.
    static QJsonArray toolsFor(const QJsonArray &toolSpecs);
    // A model's answer as a draft: "(See: Title)" markers become citations of
    // this turn's search results (an unknown title stays for the guardrail).
    static Draft draftFrom(const QString &content, const TurnContext &context);

private:
    struct Tools
    {
        QJsonArray json;
        QByteArray wire; // json, serialised
    };
    Tools cachedToolsFor(const QJsonArray &toolSpecs) const;
    ChatResponse complete(const TurnContext &context, ChatRequest request, const QString &step);

    std::unique_ptr<ChatCompletionClient> m_primary;
    std::unique_ptr<ChatCompletionClient> m_fallback;
    Brain &m_lastResort;
    Options m_options;
    std::optional<PromptTemplate> m_template;
    QString m_templateError;
    mutable QMutex m_toolsMutex;
    mutable QHash<QString, Tools> m_toolsCache;
};

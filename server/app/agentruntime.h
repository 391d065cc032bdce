#pragma once
#include "auth/authservice.h"
#include "auth/crypto.h"
#include "brain/llm/llmbrain.h"
#include "brain/rulesbrain.h"
#include "channels/sitewebhook.h"
#include "kb/kbindex.h"
#include "kb/kbservice.h"
#include "live/eventbus.h"
#include "orchestrator/orchestrator.h"
#include "orchestrator/turnrunner.h"
#include "orders/orderaccess.h"
#include "orders/orderconfig.h"
#include "store/database.h"
#include "tickets/helpdeskwebhook.h"
#include "tools/toolregistry.h"

#include <memory>

// The agent without its HTTP front: storage, knowledge base and index, tools,
// brain, orchestrator and turn runner, wired together. supportd serve, the
// eval commands and the tests all run turns through this same path.
class AgentRuntime
{
    Q_DISABLE_COPY_MOVE(AgentRuntime)

public:
    // Without an embedder, the offline HashingEmbedder.
    explicit AgentRuntime(const DatabaseConfig &database, TurnLimits limits = {},
                          std::shared_ptr<Embedder> embedder = {});

    // Opens and migrates the database, imports the sample KB on first start,
    // builds the search index from the stored chunks, sets up the order source
    // (seeding the demo orders on first start when it is the local one) and
    // registers get_order.
    bool start(QString *error);
    // Where get_order reads orders; call before start(). Without it, start()
    // reads the environment (OrderConfig::fromEnvironment).
    void setOrderConfig(const OrderConfig &config) { m_orderConfig = config; }
    OrderAccess *orders() { return m_orderAccess.get(); } // after start()
    // Where create_ticket delivers tickets; call before start(). Without it,
    // start() reads the environment (HelpdeskConfig::fromEnvironment).
    void setHelpdeskConfig(const HelpdeskConfig &config) { m_helpdeskConfig = config; }
    HelpdeskWebhook *helpdesk() { return m_helpdesk.get(); } // after start(); null when not configured
    // The website's webhook (SUPPORTD_SITE_WEBHOOK_URL), after start(); null when not configured.
    SiteWebhook *siteWebhook() { return m_siteWebhook.get(); }
    // The models of the LLM brain; call before start(). Not enabled (the
    // default): the rules brain plans and drafts. Enabled: the LLM brain does,
    // with the rules brain as its last resort.
    void setLlmConfig(const LlmConfig &config) { m_llmConfig = config; }
    LlmBrain *llmBrain() { return m_llmBrain.get(); } // after start(); null without models
    // "rules", or "llm (<primary model>[, fallback <model>], prompt <version>)".
    QString describeBrain() const;

    Database &database() { return m_database; }
    KbIndex &kbIndex() { return m_kbIndex; }
    KbService &kb() { return m_kb; }
    ToolRegistry &tools() { return m_tools; }
    RulesBrain &brain() { return m_brain; }
    Brain &activeBrain() { return m_orchestrator.brain(); }
    Orchestrator &orchestrator() { return m_orchestrator; }
    TurnRunner &turns() { return m_turns; }
    AuthService &auth() { return m_auth; }
    // What happened (threads, messages, tickets, KB edits), for live consoles.
    EventBus &events() { return m_events; }

private:
    bool startOrders(QString *error);
    bool startTickets(QString *error);

    EventBus m_events; // first: everything below may publish to it
    Database m_database;
    KbIndex m_kbIndex;
    KbService m_kb;
    std::optional<OrderConfig> m_orderConfig;
    std::unique_ptr<OrderSource> m_orderSource; // before m_tools: get_order uses them
    std::unique_ptr<OrderAccess> m_orderAccess;
    std::optional<HelpdeskConfig> m_helpdeskConfig;
    std::unique_ptr<HelpdeskWebhook> m_helpdesk; // before m_tools: create_ticket hands it tickets
    std::unique_ptr<SiteWebhook> m_siteWebhook;  // subscribed to m_events, reads m_database
    ToolRegistry m_tools;
    RulesBrain m_brain;
    LlmConfig m_llmConfig;
    std::unique_ptr<LlmBrain> m_llmBrain;
    Orchestrator m_orchestrator;
    TurnRunner m_turns;
    AuthService m_auth;
};

#include "agentruntime.h"

#include "kb/hashingembedder.h"
#include "orders/localordersource.h"
#include "tools/createtickettool.h"
#include "tools/getordertool.h"
#include "tools/handoffhumantool.h"
#include "tools/searchkbtool.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcRuntime, "supportd.runtime")

AgentRuntime::AgentRuntime(const DatabaseConfig &database, TurnLimits limits, std::shared_ptr<Embedder> embedder)
    : m_database(database),
      m_kbIndex(embedder ? std::move(embedder) : std::make_shared<HashingEmbedder>()),
      m_kb(m_database, m_kbIndex),
      m_orchestrator(m_brain, m_tools, limits),
      m_turns(m_database, m_orchestrator),
      m_auth(m_database)
{
    m_kb.setEvents(&m_events);
    m_turns.setEvents(&m_events);
    m_tools.add(std::make_unique<SearchKbTool>(m_kbIndex, m_kb));
    m_tools.add(std::make_unique<HandoffHumanTool>(m_database));
}

bool AgentRuntime::start(QString *error)
{
    if (!crypto::initialize()) {
        if (error)
            *error = QStringLiteral("libsodium could not be initialised");
        return false;
    }
    if (!m_database.open(error))
        return false;
    if (!startOrders(error))
        return false;
    if (!startTickets(error))
        return false;
    if (m_llmConfig.enabled() && !m_llmBrain) {
        m_llmBrain = std::make_unique<LlmBrain>(m_llmConfig, m_brain);
        if (!m_llmBrain->isReady(error))
            return false;
        m_orchestrator.setBrain(*m_llmBrain);
        qCInfo(lcRuntime).noquote() << "brain:" << describeBrain();
    }
    const int imported = m_kb.importBundledOnFirstStart(error);
    if (imported < 0)
        return false;
    if (imported > 0)
        qCInfo(lcRuntime) << "imported" << imported << "sample help-centre articles";
    return m_kb.rebuildIndex(error);
}

bool AgentRuntime::startOrders(QString *error)
{
    if (m_orderAccess)
        return true;
    if (!m_orderConfig) {
        m_orderConfig = OrderConfig::fromEnvironment(error);
        if (!m_orderConfig)
            return false;
    }
    if (m_orderConfig->source == OrderConfig::Source::Local) {
        const int seeded = LocalOrderSource(m_database).seedDemoOrdersOnFirstStart(error);
        if (seeded < 0)
            return false;
        if (seeded > 0)
            qCInfo(lcRuntime) << "seeded" << seeded << "demo orders";
    }
    m_orderSource = m_orderConfig->createSource(m_database);
    m_orderAccess = std::make_unique<OrderAccess>(*m_orderSource);
    m_tools.add(std::make_unique<GetOrderTool>(*m_orderAccess));
    qCInfo(lcRuntime).noquote() << "orders from the" << m_orderConfig->describe();
    return true;
}

bool AgentRuntime::startTickets(QString *error)
{
    if (m_tools.find(QStringLiteral("create_ticket")))
        return true;
    if (!m_helpdeskConfig) {
        m_helpdeskConfig = HelpdeskConfig::fromEnvironment(error);
        if (!m_helpdeskConfig)
            return false;
    }
    if (m_helpdeskConfig->enabled())
        m_helpdesk = std::make_unique<HelpdeskWebhook>(m_database, *m_helpdeskConfig);
    m_tools.add(std::make_unique<CreateTicketTool>(m_database, m_helpdesk.get(), &m_events));
    if (m_helpdesk) {
        qCInfo(lcRuntime).noquote() << "tickets delivered to the helpdesk at" << m_helpdeskConfig->url.host();
        m_helpdesk->resumePending();
    }
    const std::optional<WebhookTarget> site = sitewebhook::targetFromEnvironment(error);
    if (!site)
        return false;
    if (site->enabled()) {
        m_siteWebhook = std::make_unique<SiteWebhook>(m_database, m_events, *site);
        qCInfo(lcRuntime).noquote() << "ticket and takeover events sent to the site at" << site->url.host();
    }
    return true;
}

QString AgentRuntime::describeBrain() const
{
    if (!m_llmBrain)
        return QStringLiteral("rules");
    QString text = QStringLiteral("llm (") + m_llmBrain->primary()->config().model;
    if (m_llmBrain->fallback())
        text += QStringLiteral(", fallback ") + m_llmBrain->fallback()->config().model;
    return text + QStringLiteral(", prompt ") + m_llmBrain->templateVersion() + QLatin1Char(')');
}

#include "agentruntime.h"

#include "tools/handoffhumantool.h"
#include "tools/searchkbtool.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcRuntime, "supportd.runtime")

AgentRuntime::AgentRuntime(const DatabaseConfig &database, TurnLimits limits)
    : m_database(database),
      m_kb(m_database, m_kbIndex),
      m_orchestrator(m_brain, m_tools, limits),
      m_turns(m_database, m_orchestrator),
      m_auth(m_database)
{
    m_tools.add(std::make_unique<SearchKbTool>(m_kbIndex));
    m_tools.add(std::make_unique<HandoffHumanTool>(m_database));
}

bool AgentRuntime::start(QString *error)
{
    if (!crypto::initialize()) {
        if (error)
            *error = QStringLiteral("libsodium could not be initialised");
        return false;
    }
    if (!m_database.open(error) || !m_kbIndex.open(error))
        return false;
    const int imported = m_kb.importBundledOnFirstStart(error);
    if (imported < 0)
        return false;
    if (imported > 0)
        qCInfo(lcRuntime) << "imported" << imported << "sample help-centre articles";
    return m_kb.rebuildIndex(error);
}

#include "toolcatalog.h"

bool ToolCatalog::load(QString *error)
{
    if (!m_dir.isValid()) {
        if (error)
            *error = QStringLiteral("cannot create a temporary folder");
        return false;
    }
    m_runtime = std::make_unique<AgentRuntime>(DatabaseConfig::sqlite(m_dir.filePath(QStringLiteral("catalog.sqlite"))));
    m_runtime->setOrderConfig(OrderConfig{}); // local: no shop needed, whatever the environment says
    m_runtime->setHelpdeskConfig(HelpdeskConfig{}); // no delivery: the schemas never depend on it
    return m_runtime->start(error);
}

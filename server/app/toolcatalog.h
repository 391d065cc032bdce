#pragma once
#include "agentruntime.h"

#include <QTemporaryDir>
#include <memory>

// Every built-in tool, registered exactly as `supportd serve` registers it
// (some only when the runtime starts, e.g. get_order behind its order
// source): an AgentRuntime started on a throwaway SQLite database with the
// local order source. For `supportd schemas export` and the snapshot tests;
// the schemas never depend on the data.
class ToolCatalog
{
public:
    bool load(QString *error);
    const ToolRegistry &registry() const { return m_runtime->tools(); }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<AgentRuntime> m_runtime;
};

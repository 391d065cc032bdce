#pragma once
#include "auth/authservice.h"
#include "auth/crypto.h"
#include "brain/rulesbrain.h"
#include "kb/kbindex.h"
#include "kb/kbservice.h"
#include "orchestrator/orchestrator.h"
#include "orchestrator/turnrunner.h"
#include "store/database.h"
#include "tools/toolregistry.h"

#include <memory>

// The agent without its HTTP front: storage, knowledge base and index, tools,
// brain, orchestrator and turn runner, wired together. supportd serve, the
// eval commands and the tests all run turns through this same path.
class AgentRuntime
{
    Q_DISABLE_COPY_MOVE(AgentRuntime)

public:
    explicit AgentRuntime(const DatabaseConfig &database, TurnLimits limits = {});

    // Opens and migrates the database, imports the sample KB on first start,
    // builds the search index.
    bool start(QString *error);

    Database &database() { return m_database; }
    KbIndex &kbIndex() { return m_kbIndex; }
    KbService &kb() { return m_kb; }
    ToolRegistry &tools() { return m_tools; }
    RulesBrain &brain() { return m_brain; }
    Orchestrator &orchestrator() { return m_orchestrator; }
    TurnRunner &turns() { return m_turns; }
    AuthService &auth() { return m_auth; }

private:
    Database m_database;
    KbIndex m_kbIndex;
    KbService m_kb;
    ToolRegistry m_tools;
    RulesBrain m_brain;
    Orchestrator m_orchestrator;
    TurnRunner m_turns;
    AuthService m_auth;
};

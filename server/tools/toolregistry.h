#pragma once
#include "tool.h"
#include "tooltelemetry.h"

#include "model/toolcall.h"

#include <QJsonArray>
#include <QMap>
#include <memory>

// The one place tools are registered and invoked. invoke() validates the
// arguments against the tool's schema (tolerantly: what it corrected is in
// ToolCall::notes), runs it, checks its output strictly and measures it,
// counting all of it in telemetry(); the orchestrator records the ToolCall.
class ToolRegistry
{
public:
    void add(std::unique_ptr<Tool> tool);
    Tool *find(const QString &name) const;
    QJsonArray specs() const { return m_specs; } // computed once per registration
    QStringList names() const { return m_tools.keys(); }

    ToolCall invoke(const QString &name, const QJsonObject &arguments, const ToolContext &context) const;
    ToolTelemetry &telemetry() const { return m_telemetry; }

private:
    QMap<QString, std::shared_ptr<Tool>> m_tools;
    QJsonArray m_specs;
    mutable ToolTelemetry m_telemetry; // counting is not a change of the registry

};

#include "toolregistry.h"

#include <QElapsedTimer>

void ToolRegistry::add(std::unique_ptr<Tool> tool)
{
    const QString name = tool->name();
    m_tools.insert(name, std::shared_ptr<Tool>(std::move(tool)));
    m_specs = QJsonArray();
    for (const auto &registered : std::as_const(m_tools))
        m_specs.append(registered->spec());
}

Tool *ToolRegistry::find(const QString &name) const
{
    const auto it = m_tools.constFind(name);
    return it == m_tools.constEnd() ? nullptr : it->get();
}

ToolCall ToolRegistry::invoke(const QString &name, const QJsonObject &arguments, const ToolContext &context) const
{
    ToolCall call;
    call.tool = name;
    call.arguments = arguments;
    QElapsedTimer timer;
    timer.start();
    Tool *tool = find(name);
    if (!tool) {
        call.error = QStringLiteral("unknown tool '%1'").arg(name);
        return call;
    }
    call.toolVersion = tool->version();
    QJsonObject normalized;
    const QString invalid = tool->inputSchema().validate(arguments, &normalized);
    if (!invalid.isEmpty()) {
        call.error = QStringLiteral("invalid arguments: %1").arg(invalid);
        return call;
    }
    call.arguments = normalized;
    if (context.deadline.hasExpired()) {
        call.error = QStringLiteral("timed out before it started");
        return call;
    }
    ToolResult result = tool->run(normalized, context);
    call.latencyMs = timer.elapsed();
    if (!result.error.isEmpty()) {
        call.error = result.error;
        return call;
    }
    const QString badOutput = tool->outputSchema().validate(result.output, nullptr);
    if (!badOutput.isEmpty()) {
        call.error = QStringLiteral("tool returned an invalid result: %1").arg(badOutput);
        return call;
    }
    if (context.deadline.hasExpired()) {
        call.error = QStringLiteral("timed out");
        return call;
    }
    call.result = result.output;
    return call;
}

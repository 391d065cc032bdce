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
    const ValidationResult input = tool->inputSchema().validate(arguments);
    call.notes = input.notes();
    const auto finish = [&](const QString &error) {
        call.error = error;
        m_telemetry.record(name, context.channel, input, !error.isEmpty());
        return call;
    };
    if (!input.ok())
        return finish(QStringLiteral("invalid arguments: %1").arg(input.error));
    call.arguments = input.normalized;
    if (context.deadline.hasExpired())
        return finish(QStringLiteral("timed out before it started"));
    ToolResult result = tool->run(input.normalized, context);
    call.latencyMs = timer.elapsed();
    if (!result.error.isEmpty())
        return finish(result.error);
    // Strict: the output is our own code and must match what the brain was
    // promised; an undeclared field (an address, an internal note) is an error.
    const ValidationResult output = tool->outputSchema().validate(result.output, ValidationMode::Strict);
    if (!output.ok())
        return finish(QStringLiteral("tool returned an invalid result: %1").arg(output.error));
    if (context.deadline.hasExpired())
        return finish(QStringLiteral("timed out"));
    call.result = result.output;
    return finish(QString());
}

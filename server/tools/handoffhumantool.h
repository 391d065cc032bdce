#pragma once
#include "tool.h"

class Database;

// handoff_human(reason, transcript_excerpt): puts the thread in the handoff
// queue for a person and records why.
class HandoffHumanTool : public Tool
{
public:
    explicit HandoffHumanTool(Database &database);
    QString name() const override { return QStringLiteral("handoff_human"); }
    QString version() const override { return QStringLiteral("1.0"); }
    QString description() const override;
    const ObjectSchema &inputSchema() const override { return m_input; }
    const ObjectSchema &outputSchema() const override { return m_output; }
    ToolResult run(const QJsonObject &arguments, const ToolContext &context) override;

private:
    Database &m_db;
    ObjectSchema m_input;
    ObjectSchema m_output;
};

#pragma once
#include "tool.h"

class KbIndex;

// search_kb(query, top_k): help-centre passages with doc id, title, URL,
// snippet and scores, filtered by the caller's channel.
class SearchKbTool : public Tool
{
public:
    explicit SearchKbTool(const KbIndex &index);
    QString name() const override { return QStringLiteral("search_kb"); }
    QString version() const override { return QStringLiteral("1.0"); }
    QString description() const override;
    const ObjectSchema &inputSchema() const override { return m_input; }
    const ObjectSchema &outputSchema() const override { return m_output; }
    ToolResult run(const QJsonObject &arguments, const ToolContext &context) override;

private:
    const KbIndex &m_index;
    ObjectSchema m_input;
    ObjectSchema m_output;
};

#pragma once
#include "tool.h"

class KbIndex;
class KbService;

// search_kb(query, top_k): knowledge-base passages with doc id, title,
// section, URL, snippet and score, filtered by the caller's channel.
// Unavailable while the knowledge base is empty or older than allowed.
class SearchKbTool : public Tool
{
public:
    SearchKbTool(const KbIndex &index, const KbService &kb);
    QString name() const override { return QStringLiteral("search_kb"); }
    QString version() const override { return QStringLiteral("1.1"); }
    QString description() const override;
    const ObjectSchema &inputSchema() const override { return m_input; }
    const ObjectSchema &outputSchema() const override { return m_output; }
    ToolResult run(const QJsonObject &arguments, const ToolContext &context) override;
    QString unavailableReason() const override;

private:
    const KbIndex &m_index;
    const KbService &m_kb;
    ObjectSchema m_input;
    ObjectSchema m_output;
};

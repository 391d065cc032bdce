#include "searchkbtool.h"

#include "kb/kbindex.h"
#include "kb/kbservice.h"

#include <QJsonArray>

SearchKbTool::SearchKbTool(const KbIndex &index, const KbService &kb)
    : m_index(index),
      m_kb(kb),
      m_input(QStringLiteral("search_kb input"),
              {FieldSpec::string(QStringLiteral("query"), QStringLiteral("What to look up in the help centre, in the customer's words."))
                   .require()
                   .length(1, 500),
               FieldSpec::integer(QStringLiteral("top_k"), QStringLiteral("How many passages to return."))
                   .withDefault(3)
                   .range(1, 8)}),
      m_output(QStringLiteral("search_kb output"),
               {FieldSpec::array(QStringLiteral("results"),
                                 QStringLiteral("Passages, best first: {doc_id, title, section, url, snippet, score, coverage}. "
                                                "Cite a passage you use as (See: <title>)."))
                    .require()})
{
}

QString SearchKbTool::description() const
{
    return QStringLiteral("Searches the store's help centre (delivery, returns, refunds, payments, invoices, orders, "
                          "accounts, newsletter, product care, warranty, contact) and returns the best passages to cite.");
}

ToolResult SearchKbTool::run(const QJsonObject &arguments, const ToolContext &context)
{
    const QList<KbHit> hits = m_index.search(arguments.value(QStringLiteral("query")).toString(),
                                             arguments.value(QStringLiteral("top_k")).toInt(3), context.channel);
    QJsonArray results;
    for (const KbHit &hit : hits) {
        results.append(QJsonObject{{QStringLiteral("doc_id"), hit.docId},
                                   {QStringLiteral("title"), hit.title},
                                   {QStringLiteral("section"), hit.section},
                                   {QStringLiteral("url"), hit.url},
                                   {QStringLiteral("snippet"), hit.snippet},
                                   {QStringLiteral("score"), qRound(hit.score * 1e5) / 1e5},
                                   {QStringLiteral("coverage"), qRound(hit.coverage * 1000) / 1000.0}});
    }
    return ToolResult::ok({{QStringLiteral("results"), results}});
}

QString SearchKbTool::unavailableReason() const
{
    QString reason;
    m_kb.searchable(&reason);
    return reason;
}

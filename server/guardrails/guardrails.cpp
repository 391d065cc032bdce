#include "guardrails.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <algorithm>

GuardrailVerdict Guardrails::check(const TurnContext &context, const Draft &draft) const
{
    if (draft.content.trimmed().isEmpty())
        return GuardrailVerdict::trip(QStringLiteral("empty_reply"), QStringLiteral("the draft is empty"));
    if (draft.content.size() > kMaxReplyCharacters)
        return GuardrailVerdict::trip(QStringLiteral("reply_too_long"), QStringLiteral("the draft is too long"));

    // No tool error reaches the shopper: errors (and exception texts, and
    // whatever detail follows "code: ") are for the trace only. Fragments
    // shorter than 16 characters are too common to judge by.
    for (const ToolCall &call : context.toolCalls) {
        if (call.succeeded())
            continue;
        QStringList fragments{call.error.trimmed()};
        const qsizetype colon = call.error.indexOf(QLatin1String(": "));
        if (colon > 0)
            fragments.append(call.error.mid(colon + 2).trimmed());
        for (const QString &fragment : std::as_const(fragments)) {
            if (fragment.size() >= 16 && draft.content.contains(fragment, Qt::CaseInsensitive))
                return GuardrailVerdict::trip(QStringLiteral("tool_error_leak"),
                                              QStringLiteral("the draft repeats the error of %1").arg(call.tool));
        }
    }

    QSet<QString> returnedIds, returnedTitles;
    for (const ToolCall &call : context.toolCalls) {
        if (call.tool != QLatin1String("search_kb") || !call.succeeded())
            continue;
        for (const QJsonValue &value : call.result.value(QStringLiteral("results")).toArray()) {
            returnedIds.insert(value.toObject().value(QStringLiteral("doc_id")).toString());
            returnedTitles.insert(value.toObject().value(QStringLiteral("title")).toString());
        }
    }
    for (const Citation &citation : draft.citations) {
        if (!returnedIds.contains(citation.docId))
            return GuardrailVerdict::trip(QStringLiteral("citation_check"),
                                          QStringLiteral("cites a document search_kb did not return: %1").arg(citation.docId));
    }
    static const QRegularExpression seeMarker(QStringLiteral("\\(See: ([^)]+)\\)"));
    auto it = seeMarker.globalMatch(draft.content);
    int markers = 0;
    while (it.hasNext()) {
        const QString title = it.next().captured(1).trimmed();
        ++markers;
        if (!returnedTitles.contains(title))
            return GuardrailVerdict::trip(QStringLiteral("citation_check"),
                                          QStringLiteral("names an article search_kb did not return: %1").arg(title));
    }
    // An answer drawn from the articles search_kb found must say which; one
    // that found nothing useful says so and offers a person instead.
    const bool handedOver = std::any_of(context.toolCalls.begin(), context.toolCalls.end(), [](const ToolCall &call) {
        return call.succeeded()
               && (call.tool == QLatin1String("handoff_human") || call.tool == QLatin1String("create_ticket")
                   || call.tool == QLatin1String("get_order"));
    });
    if (!returnedIds.isEmpty() && draft.citations.isEmpty() && markers == 0 && !draft.offersHuman && !handedOver)
        return GuardrailVerdict::trip(QStringLiteral("citation_missing"),
                                      QStringLiteral("answers after search_kb found articles but cites none of them"));
    return GuardrailVerdict::pass();
}

bool Guardrails::isRedraftable(const GuardrailVerdict &verdict)
{
    return verdict.rule == QLatin1String("citation_check") || verdict.rule == QLatin1String("citation_missing")
           || verdict.rule == QLatin1String("empty_reply") || verdict.rule == QLatin1String("reply_too_long");
}

Draft Guardrails::safeFallback()
{
    Draft draft;
    draft.offersHuman = true;
    draft.content = QStringLiteral("I'm sorry, I can't give you a reliable answer to that here. A person from our "
                                   "support team can help: just ask me to connect you, or email "
                                   "support@ferncliff.example.");
    return draft;
}

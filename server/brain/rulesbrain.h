#pragma once
#include "brain.h"
#include "intentrules.h"

// The offline brain and the embedded default: routes by hand-written rules
// (intentrules), searches the help centre for everything else, and drafts
// from what the tools returned. It answers from the knowledge base only when
// the best passage covers enough of the question; otherwise it says so and
// offers a person.
class RulesBrain : public Brain
{
public:
    struct Thresholds
    {
        double minCoverage = 0.40;        // share of the question's IDF weight the cited article must contain
        double minCoverageNoDomain = 0.8; // stricter when the question has no store vocabulary
    };
    RulesBrain() = default;
    explicit RulesBrain(const Thresholds &thresholds) : m_thresholds(thresholds) {}

    QString name() const override { return QStringLiteral("rules"); }
    BrainStep plan(const TurnContext &context) override;
    Draft draft(const TurnContext &context) override;

    // Whether a search result is strong enough to answer from.
    bool isAnswerable(const QString &question, const QJsonObject &topResult) const;
    // Whether the question uses the store's vocabulary (orders, delivery, refunds...).
    static bool mentionsStoreTopic(const QString &question);

private:
    Draft draftFromSearch(const TurnContext &context, const ToolCall &call) const;
    Draft draftOrderQuestion(const TurnContext &context) const;
    Draft draftFromOrder(const TurnContext &context, const ToolCall &call) const;
    Draft draftFromTicket(const TurnContext &context, const ToolCall &ticket) const;

    Thresholds m_thresholds;
};

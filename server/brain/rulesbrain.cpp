#include "rulesbrain.h"

#include "kb/textanalyzer.h"

#include <QJsonArray>
#include <QSet>

namespace {

// Words that place a question in the store's world (stemmed).
const QSet<QString> &domainTerms()
{
    static const QSet<QString> terms = [] {
        const char *words[] = {
            "order", "purchase", "deliver", "delivery", "shipping", "ship", "shipment", "parcel", "package",
            "courier", "track", "return", "refund", "exchange", "money", "cancel", "cancellation", "fee", "payment",
            "pay", "card", "paypal", "klarna", "invoice", "receipt", "bill", "vat", "account", "password", "login",
            "sign", "register", "registration", "profile", "email", "newsletter", "subscribe", "unsubscribe",
            "voucher", "discount", "code", "coupon", "gift", "warranty", "guarantee", "repair", "defect", "broken",
            "faulty", "jacket", "boot", "tent", "down", "merino", "wool", "wash", "clean", "care", "size", "stock",
            "item", "product", "basket", "cart", "checkout", "address", "customs", "duty", "express", "pickup",
            "club", "points", "review", "feedback", "contact", "store", "shop", "charge", "declin", "pending",
            "ferncliff"};
        QSet<QString> set;
        for (const char *word : words)
            set.insert(text::stem(QString::fromLatin1(word)));
        return set;
    }();
    return terms;
}

} // namespace

bool RulesBrain::mentionsStoreTopic(const QString &question)
{
    for (const QString &term : text::terms(question)) {
        if (domainTerms().contains(term))
            return true;
    }
    return false;
}

namespace {

QString transcriptExcerpt(const TurnContext &context)
{
    QStringList lines;
    const qsizetype from = qMax<qsizetype>(0, context.history.size() - 6);
    for (qsizetype i = from; i < context.history.size(); ++i) {
        const Message &message = context.history.at(i);
        if (message.role == MessageRole::User || message.role == MessageRole::Assistant)
            lines.append(messageRoleToString(message.role) + QStringLiteral(": ") + message.content.left(300));
    }
    lines.append(QStringLiteral("user: ") + context.userMessage.left(500));
    return lines.join(QLatin1Char('\n'));
}

// An order number or e-mail the shopper gave in this message or a recent one.
void recallOrderDetails(const TurnContext &context, QString *orderNumber, QString *email)
{
    *orderNumber = findOrderNumber(context.userMessage);
    *email = findEmail(context.userMessage);
    for (qsizetype i = context.history.size() - 1; i >= 0 && i >= context.history.size() - 6; --i) {
        const Message &message = context.history.at(i);
        if (message.role != MessageRole::User)
            continue;
        if (orderNumber->isEmpty())
            *orderNumber = findOrderNumber(message.content);
        if (email->isEmpty())
            *email = findEmail(message.content);
    }
}

const ToolCall *lastCall(const TurnContext &context, const QString &tool)
{
    for (qsizetype i = context.toolCalls.size() - 1; i >= 0; --i) {
        if (context.toolCalls.at(i).tool == tool)
            return &context.toolCalls.at(i);
    }
    return nullptr;
}

// plan() runs at PLAN and after every tool call, draft() once more: read the
// message once per turn (per worker thread).
const Intent &intentOf(const QString &message)
{
    thread_local QString lastMessage;
    thread_local Intent lastIntent;
    if (message != lastMessage || lastMessage.isNull()) {
        lastIntent = classifyIntent(message);
        lastMessage = message;
    }
    return lastIntent;
}

Citation citationFromHit(const QJsonObject &hit)
{
    return Citation{hit.value(QStringLiteral("doc_id")).toString(), hit.value(QStringLiteral("title")).toString(),
                    hit.value(QStringLiteral("url")).toString(), hit.value(QStringLiteral("snippet")).toString()};
}

const QString kOfferHuman = QStringLiteral("If you'd rather talk to a person from our team, just say so.");

} // namespace

BrainStep RulesBrain::plan(const TurnContext &context)
{
    const Intent intent = intentOf(context.userMessage);
    BrainStep step;
    step.attributes = {{QStringLiteral("intent"), intentKindName(intent.kind)},
                       {QStringLiteral("rule"), intent.matched}};
    const bool searched = lastCall(context, QStringLiteral("search_kb")) != nullptr;
    const bool handedOff = lastCall(context, QStringLiteral("handoff_human")) != nullptr;

    switch (intent.kind) {
    case Intent::Kind::Human:
    case Intent::Kind::Complaint:
        step.route = route::HandoffHuman;
        step.rationale = intent.kind == Intent::Kind::Human ? QStringLiteral("the customer asked for a person")
                                                            : QStringLiteral("complaints go to a person");
        if (!handedOff) {
            step.call = PlannedCall{QStringLiteral("handoff_human"),
                                    {{QStringLiteral("reason"), intent.kind == Intent::Kind::Human
                                                                    ? QStringLiteral("customer_request")
                                                                    : QStringLiteral("complaint")},
                                     {QStringLiteral("transcript_excerpt"), transcriptExcerpt(context)}}};
        }
        return step;
    case Intent::Kind::OrderStatus:
    case Intent::Kind::OrderDetails:
        step.route = route::Clarify;
        step.rationale = QStringLiteral("order questions need the order number and email (no order lookup configured)");
        return step;
    case Intent::Kind::Greeting:
    case Intent::Kind::Thanks:
        step.route = route::Clarify;
        step.rationale = QStringLiteral("small talk: invite the question");
        return step;
    case Intent::Kind::Help:
        break;
    }
    step.route = route::SearchKb;
    step.rationale = QStringLiteral("a help-centre question");
    if (!searched) {
        step.call = PlannedCall{QStringLiteral("search_kb"),
                                {{QStringLiteral("query"), context.userMessage.left(500)}, {QStringLiteral("top_k"), 3}}};
    }
    return step;
}

Draft RulesBrain::draft(const TurnContext &context)
{
    if (const ToolCall *handoff = lastCall(context, QStringLiteral("handoff_human"))) {
        Draft draft;
        draft.content = handoff->succeeded()
            ? QStringLiteral("I've asked a member of our support team to join this conversation. They'll reply right "
                             "here, usually within a few minutes during opening hours (Mon-Fri 08:00-20:00, "
                             "Sat 09:00-17:00 CET).")
            : QStringLiteral("I couldn't reach our support team from here just now. Please email "
                             "support@ferncliff.example and a person will reply within one working day.");
        return draft;
    }
    if (const ToolCall *search = lastCall(context, QStringLiteral("search_kb")))
        return draftFromSearch(context, *search);

    const Intent intent = intentOf(context.userMessage);
    if (intent.kind == Intent::Kind::OrderStatus || intent.kind == Intent::Kind::OrderDetails)
        return draftOrderQuestion(context);
    Draft draft;
    if (intent.kind == Intent::Kind::Thanks) {
        draft.content = QStringLiteral("You're welcome! Is there anything else I can help you with?");
        return draft;
    }
    draft.content = QStringLiteral("Hi! I'm the Ferncliff assistant. I can help with orders, delivery, returns and "
                                   "refunds, payments, invoices, your account and product care. What can I do for you?");
    return draft;
}

bool RulesBrain::isAnswerable(const QString &question, const QJsonObject &topResult) const
{
    if (topResult.isEmpty())
        return false;
    const double coverage = topResult.value(QStringLiteral("coverage")).toDouble();
    const double needed = mentionsStoreTopic(question) ? m_thresholds.minCoverage : m_thresholds.minCoverageNoDomain;
    return coverage >= needed;
}

Draft RulesBrain::draftFromSearch(const TurnContext &context, const ToolCall &call) const
{
    Draft draft;
    const QJsonArray results = call.result.value(QStringLiteral("results")).toArray();
    const QJsonObject top = results.isEmpty() ? QJsonObject() : results.first().toObject();
    if (!call.succeeded() || !isAnswerable(context.userMessage, top)) {
        draft.offersHuman = true;
        draft.content = call.succeeded()
            ? QStringLiteral("I'm sorry, I couldn't find anything about that in our help centre. I can help with "
                             "orders, delivery, returns and refunds, payments, invoices, your account and product "
                             "care. ") + kOfferHuman
            : QStringLiteral("I'm sorry, I can't search our help centre right now. ") + kOfferHuman;
        return draft;
    }
    const Citation citation = citationFromHit(top);
    draft.citations.append(citation);
    draft.content = citation.snippet + QStringLiteral(" (See: ") + citation.title + QLatin1Char(')');

    // A second article that also covers the question well is worth pointing to.
    if (results.size() > 1) {
        const QJsonObject second = results.at(1).toObject();
        if (isAnswerable(context.userMessage, second)
            && second.value(QStringLiteral("score")).toDouble() >= 0.8 * top.value(QStringLiteral("score")).toDouble()) {
            const Citation also = citationFromHit(second);
            draft.citations.append(also);
            draft.content += QStringLiteral("\n\nYou may also find this article useful. (See: ") + also.title
                             + QLatin1Char(')');
        }
    }
    return draft;
}

Draft RulesBrain::draftOrderQuestion(const TurnContext &context) const
{
    QString orderNumber, email;
    recallOrderDetails(context, &orderNumber, &email);
    Draft draft;
    if (orderNumber.isEmpty() && email.isEmpty()) {
        draft.content = QStringLiteral("I can help with your order. Please send me your order number (six digits, "
                                       "in your confirmation email) and the email address you ordered with.");
    } else if (orderNumber.isEmpty()) {
        draft.content = QStringLiteral("Thanks. What is the order number? You'll find it in your order "
                                       "confirmation email and under My account > Orders.");
    } else if (email.isEmpty()) {
        draft.content = QStringLiteral("Thanks. Which email address did you use for order %1? I need both to "
                                       "find it.").arg(orderNumber);
    } else {
        draft.offersHuman = true;
        draft.content = QStringLiteral("Thanks. I can't open order details in this chat yet. You can follow order "
                                       "%1 under My account > Orders and with the tracking link in your shipping "
                                       "email. ").arg(orderNumber) + kOfferHuman;
    }
    return draft;
}

#include "rulesbrain.h"

#include "guardrails/piisanitizer.h"
#include "kb/textanalyzer.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLocale>
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

bool offers(const TurnContext &context, const QString &tool)
{
    for (const QJsonValue &spec : context.toolSpecs) {
        if (spec.toObject().value(QStringLiteral("name")).toString() == tool)
            return true;
    }
    return false;
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

const QString kCreateTicket = QStringLiteral("create_ticket");

QString ticketSubject(const Intent &intent, const QString &orderNumber)
{
    const QString order = orderNumber.isEmpty() ? QString() : QStringLiteral(" (order %1)").arg(orderNumber);
    if (intent.kind == Intent::Kind::Complaint)
        return QStringLiteral("Complaint") + order;
    if (intent.action == QLatin1String("cancel_order"))
        return QStringLiteral("Cancel an order") + order;
    if (intent.action == QLatin1String("change_order"))
        return QStringLiteral("Change an order") + order;
    if (intent.action == QLatin1String("change_shipping_address"))
        return QStringLiteral("Change the shipping address") + order;
    if (intent.action == QLatin1String("refund"))
        return QStringLiteral("Refund request") + order;
    if (intent.action == QLatin1String("delete_account"))
        return QStringLiteral("Delete the customer account");
    return QStringLiteral("Customer request") + order;
}

// The ticket the team works from: the recent conversation with personal
// data masked (the e-mail travels in its own field).
PlannedCall ticketCall(const TurnContext &context, const Intent &intent, const QString &priority)
{
    QString orderNumber, email;
    recallOrderDetails(context, &orderNumber, &email);
    QString body = pii::sanitize(transcriptExcerpt(context)).text.left(5000);
    if (body.trimmed().isEmpty())
        body = QStringLiteral("(no message text)");
    return PlannedCall{kCreateTicket,
                       {{QStringLiteral("email"), email.left(254)},
                        {QStringLiteral("subject"), ticketSubject(intent, orderNumber)},
                        {QStringLiteral("body"), body},
                        {QStringLiteral("priority"), priority}}};
}

const QString kTeamJoins = QStringLiteral("They'll reply right here, usually within a few minutes during opening hours "
                                          "(Mon-Fri 08:00-20:00, Sat 09:00-17:00 CET).");

} // namespace

BrainStep RulesBrain::plan(const TurnContext &context)
{
    const Intent intent = intentOf(context.userMessage);
    BrainStep step;
    step.attributes = {{QStringLiteral("intent"), intentKindName(intent.kind)},
                       {QStringLiteral("rule"), intent.matched}};
    const bool searched = lastCall(context, QStringLiteral("search_kb")) != nullptr;
    const bool handedOff = lastCall(context, QStringLiteral("handoff_human")) != nullptr;

    const ToolCall *ticket = lastCall(context, kCreateTicket);

    switch (intent.kind) {
    case Intent::Kind::Complaint:
        // A ticket records the complaint with a reference for the customer; the
        // team replies by e-mail, or a person joins when there is no address
        // (or the ticket could not be opened).
        if (ticket || offers(context, kCreateTicket)) {
            step.route = route::CreateTicket;
            if (!ticket) {
                step.rationale = QStringLiteral("complaints become a high-priority ticket");
                step.call = ticketCall(context, intent, QStringLiteral("high"));
                return step;
            }
            QString orderNumber, email;
            recallOrderDetails(context, &orderNumber, &email);
            if ((!ticket->succeeded() || email.isEmpty()) && !handedOff) {
                step.rationale = ticket->succeeded() ? QStringLiteral("no e-mail address to reply to: a person joins")
                                                     : QStringLiteral("the ticket could not be opened: a person takes over");
                step.call = PlannedCall{QStringLiteral("handoff_human"),
                                        {{QStringLiteral("reason"), QStringLiteral("complaint")},
                                         {QStringLiteral("transcript_excerpt"), transcriptExcerpt(context)}}};
                return step;
            }
            step.rationale = QStringLiteral("complaint ticket opened");
            return step;
        }
        [[fallthrough]];
    case Intent::Kind::Human:
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
    case Intent::Kind::OrderDetails: {
        QString orderNumber, email;
        recallOrderDetails(context, &orderNumber, &email);
        const bool lookedUp = lastCall(context, QStringLiteral("get_order")) != nullptr;
        const bool emailKnown = !email.isEmpty() || context.customerVerified;
        if (lookedUp || (!orderNumber.isEmpty() && emailKnown && offers(context, QStringLiteral("get_order")))) {
            step.route = route::GetOrder;
            step.rationale = email.isEmpty() ? QStringLiteral("a signed-in customer gave an order number")
                                             : QStringLiteral("the customer gave an order number and email");
            if (!lookedUp) {
                QJsonObject arguments{{QStringLiteral("order_id"), orderNumber}};
                if (!email.isEmpty())
                    arguments.insert(QStringLiteral("billing_email"), email);
                step.call = PlannedCall{QStringLiteral("get_order"), arguments};
            }
            return step;
        }
        step.route = route::Clarify;
        step.rationale = orderNumber.isEmpty() || !emailKnown
            ? QStringLiteral("order questions need the order number and email")
            : QStringLiteral("order lookup is not available");
        return step;
    }
    case Intent::Kind::ActionRequest: {
        // Cancelling, changing, refunding, deleting an account: only the team
        // can do it. With an address to reply to, a ticket; without one, the
        // help centre explains how (and a person is offered).
        QString orderNumber, email;
        recallOrderDetails(context, &orderNumber, &email);
        if (ticket || (!email.isEmpty() && offers(context, kCreateTicket))) {
            step.route = route::CreateTicket;
            step.rationale = QStringLiteral("a request only the team can carry out: ") + intent.action;
            if (!ticket)
                step.call = ticketCall(context, intent, QStringLiteral("normal"));
            return step;
        }
        break;
    }
    case Intent::Kind::Greeting:
    case Intent::Kind::Thanks:
        step.route = route::Clarify;
        step.rationale = QStringLiteral("small talk: invite the question");
        return step;
    case Intent::Kind::Help:
        break;
    }
    if (!searched && !offers(context, QStringLiteral("search_kb"))) {
        // The knowledge base is empty or stale: a person answers rather than a guess.
        step.route = route::HandoffHuman;
        step.rationale = QStringLiteral("the help centre cannot be searched right now");
        if (!handedOff) {
            step.call = PlannedCall{QStringLiteral("handoff_human"),
                                    {{QStringLiteral("reason"), QStringLiteral("tool_failure")},
                                     {QStringLiteral("transcript_excerpt"), transcriptExcerpt(context)}}};
        }
        return step;
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
    if (const ToolCall *ticket = lastCall(context, kCreateTicket))
        return draftFromTicket(context, *ticket);
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
    if (const ToolCall *order = lastCall(context, QStringLiteral("get_order")))
        return draftFromOrder(context, *order);
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
    // A signed-in customer is known: only the number is needed.
    if (orderNumber.isEmpty() && email.isEmpty() && !context.customerVerified) {
        draft.content = QStringLiteral("I can help with your order. Please send me your order number (six digits, "
                                       "in your confirmation email) and the email address you ordered with.");
    } else if (orderNumber.isEmpty()) {
        draft.content = QStringLiteral("Thanks. What is the order number? You'll find it in your order "
                                       "confirmation email and under My account > Orders.");
    } else if (email.isEmpty() && !context.customerVerified) {
        draft.content = QStringLiteral("Thanks. Which email address did you use for order %1? I need both to "
                                       "find it.").arg(orderNumber);
    } else {
        draft.offersHuman = true;
        draft.content = QStringLiteral("Thanks. I can't open order details in this chat right now. You can follow order "
                                       "%1 under My account > Orders and with the tracking link in your shipping "
                                       "email. ").arg(orderNumber) + kOfferHuman;
    }
    return draft;
}

namespace {

// "3 May", with the year when it is not this year.
QString dayText(const QString &isoTime)
{
    const QDateTime time = QDateTime::fromString(isoTime, Qt::ISODate);
    if (!time.isValid())
        return {};
    const QDate date = time.toUTC().date();
    const QLocale english(QLocale::English);
    return date.year() == QDate::currentDate().year() ? english.toString(date, QStringLiteral("d MMMM"))
                                                      : english.toString(date, QStringLiteral("d MMMM yyyy"));
}

QString parcelText(const QJsonObject &parcel)
{
    QString text = parcel.value(QStringLiteral("carrier")).toString() + QLatin1Char(' ')
                   + parcel.value(QStringLiteral("number")).toString();
    const QString url = parcel.value(QStringLiteral("url")).toString();
    if (!url.isEmpty())
        text += QStringLiteral(": ") + url;
    return text.trimmed();
}

// The order in plain words, from the projection get_order returned.
QString describeOrder(const QJsonObject &order)
{
    const QString number = QStringLiteral("#") + order.value(QStringLiteral("number")).toString();
    const QString status = order.value(QStringLiteral("status")).toString();
    const QString ordered = dayText(order.value(QStringLiteral("created_at")).toString());
    const QString completed = dayText(order.value(QStringLiteral("completed_at")).toString());
    const QJsonArray tracking = order.value(QStringLiteral("tracking")).toArray();
    const QJsonObject firstParcel = tracking.isEmpty() ? QJsonObject() : tracking.first().toObject();
    const QString shipped = dayText(firstParcel.value(QStringLiteral("shipped_at")).toString());
    const QString orderedOn = ordered.isEmpty() ? QString() : QStringLiteral(" (ordered on %1)").arg(ordered);

    QStringList lines;
    if (status == QLatin1String("shipped")) {
        QString line = QStringLiteral("Order %1 was shipped").arg(number);
        if (!shipped.isEmpty())
            line += QStringLiteral(" on ") + shipped;
        if (!firstParcel.value(QStringLiteral("carrier")).toString().isEmpty())
            line += QStringLiteral(" with ") + firstParcel.value(QStringLiteral("carrier")).toString();
        lines.append(line + QLatin1Char('.'));
    } else if (status == QLatin1String("delivered")) {
        lines.append(completed.isEmpty() ? QStringLiteral("Order %1 has been delivered.").arg(number)
                                         : QStringLiteral("Order %1 was delivered on %2.").arg(number, completed));
    } else if (status == QLatin1String("completed")) {
        lines.append(completed.isEmpty() ? QStringLiteral("Order %1 is complete.").arg(number)
                                         : QStringLiteral("Order %1 was completed on %2.").arg(number, completed));
    } else if (status == QLatin1String("processing") || status == QLatin1String("received")) {
        lines.append(QStringLiteral("Order %1 is being prepared in our warehouse%2. It has no tracking link yet: we'll "
                                    "email it to you as soon as the parcel ships.").arg(number, orderedOn));
    } else if (status == QLatin1String("packed")) {
        lines.append(QStringLiteral("Order %1 is packed and waiting for the carrier. We'll email you the tracking link "
                                    "as soon as it ships.").arg(number));
    } else if (status == QLatin1String("on-hold")) {
        lines.append(QStringLiteral("Order %1 is on hold while we confirm your payment%2. It ships once the payment is "
                                    "confirmed.").arg(number, orderedOn));
    } else if (status == QLatin1String("pending")) {
        lines.append(QStringLiteral("Order %1 is waiting for payment%2.").arg(number, orderedOn));
    } else if (status == QLatin1String("cancelled")) {
        lines.append(QStringLiteral("Order %1 was cancelled. Any money you paid goes back to your original payment "
                                    "method within 3 working days.").arg(number));
    } else if (status == QLatin1String("refunded")) {
        lines.append(QStringLiteral("Order %1 has been refunded to your original payment method.").arg(number));
    } else if (status == QLatin1String("failed")) {
        lines.append(QStringLiteral("The payment for order %1 didn't go through, so the order won't be shipped.").arg(number));
    } else {
        lines.append(QStringLiteral("Order %1 is %2%3.")
                         .arg(number, order.value(QStringLiteral("status_text")).toString(), orderedOn));
    }

    if (tracking.size() == 1) {
        lines.append(QStringLiteral("Tracking: ") + parcelText(firstParcel));
    } else if (tracking.size() > 1) {
        QStringList parcels;
        for (const QJsonValue &parcel : tracking)
            parcels.append(QStringLiteral("- ") + parcelText(parcel.toObject()));
        lines.append(QStringLiteral("It was sent in %1 parcels:\n").arg(tracking.size()) + parcels.join(QLatin1Char('\n')));
    }

    QStringList items;
    for (const QJsonValue &value : order.value(QStringLiteral("items")).toArray()) {
        const QJsonObject item = value.toObject();
        items.append(QStringLiteral("%1 × %2").arg(item.value(QStringLiteral("quantity")).toInt())
                         .arg(item.value(QStringLiteral("name")).toString()));
    }
    const int count = order.value(QStringLiteral("item_count")).toInt();
    if (!items.isEmpty())
        lines.append(QStringLiteral("It contains %1 %2: %3.")
                         .arg(count)
                         .arg(count == 1 ? QStringLiteral("item") : QStringLiteral("items"), items.join(QStringLiteral(", "))));
    const QString method = order.value(QStringLiteral("shipping_method")).toString();
    if (!method.isEmpty())
        lines.append(QStringLiteral("Delivery option: %1.").arg(method));
    return lines.join(QLatin1Char('\n'));
}

} // namespace

Draft RulesBrain::draftFromOrder(const TurnContext &context, const ToolCall &call) const
{
    Draft draft;
    const QString number = call.arguments.value(QStringLiteral("order_id")).toString();
    if (!call.succeeded()) {
        // The error stays in the trace; the shopper gets the honest short version.
        draft.offersHuman = true;
        draft.content = QStringLiteral("I'm sorry, I can't reach our order system right now, so I can't look up order "
                                       "%1. Please try again in a few minutes. ").arg(number) + kOfferHuman;
        return draft;
    }
    if (call.result.value(QStringLiteral("found")).toBool()) {
        draft.content = describeOrder(call.result.value(QStringLiteral("order")).toObject());
        return draft;
    }
    const QString reason = call.result.value(QStringLiteral("reason")).toString();
    if (reason == QLatin1String("throttled")) {
        draft.offersHuman = true;
        draft.content = QStringLiteral("I can't look up any more orders in this conversation right now: there were too "
                                       "many attempts that didn't match. Please try again later. ") + kOfferHuman;
    } else if ((reason == QLatin1String("no_match") || reason == QLatin1String("invalid_order_id"))
               && context.customerVerified) {
        draft.content = QStringLiteral("I couldn't find order %1 among the orders of your account. Could you check the "
                                       "number? It has six digits and is in your order confirmation email.")
                            .arg(number);
    } else if (reason == QLatin1String("no_match") || reason == QLatin1String("invalid_order_id")) {
        draft.content = QStringLiteral("I couldn't find an order with number %1 and that email address. Could you "
                                       "double-check both? The order number has six digits and is in your order "
                                       "confirmation email; the email address must be the one you ordered with.")
                            .arg(number);
    } else {
        return draftOrderQuestion(context);
    }
    return draft;
}

Draft RulesBrain::draftFromTicket(const TurnContext &context, const ToolCall &ticket) const
{
    Draft draft;
    const ToolCall *handoff = lastCall(context, QStringLiteral("handoff_human"));
    const bool complaint = intentOf(context.userMessage).kind == Intent::Kind::Complaint;
    const QString sorry = complaint ? QStringLiteral("I'm sorry about this. ") : QString();
    const QString reference = ticket.result.value(QStringLiteral("ticket_id")).toString();
    if (ticket.succeeded() && !reference.isEmpty()) {
        if (!handoff) {
            draft.content = sorry
                + QStringLiteral("I've opened ticket %1 for you. Our team will reply by e-mail within one working day; "
                                 "please quote %1 if you contact us about it.").arg(reference);
        } else if (handoff->succeeded()) {
            draft.content = sorry
                + QStringLiteral("I've opened ticket %1 for you (please keep this reference) and asked a member of our "
                                 "support team to join this conversation. ").arg(reference) + kTeamJoins;
        } else {
            draft.content = sorry
                + QStringLiteral("I've opened ticket %1 for you. So that our team can reply, please email "
                                 "support@ferncliff.example quoting %1.").arg(reference);
        }
        return draft;
    }
    // The error stays in the trace; the customer gets the honest short version.
    if (handoff && handoff->succeeded()) {
        draft.content = QStringLiteral("I'm sorry, I couldn't open a ticket just now, so I've asked a member of our "
                                       "support team to join this conversation. ") + kTeamJoins;
    } else if (handoff) {
        draft.content = QStringLiteral("I'm sorry, I couldn't open a ticket or reach our support team from here just now. "
                                       "Please email support@ferncliff.example and a person will reply within one "
                                       "working day.");
    } else {
        draft.offersHuman = true;
        draft.content = QStringLiteral("I'm sorry, I couldn't open a ticket for this just now. ") + kOfferHuman;
    }
    return draft;
}

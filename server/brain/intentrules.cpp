#include "intentrules.h"

#include "kb/textanalyzer.h"

#include <QRegularExpression>
#include <QSet>

namespace {

// A word matches a keyword exactly, as a regular inflection ("agents",
// "tracked", "chatting"), or, for keywords of five letters or more, within
// one typo. Other endings do not match: "report" is not "rep", "personal" is
// not "person".
bool wordMatches(const QString &word, const QString &keyword)
{
    if (word == keyword)
        return true;
    if (word.startsWith(keyword)) {
        static const QStringList endings = {QStringLiteral("s"), QStringLiteral("es"), QStringLiteral("ed"),
                                            QStringLiteral("d"), QStringLiteral("ing"), QStringLiteral("er"),
                                            QStringLiteral("ers")};
        QStringView rest = QStringView(word).mid(keyword.size());
        if (rest.size() >= 2 && rest.at(0) == keyword.back() && !keyword.back().isNull())
            rest = rest.mid(1); // doubled consonant: chat-t-ing
        for (const QString &ending : endings) {
            if (rest == ending)
                return true;
        }
        if (keyword.endsWith(QLatin1Char('e')) && (rest == QLatin1String("ing")))
            return true;
    }
    if (keyword.endsWith(QLatin1Char('e')) && word.startsWith(keyword.chopped(1))
        && QStringView(word).mid(keyword.size() - 1) == QLatin1String("ing"))
        return true; // locate -> locating
    return keyword.size() >= 5 && text::withinOneEdit(word, keyword);
}

bool containsAny(const QStringList &words, const QStringList &keywords)
{
    for (const QString &word : words) {
        for (const QString &keyword : keywords) {
            if (wordMatches(word, keyword))
                return true;
        }
    }
    return false;
}

bool containsPhrase(const QString &normalized, const QStringList &phrases)
{
    for (const QString &phrase : phrases) {
        if (normalized.contains(phrase))
            return true;
    }
    return false;
}

int contentWordCount(const QStringList &words)
{
    int n = 0;
    for (const QString &word : words) {
        if (!text::isStopWord(word))
            ++n;
    }
    return n;
}

const QStringList kPersonNouns = {
    QStringLiteral("human"), QStringLiteral("person"), QStringLiteral("somebody"), QStringLiteral("someone"),
    QStringLiteral("representative"), QStringLiteral("operator"), QStringLiteral("agent"), QStringLiteral("staff"),
    QStringLiteral("employee"), QStringLiteral("supervisor"), QStringLiteral("manager"), QStringLiteral("people"),
    QStringLiteral("advisor"), QStringLiteral("adviser"), QStringLiteral("assistant"),
    QStringLiteral("anybody"), QStringLiteral("anyone")};
const QStringList kContactVerbs = {
    QStringLiteral("speak"), QStringLiteral("talk"), QStringLiteral("chat"), QStringLiteral("contact"),
    QStringLiteral("call"), QStringLiteral("reach"), QStringLiteral("connect"), QStringLiteral("transfer"),
    QStringLiteral("phone"), QStringLiteral("escalate"), QStringLiteral("touch"), QStringLiteral("communicate"),
    QStringLiteral("message"), QStringLiteral("email"), QStringLiteral("write"), QStringLiteral("get"),
    QStringLiteral("need"), QStringLiteral("want")};
const QStringList kServicePhrases = {
    QStringLiteral("customer service"), QStringLiteral("customer support"), QStringLiteral("customer care"),
    QStringLiteral("customer assistance"), QStringLiteral("support team"), QStringLiteral("service team"),
    QStringLiteral("help desk"), QStringLiteral("helpdesk"), QStringLiteral("live chat"),
    QStringLiteral("customer serivce"), QStringLiteral("customer servic"), QStringLiteral("customer suport")};
// Asking *about* the service (hours, number, address) is a help-centre question.
const QStringList kServiceInfoWords = {
    QStringLiteral("hours"), QStringLiteral("hour"), QStringLiteral("time"), QStringLiteral("when"),
    QStringLiteral("open"), QStringLiteral("number"), QStringLiteral("address"), QStringLiteral("opening"),
    QStringLiteral("available"), QStringLiteral("schedule")};

const QStringList kComplaintWords = {QStringLiteral("complain"), QStringLiteral("complaint"),
                                     QStringLiteral("complaining"), QStringLiteral("reclamation"),
                                     QStringLiteral("grievance")};
const QStringList kClaimVerbs = {QStringLiteral("file"), QStringLiteral("lodge"), QStringLiteral("make"),
                                 QStringLiteral("submit"), QStringLiteral("open"), QStringLiteral("raise"),
                                 QStringLiteral("against"), QStringLiteral("consumer"), QStringLiteral("customer")};

const QStringList kTrackingWords = {QStringLiteral("track"), QStringLiteral("locate"), QStringLiteral("status"),
                                    QStringLiteral("eta"), QStringLiteral("whereabouts"), QStringLiteral("arrive"),
                                    QStringLiteral("arrival")};
const QStringList kOrderNouns = {QStringLiteral("order"), QStringLiteral("purchase"), QStringLiteral("package"),
                                 QStringLiteral("parcel"), QStringLiteral("shipment"), QStringLiteral("delivery"),
                                 QStringLiteral("refund"), QStringLiteral("stuff"), QStringLiteral("item")};
const QStringList kWherePhrases = {QStringLiteral("where is my"), QStringLiteral("where s my"),
                                   QStringLiteral("wheres my"), QStringLiteral("where is the"),
                                   QStringLiteral("where is purchase"), QStringLiteral("where is order"),
                                   QStringLiteral("estimated time of arrival"), QStringLiteral("has my order"),
                                   QStringLiteral("hasn t arrived"), QStringLiteral("hasnt arrived"),
                                   QStringLiteral("not arrived"), QStringLiteral("still waiting for my")};

const QSet<QString> kGreetings = {QStringLiteral("hi"), QStringLiteral("hello"), QStringLiteral("hey"),
                                  QStringLiteral("hiya"), QStringLiteral("morning"), QStringLiteral("evening"),
                                  QStringLiteral("afternoon"), QStringLiteral("good"), QStringLiteral("there"),
                                  QStringLiteral("yo"), QStringLiteral("greetings")};
const QSet<QString> kThanks = {QStringLiteral("thanks"), QStringLiteral("thank"), QStringLiteral("you"),
                               QStringLiteral("thx"), QStringLiteral("ty"), QStringLiteral("bye"),
                               QStringLiteral("goodbye"), QStringLiteral("cheers"), QStringLiteral("great"),
                               QStringLiteral("ok"), QStringLiteral("okay"), QStringLiteral("perfect"),
                               QStringLiteral("so"), QStringLiteral("much"), QStringLiteral("very"),
                               QStringLiteral("that"), QStringLiteral("s"), QStringLiteral("all"),
                               QStringLiteral("helpful"), QStringLiteral("awesome"), QStringLiteral("nice")};

// Nothing but the words that come with an order number or address.
bool onlyOrderDetailWords(const QStringList &words)
{
    static const QSet<QString> allowed = {QStringLiteral("order"), QStringLiteral("number"), QStringLiteral("purchase"),
                                          QStringLiteral("email"), QStringLiteral("mail"), QStringLiteral("e"),
                                          QStringLiteral("address"), QStringLiteral("no"), QStringLiteral("nr")};
    for (const QString &word : words) {
        if (!text::isStopWord(word) && !text::isNumber(word) && !allowed.contains(word))
            return false;
    }
    return true;
}

bool onlyWordsFrom(const QStringList &words, const QSet<QString> &allowed)
{
    if (words.isEmpty())
        return false;
    for (const QString &word : words) {
        if (!allowed.contains(word))
            return false;
    }
    return true;
}

// Requests the agent cannot carry out itself (a person must act on them).
const QStringList kCancelWords = {QStringLiteral("cancel"), QStringLiteral("cancellation")};
const QStringList kChangeWords = {QStringLiteral("change"), QStringLiteral("modify"), QStringLiteral("edit"),
                                  QStringLiteral("update"), QStringLiteral("alter"), QStringLiteral("correct"),
                                  QStringLiteral("fix")};
const QStringList kDeleteWords = {QStringLiteral("delete"), QStringLiteral("remove"), QStringLiteral("close"),
                                  QStringLiteral("deactivate"), QStringLiteral("terminate"), QStringLiteral("erase"),
                                  QStringLiteral("cancel")};
const QStringList kWantWords = {QStringLiteral("want"), QStringLiteral("need"), QStringLiteral("request"),
                                QStringLiteral("demand"), QStringLiteral("like"), QStringLiteral("please")};
// Questions about rules and prices are for the help centre, not a person.
const QStringList kPolicyWords = {QStringLiteral("fee"), QStringLiteral("fees"), QStringLiteral("policy"),
                                  QStringLiteral("cost"), QStringLiteral("costs"), QStringLiteral("penalty"),
                                  QStringLiteral("terms"), QStringLiteral("rules"), QStringLiteral("conditions")};

QString actionRequested(const QStringList &words, const QString &normalized, bool orderThing)
{
    if (containsAny(words, kPolicyWords))
        return {};
    const bool account = containsAny(words, {QStringLiteral("account"), QStringLiteral("profile")});
    if (account && containsAny(words, kDeleteWords))
        return QStringLiteral("delete_account");
    const bool address = normalized.contains(QLatin1String(" address")) && !normalized.contains(QLatin1String("mail address"));
    if (address && containsAny(words, kChangeWords) && !normalized.contains(QLatin1String(" set up"))
        && !normalized.contains(QLatin1String(" new address")))
        return QStringLiteral("change_shipping_address");
    if (orderThing && containsAny(words, kCancelWords))
        return QStringLiteral("cancel_order");
    if (orderThing && containsAny(words, kChangeWords))
        return QStringLiteral("change_order");
    if ((normalized.contains(QLatin1String(" money back "))
         || containsAny(words, {QStringLiteral("refund"), QStringLiteral("reimbursement")}))
        && containsAny(words, kWantWords))
        return QStringLiteral("refund");
    return {};
}

} // namespace

QString intentKindName(Intent::Kind kind)
{
    switch (kind) {
    case Intent::Kind::Help: return QStringLiteral("help");
    case Intent::Kind::Human: return QStringLiteral("human");
    case Intent::Kind::Complaint: return QStringLiteral("complaint");
    case Intent::Kind::OrderStatus: return QStringLiteral("order_status");
    case Intent::Kind::OrderDetails: return QStringLiteral("order_details");
    case Intent::Kind::Greeting: return QStringLiteral("greeting");
    case Intent::Kind::Thanks: return QStringLiteral("thanks");
    case Intent::Kind::ActionRequest: return QStringLiteral("action_request");
    }
    return QStringLiteral("help");
}

QString findOrderNumber(const QString &message)
{
    // 4-15 digits standing alone ("100482," before an e-mail too); not a money
    // amount ("$1200", "1200 dollars", "1200,50").
    static const QRegularExpression number(QStringLiteral("(?<![\\w@.$€£])#?(\\d{4,15})(?![\\w@.]|,\\d)(?!\\s*(?:dollars?|euros?|eur|usd|gbp|pounds?|bucks|€|\\$))"),
                                           QRegularExpression::CaseInsensitiveOption);
    const auto match = number.match(message);
    return match.hasMatch() ? match.captured(1) : QString();
}

QString findEmail(const QString &message)
{
    static const QRegularExpression email(QStringLiteral("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}"));
    const auto match = email.match(message);
    return match.hasMatch() ? match.captured(0) : QString();
}

Intent classifyIntent(const QString &message)
{
    Intent intent;
    intent.orderNumber = findOrderNumber(message);
    intent.email = findEmail(message);
    QString withoutEmail = message;
    if (!intent.email.isEmpty())
        withoutEmail.remove(intent.email);
    const QStringList words = text::words(withoutEmail);
    const QString normalized = QLatin1Char(' ') + words.join(QLatin1Char(' ')) + QLatin1Char(' ');

    const bool mentionsPerson = containsAny(words, kPersonNouns) || normalized.contains(QLatin1String(" real person "));
    const bool mentionsService = containsPhrase(normalized, kServicePhrases);
    const bool contactVerb = containsAny(words, kContactVerbs);
    const bool complaint = containsAny(words, kComplaintWords)
                           || (normalized.contains(QLatin1String(" claim")) && containsAny(words, kClaimVerbs));

    if (complaint) {
        intent.kind = Intent::Kind::Complaint;
        intent.matched = QStringLiteral("complaint words");
        return intent;
    }
    if (mentionsPerson && (contactVerb || contentWordCount(words) <= 3)) {
        intent.kind = Intent::Kind::Human;
        intent.matched = QStringLiteral("asks for a person");
        return intent;
    }
    if (mentionsService && !containsAny(words, kServiceInfoWords)) {
        intent.kind = Intent::Kind::Human;
        intent.matched = QStringLiteral("asks for customer service");
        return intent;
    }
    const bool tracking = containsAny(words, kTrackingWords) || containsPhrase(normalized, kWherePhrases);
    const bool orderThing = containsAny(words, kOrderNouns) || !intent.orderNumber.isEmpty();
    if (tracking && orderThing) {
        intent.kind = Intent::Kind::OrderStatus;
        intent.matched = QStringLiteral("order status words");
        return intent;
    }
    if (const QString action = actionRequested(words, normalized, orderThing); !action.isEmpty()) {
        intent.kind = Intent::Kind::ActionRequest;
        intent.action = action;
        intent.matched = QStringLiteral("asks for ") + action;
        return intent;
    }
    // Just an order number and/or e-mail (answering our question), or "order 100482".
    if ((!intent.orderNumber.isEmpty() || !intent.email.isEmpty()) && onlyOrderDetailWords(words)) {
        intent.kind = Intent::Kind::OrderDetails;
        intent.matched = QStringLiteral("order number or email only");
        return intent;
    }
    // An order number with an e-mail address and a verb of looking it up
    // ("can you check order #100517 for ana@example.org"); a question about a
    // policy that names an order ("what is the cancellation fee for order ...")
    // stays a help-centre question.
    static const QStringList lookupWords = {QStringLiteral("check"), QStringLiteral("look"), QStringLiteral("lookup"),
                                            QStringLiteral("see"), QStringLiteral("find"), QStringLiteral("verify"),
                                            QStringLiteral("confirm"), QStringLiteral("details"), QStringLiteral("info"),
                                            QStringLiteral("update"), QStringLiteral("news")};
    if (!intent.orderNumber.isEmpty() && !intent.email.isEmpty() && containsAny(words, lookupWords)) {
        intent.kind = Intent::Kind::OrderStatus;
        intent.matched = QStringLiteral("order number with email");
        return intent;
    }
    if (onlyWordsFrom(words, kGreetings)) {
        intent.kind = Intent::Kind::Greeting;
        intent.matched = QStringLiteral("greeting only");
        return intent;
    }
    if (onlyWordsFrom(words, kThanks)) {
        intent.kind = Intent::Kind::Thanks;
        intent.matched = QStringLiteral("thanks only");
        return intent;
    }
    intent.kind = Intent::Kind::Help;
    intent.matched = QStringLiteral("help-centre question");
    return intent;
}

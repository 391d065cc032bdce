#include "intentrules.h"

#include "kb/textanalyzer.h"

#include <QRegularExpression>
#include <QSet>

namespace {

// Damerau-Levenshtein distance at most one (one substitution, insertion,
// deletion or swap of neighbours): "teack" and "rtack" are "track".
bool withinOneEdit(const QString &a, const QString &b)
{
    const qsizetype la = a.size(), lb = b.size();
    if (qAbs(la - lb) > 1)
        return false;
    qsizetype i = 0;
    while (i < la && i < lb && a.at(i) == b.at(i))
        ++i;
    if (i == la || i == lb)
        return qAbs(la - lb) <= 1;
    if (la == lb) {
        if (a.mid(i + 1) == b.mid(i + 1))
            return true; // substitution
        return i + 1 < la && a.at(i) == b.at(i + 1) && a.at(i + 1) == b.at(i) && a.mid(i + 2) == b.mid(i + 2);
    }
    return la > lb ? a.mid(i + 1) == b.mid(i) : a.mid(i) == b.mid(i + 1);
}

// A word matches a keyword exactly, as an inflection (keyword + suffix), or,
// for keywords of five letters or more, within one typo.
bool wordMatches(const QString &word, const QString &keyword)
{
    if (word == keyword)
        return true;
    if (word.startsWith(keyword) && word.size() - keyword.size() <= 3)
        return true;
    return keyword.size() >= 5 && withinOneEdit(word, keyword);
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
    QStringLiteral("advisor"), QStringLiteral("adviser"), QStringLiteral("rep")};
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
    }
    return QStringLiteral("help");
}

QString findOrderNumber(const QString &message)
{
    static const QRegularExpression number(QStringLiteral("(?<![\\w@.])#?(\\d{4,15})(?![\\w@])"));
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
    // Just an order number and/or e-mail (answering our question), or "order 100482".
    if ((!intent.orderNumber.isEmpty() || !intent.email.isEmpty()) && contentWordCount(words) <= 3
        && !containsAny(words, {QStringLiteral("cancel"), QStringLiteral("return"), QStringLiteral("change"),
                                QStringLiteral("invoice"), QStringLiteral("refund")})) {
        intent.kind = Intent::Kind::OrderDetails;
        intent.matched = QStringLiteral("order number or email only");
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

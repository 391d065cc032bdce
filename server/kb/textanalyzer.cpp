#include "textanalyzer.h"

#include <QHash>
#include <QSet>
#include <libstemmer.h>
#include <memory>

namespace text {
namespace {

// The common English function words (after the Snowball list) plus chat filler.
const QSet<QString> &stopWords()
{
    static const QSet<QString> words = [] {
        const char *list[] = {
            "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any", "are", "as", "at",
            "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could",
            "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has",
            "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if",
            "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor",
            "not", "now", "of", "off", "on", "once", "only", "or", "other", "ought", "our", "ours", "ourselves",
            "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their",
            "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to",
            "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while",
            "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves",
            "im", "ive", "id", "dont", "cant", "wont", "pls", "please", "hi", "hello", "hey", "thanks", "thank",
            "u", "ur", "ya", "yes", "ok", "okay", "also", "get", "got", "want", "wanna", "need", "like", "would",
            "could", "tell", "know", "let", "help", "assist", "assistance", "s", "t", "d", "ll", "m", "re", "ve",
            // intensifiers and swearing carry no topic
            "fucking", "fuckin", "fuck", "damn", "damned", "goddamn", "bloody", "freaking", "frigging", "shit",
            "crap", "bullshit", "really", "way", "possible", "anyway", "somehow", "kindly", "sir", "madam"};
        QSet<QString> set;
        for (const char *word : list)
            set.insert(QString::fromLatin1(word));
        return set;
    }();
    return words;
}

struct StemmerDeleter
{
    void operator()(sb_stemmer *stemmer) const { sb_stemmer_delete(stemmer); }
};

} // namespace

QStringList words(const QString &input)
{
    QStringList result;
    QString current;
    auto flush = [&] {
        if (!current.isEmpty()) {
            result.append(current);
            current.clear();
        }
    };
    for (const QChar c : input) {
        if (c.isLetterOrNumber())
            current.append(c.toLower());
        else if (c == QLatin1Char('\'') || c == u'\u2019')
            continue; // "don't" -> "dont", "order's" -> "orders"
        else
            flush();
    }
    flush();
    return result;
}

QString stem(const QString &lowerCaseWord)
{
    // A Snowball stemmer is not thread-safe: one per thread.
    thread_local std::unique_ptr<sb_stemmer, StemmerDeleter> stemmer(sb_stemmer_new("english", "UTF_8"));
    if (!stemmer)
        return lowerCaseWord;
    const QByteArray utf8 = lowerCaseWord.toUtf8();
    const sb_symbol *out = sb_stemmer_stem(stemmer.get(), reinterpret_cast<const sb_symbol *>(utf8.constData()),
                                           int(utf8.size()));
    if (!out)
        return lowerCaseWord;
    return QString::fromUtf8(reinterpret_cast<const char *>(out), sb_stemmer_length(stemmer.get()));
}

bool isStopWord(const QString &lowerCaseWord)
{
    return stopWords().contains(lowerCaseWord);
}

bool isNumber(const QString &word)
{
    for (const QChar c : word) {
        if (!c.isDigit())
            return false;
    }
    return !word.isEmpty();
}

bool withinOneEdit(const QString &a, const QString &b)
{
    const qsizetype la = a.size(), lb = b.size();
    if (qAbs(la - lb) > 1)
        return false;
    qsizetype i = 0;
    while (i < la && i < lb && a.at(i) == b.at(i))
        ++i;
    if (i == la || i == lb)
        return true;
    if (la == lb) {
        if (QStringView(a).mid(i + 1) == QStringView(b).mid(i + 1))
            return true; // substitution
        return i + 1 < la && a.at(i) == b.at(i + 1) && a.at(i + 1) == b.at(i)
               && QStringView(a).mid(i + 2) == QStringView(b).mid(i + 2); // swap
    }
    return la > lb ? QStringView(a).mid(i + 1) == QStringView(b).mid(i) : QStringView(a).mid(i) == QStringView(b).mid(i + 1);
}

QStringList synonyms(const QString &lowerCaseWord)
{
    // A small support-domain thesaurus: shoppers' words on the left, the
    // help centre's on the right.
    static const QHash<QString, QStringList> thesaurus = [] {
        QHash<QString, QStringList> t;
        auto add = [&t](std::initializer_list<const char *> words, std::initializer_list<const char *> canonical) {
            QStringList target;
            for (const char *word : canonical)
                target.append(QString::fromLatin1(word));
            for (const char *word : words)
                t.insert(QString::fromLatin1(word), target);
        };
        add({"reimbursement", "reimbursements", "reimburse", "reimbursed", "compensation", "compensate", "rebate",
             "rebates", "rebating", "moneyback", "repayment", "repay"},
            {"refund"});
        add({"penalty", "penalties", "charges", "surcharge"}, {"fee"});
        add({"modality", "modalities", "option", "options", "ways"}, {"methods"});
        add({"removal", "remove", "erase", "terminate", "termination"}, {"delete"});
        add({"purchase", "purchases", "purchased", "buy", "bought", "acquire"}, {"order"});
        add({"opinion", "opinions", "comment", "comments", "testimonial", "rate", "rating", "feedback"}, {"review"});
        add({"signup", "signing", "enrol", "enroll", "enrollment"}, {"register", "registration"});
        add({"login", "logon", "signin", "log"}, {"sign"});
        add({"bill", "bills", "receipt", "receipts"}, {"invoice"});
        add({"eta", "arrive", "arrival"}, {"delivery"});
        add({"subscription", "subscriptions", "mailing", "newsletters"}, {"newsletter", "subscribe"});
        add({"pwd", "passcode", "passwd"}, {"password"});
        add({"shipment", "shipments", "shipping", "ship", "shipped"}, {"delivery"});
        add({"package", "packages"}, {"parcel"});
        add({"modify", "edit", "update", "alter", "amend"}, {"change"});
        add({"phone", "telephone", "call"}, {"contact"});
        add({"guarantee", "guaranty"}, {"warranty"});
        add({"voucher", "coupon", "promo", "promotion"}, {"discount", "code"});
        return t;
    }();
    return thesaurus.value(lowerCaseWord);
}

QStringList terms(const QString &input)
{
    QStringList result;
    for (const QString &word : words(input)) {
        if (!isStopWord(word) && !isNumber(word))
            result.append(stem(word));
    }
    return result;
}

} // namespace text

#include "textanalyzer.h"

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
            "could", "tell", "know", "let", "help", "assist", "assistance", "s", "t", "d", "ll", "m", "re", "ve"};
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

QStringList terms(const QString &input)
{
    QStringList result;
    for (const QString &word : words(input)) {
        if (!isStopWord(word))
            result.append(stem(word));
    }
    return result;
}

} // namespace text

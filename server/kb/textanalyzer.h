#pragma once
#include <QString>
#include <QStringList>

// Turns text into the terms retrieval and the rules brain compare: lower-case
// words, English stop words removed, Snowball-stemmed (libstemmer).
namespace text {

QStringList words(const QString &input);         // lower-case word tokens, in order
QStringList terms(const QString &input);         // stemmed content terms, in order
QString stem(const QString &lowerCaseWord);
bool isStopWord(const QString &lowerCaseWord);
bool isNumber(const QString &word);
// Damerau-Levenshtein distance at most one (one substitution, insertion,
// deletion or swap of neighbours): "teack" and "rtack" are both "track".
bool withinOneEdit(const QString &a, const QString &b);
// Words a shopper may use for what the help centre calls by another name
// ("reimbursement" -> "refund"); empty when there are none.
QStringList synonyms(const QString &lowerCaseWord);

} // namespace text

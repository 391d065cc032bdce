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

} // namespace text

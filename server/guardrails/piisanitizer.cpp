#include "piisanitizer.h"

#include <QRegularExpression>

namespace pii {
namespace {

QRegularExpression compile(const QString &pattern, bool caseInsensitive = false)
{
    QRegularExpression::PatternOptions options = QRegularExpression::UseUnicodePropertiesOption;
    if (caseInsensitive)
        options |= QRegularExpression::CaseInsensitiveOption;
    QRegularExpression expression(pattern, options);
    Q_ASSERT_X(expression.isValid(), "pii", qPrintable(expression.errorString()));
    expression.optimize();
    return expression;
}

// Every pattern starts only where a token starts (a look-behind refuses the
// middle of a word or number), so a pass stays linear in the text's length.

const QRegularExpression &emailPattern()
{
    static const QRegularExpression pattern = compile(QStringLiteral(
        R"((?<![\p{L}\p{N}._%+\-])[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.\p{L}{2,})"));
    return pattern;
}

// A run of digit groups separated by single spaces or dashes; cardSpan picks
// the card inside it.
const QRegularExpression &digitRunPattern()
{
    static const QRegularExpression pattern = compile(QStringLiteral(
        R"((?<![\p{L}\p{N}+])(?<!\d[ \-])\d++(?:[ \-]\d++)*+(?![\p{L}\p{N}]))"));
    return pattern;
}

// Country code, check digits, then up to 30 letters or digits, optionally in
// groups; ibanSpan decides how much of it is the IBAN.
const QRegularExpression &ibanPattern()
{
    static const QRegularExpression pattern = compile(QStringLiteral(
        R"((?<![\p{L}\p{N}])[A-Za-z]{2}[0-9]{2}(?:[ ]?[A-Za-z0-9]){11,30}+)"));
    return pattern;
}

// Not after a letter, a digit group, '+' or a code prefix like "FO-"; not
// followed by a letter or another digit group.
#define PHONE_BEFORE R"((?<![\p{L}\p{N}_+])(?<!\d[ .\-])(?<![\p{L}\p{N}][\-/]))"
#define PHONE_AFTER R"((?![\p{L}\p{N}])(?![ .\-]?\d))"

const QRegularExpression &internationalPhonePattern()
{
    // +44 20 7946 0958, +1-202-555-0143, 0044 20 7946 0958, +44 (0)20 7946 0958
    static const QRegularExpression pattern = compile(QStringLiteral(
        PHONE_BEFORE R"((?:\+|00)[1-9]\d{0,3}(?:[ .\-]?(?:\(\d{1,4}\)|\d{1,5}+)){1,6})" PHONE_AFTER));
    return pattern;
}

const QRegularExpression &nationalPhonePattern()
{
    static const QRegularExpression pattern = compile(QStringLiteral(
        PHONE_BEFORE R"((?:)"
        R"(\(\d{2,5}\)[ .\-]?\d{3,4}[ .\-]?\d{3,4})"  // (020) 7946 0958, (202) 555-0143
        R"(|1[ .\-]\d{3}[ .\-]\d{3}[ .\-]\d{4})"      // 1-800-555-0199
        R"(|\d{2,5}[ .\-]\d{3,4}[ .\-]\d{4})"         // 202-555-0143, 555.123.4567, 020 7946 0958
        R"(|0\d{3,4}[ .\-]?\d{6})"                    // 07700 900123, 07700900123
        R"(|0\d(?:[ .\-]\d{2}){4})"                   // 01 23 45 67 89
        R"(|[2-9]\d{2}[.\-]\d{4})"                    // 555-1234
        R"())" PHONE_AFTER));
    return pattern;
}

// What makes a number an order, ticket or invoice number rather than a phone:
// "order 555-123-4567", "order number is …", "ref: …", "#…".
const QRegularExpression &referenceContextPattern()
{
    static const QRegularExpression pattern = compile(
        QStringLiteral(R"((?:\b(?:orders?|tickets?|ref|reference|invoice|tracking|case)\b)"
                       R"((?:[\s:#.\-]+(?:no|nr|num|number|id|is|was|code)\b){0,2}|#)[\s:#.\-]*$)"),
        true);
    return pattern;
}

const QRegularExpression &streetAddressPattern()
{
    // A house number, one to four words (not function words, so "2 tents by
    // the way" stays), a street suffix, and optionally an apartment.
    static const QRegularExpression pattern = compile(
        QStringLiteral(
            R"((?<![\p{L}\p{N}#$€£.,/\-])\d{1,5}[a-z]?)"
            R"((?:[ \t]+(?!(?:the|a|an|of|on|in|at|by|to|for|from|with|and|or|but|my|your|our|their|his|her|its|it|is)"
            R"(|was|are|were|be|this|that|these|those|all|same|any|no|per|each|every|some|more|less|than|then|via|into)\b))"
            R"((?:\d{1,3}(?:st|nd|rd|th)|\p{L}[\p{L}'.\-]*)){1,4}?)"
            R"([ \t]+(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|way|court|ct|place|pl|terrace)"
            R"(|close|crescent|square|highway|hwy|parkway|pkwy)\b)"
            R"((?:,?[ \t]+(?:apt|apartment|suite|ste|unit|flat)\.?[ \t]*#?[ \t]*\d+[a-z]?\b)?)"),
        true);
    return pattern;
}

const QRegularExpression &poBoxPattern()
{
    static const QRegularExpression pattern =
        compile(QStringLiteral(R"(\bP\.?[ \t]?O\.?[ \t]*Box[ \t]*#?[ \t]*\d{1,6}\b)"), true);
    return pattern;
}

// IBAN lengths from the SWIFT IBAN registry.
int ibanLength(QStringView country)
{
    static const QHash<QString, int> lengths{
        {QStringLiteral("AD"), 24}, {QStringLiteral("AE"), 23}, {QStringLiteral("AL"), 28}, {QStringLiteral("AT"), 20},
        {QStringLiteral("AZ"), 28}, {QStringLiteral("BA"), 20}, {QStringLiteral("BE"), 16}, {QStringLiteral("BG"), 22},
        {QStringLiteral("BH"), 22}, {QStringLiteral("BR"), 29}, {QStringLiteral("BY"), 28}, {QStringLiteral("CH"), 21},
        {QStringLiteral("CR"), 22}, {QStringLiteral("CY"), 28}, {QStringLiteral("CZ"), 24}, {QStringLiteral("DE"), 22},
        {QStringLiteral("DK"), 18}, {QStringLiteral("DO"), 28}, {QStringLiteral("EE"), 20}, {QStringLiteral("EG"), 29},
        {QStringLiteral("ES"), 24}, {QStringLiteral("FI"), 18}, {QStringLiteral("FO"), 18}, {QStringLiteral("FR"), 27},
        {QStringLiteral("GB"), 22}, {QStringLiteral("GE"), 22}, {QStringLiteral("GI"), 23}, {QStringLiteral("GL"), 18},
        {QStringLiteral("GR"), 27}, {QStringLiteral("GT"), 28}, {QStringLiteral("HR"), 21}, {QStringLiteral("HU"), 28},
        {QStringLiteral("IE"), 22}, {QStringLiteral("IL"), 23}, {QStringLiteral("IQ"), 23}, {QStringLiteral("IS"), 26},
        {QStringLiteral("IT"), 27}, {QStringLiteral("JO"), 30}, {QStringLiteral("KW"), 30}, {QStringLiteral("KZ"), 20},
        {QStringLiteral("LB"), 28}, {QStringLiteral("LC"), 32}, {QStringLiteral("LI"), 21}, {QStringLiteral("LT"), 20},
        {QStringLiteral("LU"), 20}, {QStringLiteral("LV"), 21}, {QStringLiteral("MC"), 27}, {QStringLiteral("MD"), 24},
        {QStringLiteral("ME"), 22}, {QStringLiteral("MK"), 19}, {QStringLiteral("MR"), 27}, {QStringLiteral("MT"), 31},
        {QStringLiteral("MU"), 30}, {QStringLiteral("NL"), 18}, {QStringLiteral("NO"), 15}, {QStringLiteral("PK"), 24},
        {QStringLiteral("PL"), 28}, {QStringLiteral("PS"), 29}, {QStringLiteral("PT"), 25}, {QStringLiteral("QA"), 29},
        {QStringLiteral("RO"), 24}, {QStringLiteral("RS"), 22}, {QStringLiteral("SA"), 24}, {QStringLiteral("SC"), 31},
        {QStringLiteral("SE"), 24}, {QStringLiteral("SI"), 19}, {QStringLiteral("SK"), 24}, {QStringLiteral("SM"), 27},
        {QStringLiteral("ST"), 25}, {QStringLiteral("SV"), 28}, {QStringLiteral("TL"), 23}, {QStringLiteral("TN"), 24},
        {QStringLiteral("TR"), 26}, {QStringLiteral("UA"), 29}, {QStringLiteral("VA"), 22}, {QStringLiteral("VG"), 24},
        {QStringLiteral("XK"), 20},
    };
    return lengths.value(country.toString(), 0);
}

bool isWordCharacter(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_');
}

struct Span
{
    qsizetype start = 0;
    qsizetype end = 0;
};

// Replaces every match that `pick` accepts (it may narrow the span) with
// "[kind]", in one pass, and counts them.
template<typename Pick>
void maskAll(QString &text, const QRegularExpression &pattern, const QString &kind, QHash<QString, int> &counts, Pick pick)
{
    QString out;
    qsizetype copied = 0;
    int masked = 0;
    auto matches = pattern.globalMatch(text);
    while (matches.hasNext()) {
        const QRegularExpressionMatch match = matches.next();
        Span span{match.capturedStart(), match.capturedEnd()};
        if (span.start < copied || !pick(match, text, &span))
            continue;
        if (masked == 0)
            out.reserve(text.size());
        out.append(QStringView(text).mid(copied, span.start - copied));
        out.append(QLatin1Char('[') + kind + QLatin1Char(']'));
        copied = span.end;
        ++masked;
    }
    if (masked == 0)
        return;
    out.append(QStringView(text).mid(copied));
    text = out;
    counts[kind] += masked;
}

bool acceptWhole(const QRegularExpressionMatch &, const QString &, Span *)
{
    return true;
}

// The longest run of whole digit groups inside the match that has 13 to 19
// digits, does not start with 0 and passes the Luhn check.
bool cardSpan(const QRegularExpressionMatch &match, const QString &text, Span *span)
{
    struct Group
    {
        qsizetype start, end;
    };
    QList<Group> groups;
    for (qsizetype i = match.capturedStart(); i < match.capturedEnd();) {
        qsizetype end = i;
        while (end < match.capturedEnd() && text.at(end).isDigit())
            ++end;
        groups.append({i, end});
        i = end + 1; // past the separator
    }
    qsizetype bestLength = 0;
    for (qsizetype first = 0; first < groups.size(); ++first) {
        if (text.at(groups.at(first).start) == QLatin1Char('0'))
            continue;
        qsizetype digits = 0;
        for (qsizetype last = first; last < groups.size(); ++last) {
            digits += groups.at(last).end - groups.at(last).start;
            if (digits > 19)
                break;
            if (digits < 13 || digits <= bestLength)
                continue;
            const Span candidate{groups.at(first).start, groups.at(last).end};
            // "order 113542617735902" is an order number even when it happens
            // to pass the Luhn check (one number in ten does): the same
            // context rule as for phones.
            const qsizetype contextStart = qMax<qsizetype>(0, candidate.start - 40);
            if (referenceContextPattern().match(text.mid(contextStart, candidate.start - contextStart)).hasMatch())
                continue;
            if (luhnValid(text.mid(candidate.start, candidate.end - candidate.start))) {
                *span = candidate;
                bestLength = digits;
            }
        }
    }
    return bestLength > 0;
}

// The IBAN at the start of the match: exactly the registered length for a
// known country, else the longest prefix (at least 15 characters) that passes
// mod-97, and for an unknown country only when typed in capitals. The IBAN
// must end where a word ends.
bool ibanSpan(const QRegularExpressionMatch &match, const QString &text, Span *span)
{
    QString compact;
    QList<qsizetype> ends; // position in text after each compact character
    for (qsizetype i = match.capturedStart(); i < match.capturedEnd(); ++i) {
        if (text.at(i) == QLatin1Char(' '))
            continue;
        compact.append(text.at(i).toUpper());
        ends.append(i + 1);
    }
    const auto endsWord = [&](qsizetype length) {
        const qsizetype position = ends.at(length - 1);
        return position >= text.size() || !isWordCharacter(text.at(position));
    };
    const auto accept = [&](qsizetype length) {
        if (length > compact.size() || !endsWord(length) || !ibanValid(compact.left(length)))
            return false;
        span->end = ends.at(length - 1);
        return true;
    };
    if (const int known = ibanLength(QStringView(compact).left(2)))
        return accept(known);
    const QChar first = text.at(match.capturedStart()), second = text.at(match.capturedStart() + 1);
    if (!first.isUpper() || !second.isUpper())
        return false;
    for (qsizetype length = compact.size(); length >= 15; --length) {
        if (accept(length))
            return true;
    }
    return false;
}

bool phoneSpan(const QRegularExpressionMatch &match, const QString &text, Span *)
{
    qsizetype digits = 0;
    for (const QChar c : match.capturedView())
        digits += c.isDigit() ? 1 : 0;
    if (match.capturedView().startsWith(QLatin1String("00")))
        digits -= 2; // the international prefix
    if (digits < 7 || digits > 15)
        return false;
    const qsizetype contextStart = qMax<qsizetype>(0, match.capturedStart() - 40);
    const QString before = text.mid(contextStart, match.capturedStart() - contextStart);
    return !referenceContextPattern().match(before).hasMatch();
}

} // namespace

bool luhnValid(const QString &digits)
{
    int sum = 0;
    int count = 0;
    for (qsizetype i = digits.size() - 1; i >= 0; --i) {
        const QChar c = digits.at(i);
        if (c == QLatin1Char(' ') || c == QLatin1Char('-'))
            continue;
        int value = c.digitValue();
        if (value < 0)
            return false;
        if (count % 2 == 1) {
            value *= 2;
            if (value > 9)
                value -= 9;
        }
        sum += value;
        ++count;
    }
    return count >= 2 && sum % 10 == 0;
}

bool ibanValid(const QString &iban)
{
    QString compact;
    for (const QChar c : iban) {
        if (c != QLatin1Char(' ') && c != QLatin1Char('-'))
            compact.append(c.toUpper());
    }
    if (compact.size() < 15 || compact.size() > 34)
        return false;
    for (qsizetype i = 0; i < compact.size(); ++i) {
        const char16_t c = compact.at(i).unicode();
        const bool letter = c >= u'A' && c <= u'Z', digit = c >= u'0' && c <= u'9';
        if ((i < 2 && !letter) || (i >= 2 && i < 4 && !digit) || (!letter && !digit))
            return false;
    }
    if (const int known = ibanLength(QStringView(compact).left(2)); known && known != compact.size())
        return false;
    // ISO 13616: move the first four characters to the end, read letters as
    // 10..35, and the number must be 1 modulo 97.
    const QString rearranged = compact.mid(4) + compact.left(4);
    int remainder = 0;
    for (const QChar c : rearranged) {
        const char16_t u = c.unicode();
        if (u >= u'0' && u <= u'9')
            remainder = (remainder * 10 + (u - u'0')) % 97;
        else
            remainder = (remainder * 100 + (u - u'A' + 10)) % 97;
    }
    return remainder == 1;
}

Sanitized sanitize(const QString &text)
{
    Sanitized result{text, {}};
    bool hasDigit = false;
    for (const QChar c : text) {
        if (c.isDigit()) {
            hasDigit = true;
            break;
        }
    }
    QString &out = result.text;
    if (text.contains(QLatin1Char('@')))
        maskAll(out, emailPattern(), QStringLiteral("email"), result.counts, acceptWhole);
    if (!hasDigit)
        return result;
    // IBANs and cards before phones, whose patterns would take their digit groups.
    maskAll(out, ibanPattern(), QStringLiteral("iban"), result.counts, ibanSpan);
    maskAll(out, digitRunPattern(), QStringLiteral("card"), result.counts, cardSpan);
    maskAll(out, poBoxPattern(), QStringLiteral("address"), result.counts, acceptWhole);
    maskAll(out, streetAddressPattern(), QStringLiteral("address"), result.counts, acceptWhole);
    maskAll(out, internationalPhonePattern(), QStringLiteral("phone"), result.counts, phoneSpan);
    maskAll(out, nationalPhonePattern(), QStringLiteral("phone"), result.counts, phoneSpan);
    return result;
}

QJsonObject sanitizeValues(const QJsonObject &object)
{
    QJsonObject sanitized;
    for (auto it = object.begin(); it != object.end(); ++it)
        sanitized.insert(it.key(), it->isString() ? QJsonValue(sanitize(it->toString()).text) : *it);
    return sanitized;
}

QStringList emailsIn(const QString &text)
{
    QStringList found;
    auto it = emailPattern().globalMatch(text);
    while (it.hasNext())
        found.append(it.next().captured(0));
    return found;
}

} // namespace pii

#include "contentfilter.h"

#include "contentrules.h"
#include "piisanitizer.h"

#include <QByteArray>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QStringDecoder>

namespace content {
namespace {

constexpr qsizetype kMaxNormalized = 20000;   // after NFKD a capped text can grow (U+FDFA gives 18 characters)
constexpr qsizetype kMaxEvidence = 80;
constexpr int kMaxBase64Blobs = 8;
constexpr qsizetype kMinMarkerLength = 12;

QRegularExpression compile(const QString &pattern)
{
    QRegularExpression expression(pattern, QRegularExpression::UseUnicodePropertiesOption);
    if (!expression.isValid())
        qWarning("content filter: invalid pattern (%s): %s", qPrintable(expression.errorString()), qPrintable(pattern));
    expression.optimize(); // compiles (and JITs) now, so matching threads only read
    return expression;
}

QList<QRegularExpression> compileAll(const QStringList &patterns)
{
    QList<QRegularExpression> out;
    out.reserve(patterns.size());
    for (const QString &pattern : patterns)
        out.append(compile(rules::expand(pattern)));
    return out;
}

struct Tables
{
    QList<QRegularExpression> selfHarm = compileAll(rules::selfHarm());
    QList<QRegularExpression> threat = compileAll(rules::threat());
    QList<QRegularExpression> abuse = compileAll(rules::abuse());
    QList<QRegularExpression> sexual = compileAll(rules::sexual());
    QList<QRegularExpression> secretRequest = compileAll(rules::secretRequest());
    QList<QRegularExpression> customerDataRequest = compileAll(rules::customerDataRequest());
    QList<QRegularExpression> promptInjection = compileAll(rules::promptInjection());
    QList<QRegularExpression> dataInstructions = compileAll(rules::dataInstructions());
    QList<QRegularExpression> secretLeak = compileAll(rules::secretLeak());
    QList<QRegularExpression> promptLeak = compileAll(rules::promptLeak());
    QList<QRegularExpression> draftCustomerData = compileAll(rules::draftCustomerData());

    // "k i l l", "s.e.x": three or more single characters, one separator apart.
    QRegularExpression spacedLetters = compile(QStringLiteral(
        R"((?<![\p{L}\p{N}@$!*])[\p{L}\p{N}@$!](?:[ .\-_*][\p{L}\p{N}@$!]){2,}(?![\p{L}\p{N}@$!*]))"));
    QRegularExpression base64Blob = compile(QStringLiteral(
        R"((?<![A-Za-z0-9+/=_\-])[A-Za-z0-9+/_\-]{24,}={0,2}(?![A-Za-z0-9+/=_\-]))"));
    QRegularExpression email = compile(QStringLiteral(
        R"((?<![\p{L}\p{N}._%+\-])[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.\p{L}{2,})"));
};

const Tables &tables()
{
    static const Tables instance;
    return instance;
}

// Letters that look like Latin ones (after case folding): Cyrillic, Greek and
// a few Latin oddities NFKC leaves alone.
QChar latinLookAlike(QChar c)
{
    static const QHash<char16_t, char16_t> map{
        {u'а', u'a'}, {u'е', u'e'}, {u'ё', u'e'}, {u'і', u'i'}, {u'ї', u'i'}, {u'ј', u'j'}, {u'к', u'k'},
        {u'м', u'm'}, {u'о', u'o'}, {u'р', u'p'}, {u'с', u'c'}, {u'у', u'y'}, {u'х', u'x'}, {u'ѕ', u's'},
        {u'ԁ', u'd'}, {u'һ', u'h'}, {u'ӏ', u'l'}, {u'ԛ', u'q'}, {u'ԝ', u'w'}, {u'ү', u'y'}, {u'в', u'b'},
        {u'α', u'a'}, {u'ε', u'e'}, {u'ι', u'i'}, {u'κ', u'k'}, {u'ν', u'v'}, {u'ο', u'o'}, {u'ρ', u'p'},
        {u'τ', u't'}, {u'υ', u'u'}, {u'χ', u'x'}, {u'ϲ', u'c'}, {u'ϳ', u'j'}, {u'ɑ', u'a'}, {u'ɡ', u'g'},
        {u'ı', u'i'}, {u'ſ', u's'}, {u'ɩ', u'i'}, {u'ʀ', u'r'}, {u'ᴋ', u'k'}, {u'ʟ', u'l'}, {u'ɪ', u'i'},
    };
    return QChar(map.value(c.unicode(), 0));
}

// Leetspeak: only inside a word that also has letters ("k1ll", "$hit").
QChar leetLetter(QChar c)
{
    switch (c.unicode()) {
    case '0': return QLatin1Char('o');
    case '1': return QLatin1Char('i');
    case '3': return QLatin1Char('e');
    case '4': return QLatin1Char('a');
    case '5': return QLatin1Char('s');
    case '7': return QLatin1Char('t');
    case '@': return QLatin1Char('a');
    case '$': return QLatin1Char('s');
    case '!': return QLatin1Char('i');
    default: return QChar();
    }
}

bool isLeetTokenCharacter(QChar c)
{
    return c.isLetter() || c.isDigit() || c == QLatin1Char('@') || c == QLatin1Char('$') || c == QLatin1Char('!');
}

bool isVowel(QChar c)
{
    return QStringView(u"aeiouy").contains(c);
}

QString capped(const QString &text)
{
    if (text.size() <= ContentFilter::kHeadCharacters + ContentFilter::kTailCharacters)
        return text;
    return text.left(ContentFilter::kHeadCharacters) + QLatin1Char('\n') + text.right(ContentFilter::kTailCharacters);
}

// Case-preserving: lone surrogates and control characters become spaces,
// format characters (zero-width, bidi controls, soft hyphen, BOM) go,
// compatibility forms are unfolded (NFKD) and combining marks dropped.
QString plainText(const QString &text)
{
    const QString input = capped(text);
    QString cleaned;
    cleaned.reserve(input.size());
    for (qsizetype i = 0; i < input.size(); ++i) {
        const QChar c = input.at(i);
        char32_t codePoint = c.unicode();
        if (c.isHighSurrogate() && i + 1 < input.size() && input.at(i + 1).isLowSurrogate()) {
            codePoint = QChar::surrogateToUcs4(c, input.at(i + 1));
            ++i;
        } else if (c.isSurrogate()) {
            cleaned.append(QLatin1Char(' '));
            continue;
        }
        const QChar::Category category = QChar::category(codePoint);
        if (category == QChar::Other_Format)
            continue;
        if (codePoint == '\n' || codePoint == '\r' || codePoint == 0x2028 || codePoint == 0x2029) {
            cleaned.append(QLatin1Char('\n'));
            continue;
        }
        if (category == QChar::Other_Control) {
            cleaned.append(QLatin1Char(' '));
            continue;
        }
        if (QChar::requiresSurrogates(codePoint)) {
            cleaned.append(QChar(QChar::highSurrogate(codePoint)));
            cleaned.append(QChar(QChar::lowSurrogate(codePoint)));
        } else {
            cleaned.append(QChar(char16_t(codePoint)));
        }
    }
    const QString decomposed = cleaned.normalized(QString::NormalizationForm_KD);
    QString out;
    out.reserve(decomposed.size());
    for (const QChar c : decomposed) {
        const QChar::Category category = c.category();
        if (category != QChar::Mark_NonSpacing && category != QChar::Mark_Enclosing)
            out.append(c);
    }
    out = out.normalized(QString::NormalizationForm_C);
    if (out.size() > kMaxNormalized)
        out.truncate(kMaxNormalized);
    return out;
}

// Quotes and dashes to ASCII, whitespace runs to one space (one newline if
// the run had one).
QString unifyPunctuationAndSpace(const QString &text)
{
    QString out;
    out.reserve(text.size());
    bool inSpace = false, spaceHasNewline = false;
    for (const QChar c : text) {
        if (c.isSpace()) {
            inSpace = true;
            spaceHasNewline = spaceHasNewline || c == QLatin1Char('\n');
            continue;
        }
        if (inSpace && !out.isEmpty())
            out.append(spaceHasNewline ? QLatin1Char('\n') : QLatin1Char(' '));
        inSpace = spaceHasNewline = false;
        switch (c.unicode()) {
        case u'\u2018': case u'\u2019': case u'\u201B': case u'\u02BC': case u'\u0060': case u'\u00B4': case u'\u2032':
            out.append(QLatin1Char('\''));
            break;
        case u'\u201C': case u'\u201D': case u'\u201F': case u'\u00AB': case u'\u00BB': case u'\u2033':
            out.append(QLatin1Char('"'));
            break;
        case u'\u2010': case u'\u2011': case u'\u2012': case u'\u2013': case u'\u2014': case u'\u2015': case u'\u2212':
            out.append(QLatin1Char('-'));
            break;
        default:
            out.append(c);
        }
    }
    return out;
}

// A word mixing in Cyrillic or Greek look-alikes is read as Latin when all its
// non-Latin letters have a Latin twin.
void undoLookAlikes(QString &text)
{
    for (qsizetype start = 0; start < text.size();) {
        if (!text.at(start).isLetter()) {
            ++start;
            continue;
        }
        qsizetype end = start;
        bool foreign = false, mappable = true;
        while (end < text.size() && text.at(end).isLetter()) {
            const QChar c = text.at(end);
            if (c.unicode() >= 0x80) {
                foreign = true;
                mappable = mappable && !latinLookAlike(c).isNull();
            }
            ++end;
        }
        if (foreign && mappable) {
            for (qsizetype i = start; i < end; ++i) {
                const QChar latin = latinLookAlike(text.at(i));
                if (!latin.isNull())
                    text[i] = latin;
            }
        }
        start = end;
    }
}

// "k i l l" -> "kill", unless every character is a one-letter chat word
// ("u r a idiot" must stay readable).
void joinSpacedLetters(QString &text)
{
    const QRegularExpression &pattern = tables().spacedLetters;
    if (!pattern.match(text).hasMatch())
        return;
    QString out;
    qsizetype copied = 0;
    for (auto it = pattern.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        QString joined;
        int letters = 0;
        bool onlyChatWords = true;
        for (qsizetype i = match.capturedStart(); i < match.capturedEnd(); i += 2) {
            const QChar c = text.at(i);
            joined.append(c);
            letters += c.isLetter() ? 1 : 0;
            onlyChatWords = onlyChatWords && QStringView(u"aiuryo").contains(c);
        }
        if (letters < 2 || onlyChatWords)
            continue;
        out += QStringView(text).mid(copied, match.capturedStart() - copied);
        out += joined;
        copied = match.capturedEnd();
    }
    if (copied == 0)
        return;
    out += QStringView(text).mid(copied);
    text = out;
}

void undoLeetspeak(QString &text)
{
    for (qsizetype start = 0; start < text.size();) {
        if (!isLeetTokenCharacter(text.at(start))) {
            ++start;
            continue;
        }
        qsizetype end = start;
        while (end < text.size() && isLeetTokenCharacter(text.at(end)))
            ++end;
        qsizetype last = end; // trailing "!" is punctuation
        while (last > start && text.at(last - 1) == QLatin1Char('!'))
            --last;
        qsizetype first = start;
        while (first < last && text.at(first) == QLatin1Char('!'))
            ++first;
        int letters = 0, leet = 0;
        bool other = false;
        for (qsizetype i = first; i < last; ++i) {
            const QChar c = text.at(i);
            if (c.isLetter())
                ++letters;
            else if (!leetLetter(c).isNull())
                ++leet;
            else
                other = true;
        }
        if (letters > 0 && leet > 0 && !other) {
            for (qsizetype i = first; i < last; ++i) {
                const QChar letter = leetLetter(text.at(i));
                if (!letter.isNull())
                    text[i] = letter;
            }
        }
        start = end;
    }
}

// "fuuuuck" -> "fuck", "killlll" -> "kill": a vowel run of three or more
// becomes one, a consonant run two.
void squeezeRepeats(QString &text)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size();) {
        const QChar c = text.at(i);
        qsizetype run = 1;
        while (i + run < text.size() && text.at(i + run) == c)
            ++run;
        if (run >= 3 && c.isLetter())
            out.append(QString(isVowel(c) ? 1 : 2, c));
        else
            out.append(QStringView(text).mid(i, run));
        i += run;
    }
    text = out;
}

struct Views
{
    QString plain;  // case preserved, for key shapes and base64
    QString folded; // what the linguistic rules read
    QHash<QString, int> piiCounts;
};

QString fold(const QString &plain, QHash<QString, int> *piiCounts = nullptr)
{
    pii::Sanitized masked = pii::sanitize(plain);
    if (piiCounts)
        *piiCounts = masked.counts;
    QString text = unifyPunctuationAndSpace(masked.text.toCaseFolded());
    undoLookAlikes(text);
    joinSpacedLetters(text);
    undoLeetspeak(text);
    squeezeRepeats(text);
    return text;
}

Views views(const QString &text)
{
    Views out;
    out.plain = plainText(text);
    out.folded = fold(out.plain, &out.piiCounts);
    return out;
}

QString shortEvidence(const QString &text)
{
    QString evidence = text.simplified();
    if (evidence.size() > kMaxEvidence)
        evidence = evidence.left(kMaxEvidence - 1) + QChar(0x2026);
    return evidence;
}

Verdict firstMatch(const QList<QRegularExpression> &patterns, Rule rule, const QString &text, const QString &prefix = {})
{
    for (const QRegularExpression &pattern : patterns) {
        const QRegularExpressionMatch match = pattern.match(text);
        if (match.hasMatch())
            return {rule, shortEvidence(prefix + match.captured())};
    }
    return {};
}

// A base64 payload that decodes to readable text is checked as text: an
// instruction smuggled that way is an injection whatever it asks for.
Verdict checkBase64(const QString &plain, const QList<const QList<QRegularExpression> *> &tablesToRun)
{
    int blobs = 0;
    for (auto it = tables().base64Blob.globalMatch(plain); it.hasNext() && blobs < kMaxBase64Blobs;) {
        const QString blob = it.next().captured();
        const bool urlSafe = blob.contains(QLatin1Char('-')) || blob.contains(QLatin1Char('_'));
        if (urlSafe && (blob.contains(QLatin1Char('+')) || blob.contains(QLatin1Char('/'))))
            continue;
        ++blobs;
        const auto decoded = QByteArray::fromBase64Encoding(
            blob.toLatin1(), (urlSafe ? QByteArray::Base64UrlEncoding : QByteArray::Base64Encoding)
                                 | QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded || decoded.decoded.size() < 8)
            continue;
        QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        const QString text = utf8.decode(decoded.decoded);
        if (utf8.hasError() || !text.contains(QLatin1Char(' ')))
            continue;
        qsizetype printable = 0;
        for (const QChar c : text)
            printable += (c.isPrint() || c.isSpace()) ? 1 : 0;
        if (printable * 10 < text.size() * 9)
            continue;
        const QString folded = fold(plainText(text));
        for (const QList<QRegularExpression> *table : tablesToRun) {
            const Verdict verdict = firstMatch(*table, Rule::PromptInjection, folded, QStringLiteral("base64: "));
            if (verdict.tripped())
                return verdict;
        }
    }
    return {};
}

} // namespace

QString ruleName(Rule rule)
{
    switch (rule) {
    case Rule::None: return {};
    case Rule::Abuse: return QStringLiteral("abuse");
    case Rule::Threat: return QStringLiteral("threat");
    case Rule::SelfHarm: return QStringLiteral("self_harm");
    case Rule::Sexual: return QStringLiteral("sexual");
    case Rule::SecretExtraction: return QStringLiteral("secret_extraction");
    case Rule::OtherCustomerData: return QStringLiteral("other_customer_data");
    case Rule::PromptInjection: return QStringLiteral("prompt_injection");
    }
    return {};
}

ContentFilter::ContentFilter(const QStringList &secretMarkers)
{
    tables(); // compile on construction, not on the first turn
    for (const QString &marker : secretMarkers) {
        const QString normalizedMarker = normalized(marker).trimmed();
        if (normalizedMarker.size() >= kMinMarkerLength)
            m_secretMarkers.append(normalizedMarker);
    }
}

QString ContentFilter::normalized(const QString &text)
{
    return fold(plainText(text));
}

Verdict ContentFilter::checkInput(const QString &userMessage) const
{
    if (userMessage.trimmed().isEmpty())
        return {};
    const Tables &t = tables();
    const Views v = views(userMessage);
    const QList<QPair<Rule, const QList<QRegularExpression> *>> order{
        {Rule::SelfHarm, &t.selfHarm},
        {Rule::Threat, &t.threat},
        {Rule::Sexual, &t.sexual}, // before abuse: "I want to fuck you" is not an insult
        {Rule::Abuse, &t.abuse},
        {Rule::PromptInjection, &t.promptInjection},
        {Rule::SecretExtraction, &t.secretRequest},
        {Rule::OtherCustomerData, &t.customerDataRequest},
    };
    for (const auto &[rule, patterns] : order) {
        const Verdict verdict = firstMatch(*patterns, rule, v.folded);
        if (verdict.tripped())
            return verdict;
    }
    return checkBase64(v.plain, {&t.promptInjection, &t.secretRequest});
}

Verdict ContentFilter::checkData(const QString &text) const
{
    if (text.trimmed().isEmpty())
        return {};
    const Tables &t = tables();
    const Views v = views(text);
    for (const QList<QRegularExpression> *patterns : {&t.promptInjection, &t.dataInstructions}) {
        const Verdict verdict = firstMatch(*patterns, Rule::PromptInjection, v.folded);
        if (verdict.tripped())
            return verdict;
    }
    return checkBase64(v.plain, {&t.promptInjection, &t.dataInstructions, &t.secretRequest});
}

Verdict ContentFilter::checkDraft(const QString &draft, const QStringList &knownEmails) const
{
    if (draft.trimmed().isEmpty())
        return {};
    const Tables &t = tables();
    const Views v = views(draft);

    // Secrets: key and token shapes (evidence keeps only a prefix), a quoted
    // prompt, a marker.
    for (const QRegularExpression &pattern : t.secretLeak) {
        const QRegularExpressionMatch match = pattern.match(v.plain);
        if (match.hasMatch())
            return {Rule::SecretExtraction,
                    match.captured().left(4) + QChar(0x2026)
                        + QStringLiteral(" (%1 characters)").arg(match.capturedLength())};
    }
    if (const Verdict verdict = firstMatch(t.promptLeak, Rule::SecretExtraction, v.folded); verdict.tripped())
        return verdict;
    for (const QString &marker : m_secretMarkers) {
        if (v.folded.contains(marker))
            return {Rule::SecretExtraction, QStringLiteral("secret marker: ") + shortEvidence(marker.left(20))};
    }

    // Other customers' data.
    for (const QString &kind : {QStringLiteral("card"), QStringLiteral("iban")}) {
        if (v.piiCounts.value(kind) > 0)
            return {Rule::OtherCustomerData, QLatin1Char('[') + kind + QLatin1Char(']')};
    }
    QSet<QString> known;
    for (const QString &email : knownEmails)
        known.insert(email.trimmed().toCaseFolded());
    QSet<QString> seen;
    for (auto it = t.email.globalMatch(v.plain); it.hasNext();) {
        const QString email = it.next().captured().toCaseFolded();
        seen.insert(email);
        if (!known.isEmpty() && !known.contains(email))
            return {Rule::OtherCustomerData, QStringLiteral("[email] not known in this conversation")};
    }
    if (seen.size() >= 3)
        return {Rule::OtherCustomerData, QStringLiteral("%1 distinct [email] addresses").arg(seen.size())};
    if (const Verdict verdict = firstMatch(t.draftCustomerData, Rule::OtherCustomerData, v.folded); verdict.tripped())
        return verdict;

    const QList<QPair<Rule, const QList<QRegularExpression> *>> order{
        {Rule::Threat, &t.threat},
        {Rule::Abuse, &t.abuse},
        {Rule::Sexual, &t.sexual},
    };
    for (const auto &[rule, patterns] : order) {
        const Verdict verdict = firstMatch(*patterns, rule, v.folded);
        if (verdict.tripped())
            return verdict;
    }
    return {};
}

} // namespace content

#include "chunker.h"
#include "documentloader.h"

#include <QCryptographicHash>
#include <QHash>
#include <QRegularExpression>
#include <QStringList>
#include <algorithm>

namespace kb {
namespace {

bool isWordCharacter(char32_t c)
{
    if (QChar::isLetterOrNumber(c))
        return true;
    const QChar::Category category = QChar::category(c);
    return category == QChar::Mark_NonSpacing || category == QChar::Mark_SpacingCombining
        || category == QChar::Mark_Enclosing;
}

// Letters and digits beyond this many in one run count as further tokens.
constexpr int maxRunLength = 24;

// Calls f(start, end) for each token of countTokens, in order.
template<typename F>
void forEachToken(QStringView text, F &&f)
{
    const qsizetype size = text.size();
    qsizetype runStart = -1;
    int runLength = 0;
    for (qsizetype i = 0; i < size;) {
        char32_t c = text[i].unicode();
        qsizetype length = 1;
        if (QChar::isHighSurrogate(c) && i + 1 < size && text[i + 1].isLowSurrogate()) {
            c = QChar::surrogateToUcs4(text[i], text[i + 1]);
            length = 2;
        }
        if (isWordCharacter(c)) {
            if (runStart >= 0 && runLength == maxRunLength) {
                f(runStart, i);
                runStart = -1;
            }
            if (runStart < 0) {
                runStart = i;
                runLength = 0;
            }
            ++runLength;
        } else {
            if (runStart >= 0) {
                f(runStart, i);
                runStart = -1;
            }
            if (!QChar::isSpace(c))
                f(i, i + length);
        }
        i += length;
    }
    if (runStart >= 0)
        f(runStart, size);
}

int tokensIn(QStringView text)
{
    int count = 0;
    forEachToken(text, [&count](qsizetype, qsizetype) { ++count; });
    return count;
}

QList<std::pair<qsizetype, qsizetype>> tokenSpans(QStringView text)
{
    QList<std::pair<qsizetype, qsizetype>> spans;
    forEachToken(text, [&spans](qsizetype start, qsizetype end) { spans.append({start, end}); });
    return spans;
}

// The strength of a cut after an atom, weakest first.
enum class Boundary { None, Word, Sentence, Paragraph, Section };

// Tokens of a piece cut from a sentence too long for a chunk: pieces end
// between words, or after this many tokens inside a very long "word".
constexpr int maxPieceTokens = 16;

// The smallest piece a chunk is built from: a sentence, or a piece of a
// sentence too long to fit a chunk whole. Views into the section texts, so a
// pathological document (megabytes of punctuation) stays cheap.
struct Atom
{
    QStringView text;
    QStringView separator; // the white space after it inside its paragraph
    int tokens = 0;
    int section = 0;       // index into the sections
    Boundary after = Boundary::None;
    bool startsSection = false;
    bool partial = false;  // the tail of a longer atom, repeated as overlap
    bool overlap = false;  // repeated from the previous chunk
};

// A paragraph's sentences, each with the white space after it (kept, so a
// chunk reproduces the paragraph). Line breaks inside a paragraph end a sentence too.
QList<std::pair<QStringView, QStringView>> splitSentences(QStringView paragraph)
{
    static const QRegularExpression boundary(QStringLiteral(
        "(?:(?<=[.!?])|(?<=[.!?][\"'\\x{201D}\\x{2019})\\]]))[ \\t]+(?=[\\p{Lu}\\p{N}\"'\\x{201C}\\x{2018}(\\[])"
        "|[ \\t]*\\n\\s*"));
    QList<std::pair<QStringView, QStringView>> sentences;
    qsizetype start = 0;
    QRegularExpressionMatchIterator it = boundary.globalMatch(paragraph);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        if (match.capturedStart() > start)
            sentences.append({paragraph.mid(start, match.capturedStart() - start),
                              paragraph.mid(match.capturedStart(), match.capturedLength())});
        start = match.capturedEnd();
    }
    if (start < paragraph.size())
        sentences.append({paragraph.mid(start), QStringView()});
    return sentences;
}

// Appends a sentence too long for a chunk as pieces of whole words (or of
// at most pieceLimit tokens inside an endless word), so it can be cut between them.
void appendPieces(QStringView sentence, QStringView separator, int section, Boundary end, int pieceLimit,
                  QList<Atom> *atoms)
{
    const auto spans = tokenSpans(sentence);
    qsizetype first = 0;
    for (qsizetype t = 0; t < spans.size(); ++t) {
        const bool last = t + 1 == spans.size();
        const qsizetype gapEnd = last ? sentence.size() : spans[t + 1].first;
        const bool wordEnds = gapEnd > spans[t].second;
        if (!last && !wordEnds && t + 1 - first < pieceLimit)
            continue;
        Atom atom;
        atom.text = sentence.mid(spans[first].first, spans[t].second - spans[first].first);
        atom.tokens = int(t + 1 - first);
        atom.section = section;
        if (last) {
            atom.separator = separator;
            atom.after = end;
        } else {
            atom.separator = sentence.mid(spans[t].second, gapEnd - spans[t].second);
            atom.after = wordEnds ? Boundary::Word : Boundary::None;
        }
        atoms->append(atom);
        first = t + 1;
    }
}

QList<Atom> atomsOf(const QList<KbSection> &sections, int sentenceLimit)
{
    static const QRegularExpression blankLine(QStringLiteral("\\n[ \\t]*\\n"));
    QList<Atom> atoms;
    for (int s = 0; s < sections.size(); ++s) {
        const qsizetype sectionStart = atoms.size();
        const QStringView text(sections.at(s).text);
        for (const QStringView rawParagraph : text.split(blankLine, Qt::SkipEmptyParts)) {
            const QStringView paragraph = rawParagraph.trimmed();
            if (paragraph.isEmpty())
                continue;
            const auto sentences = splitSentences(paragraph);
            for (qsizetype k = 0; k < sentences.size(); ++k) {
                const auto [sentence, separator] = sentences.at(k);
                const Boundary end = k + 1 == sentences.size() ? Boundary::Paragraph : Boundary::Sentence;
                const int tokens = tokensIn(sentence);
                if (tokens == 0)
                    continue;
                if (tokens <= sentenceLimit)
                    atoms.append({sentence, separator, tokens, s, end});
                else
                    appendPieces(sentence, separator, s, end, std::min(maxPieceTokens, sentenceLimit), &atoms);
            }
        }
        if (atoms.size() > sectionStart) {
            atoms[sectionStart].startsSection = true;
            atoms.last().after = Boundary::Section;
        }
    }
    return atoms;
}

struct PendingChunk
{
    int section = 0;
    QString text;
};

class Chunker
{
public:
    Chunker(const QList<KbSection> &sections, const ChunkOptions &options) : m_sections(sections)
    {
        m_max = std::max(1, options.maxTokens);
        m_min = std::clamp(options.minTokens, 0, m_max);
        m_overlap = std::clamp(options.overlapTokens, 0, m_max / 2);
        for (const KbSection &section : sections) {
            // A section merged into a chunk started elsewhere keeps its own heading as a line.
            const QString heading = section.heading.split(QStringLiteral(" > ")).constLast().trimmed();
            m_headings.append(heading);
            m_headingTokens.append(tokensIn(heading));
        }
    }

    QList<PendingChunk> run()
    {
        const QList<Atom> atoms = atomsOf(m_sections, m_max - m_overlap);
        qint64 total = 0;
        for (qsizetype i = 0; i < atoms.size(); ++i)
            total += cost(atoms.at(i), i);
        if (total <= m_max) { // fits whole: one chunk, however many headings
            m_window = atoms;
            flush();
            return m_chunks;
        }

        for (qsizetype i = 0; i < atoms.size();) {
            const Atom &atom = atoms.at(i);
            if (atom.startsSection && m_newAtoms > 0 && m_tokens >= m_min) {
                flush();
                continue;
            }
            if (atom.startsSection && m_newAtoms == 0)
                clear(); // the overlap never crosses a heading
            if (m_tokens + cost(atom, m_window.size()) <= m_max) {
                append(atom);
                ++i;
            } else if (m_window.isEmpty()) {
                append(atom); // cannot happen (atoms fit maxTokens), but never loop
                ++i;
            } else if (m_newAtoms == 0) {
                clear();
            } else {
                cut(chooseCut());
            }
        }
        if (m_newAtoms > 0)
            flush();
        return m_chunks;
    }

private:
    int cost(const Atom &atom, qsizetype position) const
    {
        return atom.tokens + (atom.startsSection && position > 0 ? m_headingTokens.at(atom.section) : 0);
    }

    void append(const Atom &atom)
    {
        m_tokens += cost(atom, m_window.size());
        m_window.append(atom);
        if (!atom.overlap)
            ++m_newAtoms;
    }

    void clear()
    {
        m_window.clear();
        m_tokens = 0;
        m_newAtoms = 0;
    }

    // How many atoms of the window the chunk takes: the strongest boundary
    // past minTokens (the latest of equals), else the whole window.
    qsizetype chooseCut() const
    {
        qsizetype best = -1;
        qsizetype whole = -1;
        Boundary bestBoundary = Boundary::None;
        int tokens = 0;
        for (qsizetype p = 1; p <= m_window.size(); ++p) {
            const Atom &atom = m_window.at(p - 1);
            tokens += cost(atom, p - 1);
            if (tokens > m_max)
                break;
            if (atom.overlap)
                continue;
            whole = p;
            if (tokens >= m_min && (best < 0 || atom.after >= bestBoundary)) {
                best = p;
                bestBoundary = atom.after;
            }
        }
        return best >= 0 ? best : std::max<qsizetype>(whole, 1);
    }

    void cut(qsizetype count)
    {
        const QList<Atom> emitted = m_window.mid(0, count);
        const QList<Atom> rest = m_window.mid(count);
        m_window = emitted;
        flush();
        for (const Atom &atom : overlapAfter(emitted))
            append(atom);
        for (const Atom &atom : rest)
            append(atom);
        if (m_tokens > m_max) { // no room for the overlap
            clear();
            for (const Atom &atom : rest)
                append(atom);
        }
    }

    // The tail of a chunk repeated at the start of the next: whole sentences
    // of the same section up to the overlap budget, else the last tokens.
    QList<Atom> overlapAfter(const QList<Atom> &emitted) const
    {
        const Atom &last = emitted.constLast();
        if (last.after == Boundary::Section)
            return {};
        int newTokens = 0;
        for (const Atom &atom : emitted) {
            if (!atom.overlap)
                newTokens += atom.tokens;
        }
        const int budget = std::min(m_overlap, newTokens / 2);
        if (budget <= 0)
            return {};

        qsizetype sentenceStart = -1;
        int tokens = 0;
        for (qsizetype j = emitted.size() - 1; j >= 0; --j) {
            const Atom &atom = emitted.at(j);
            if (atom.section != last.section || tokens + atom.tokens > budget)
                break;
            tokens += atom.tokens;
            const bool startsSentence = j > 0 ? emitted.at(j - 1).after >= Boundary::Sentence : !atom.partial;
            if (startsSentence || atom.startsSection)
                sentenceStart = j;
        }
        qsizetype from = sentenceStart;
        QList<Atom> overlap;
        if (from < 0) {
            // No whole sentence fits: whole atoms from the end, then the tail of the one before.
            tokens = 0;
            from = emitted.size();
            while (from > 0 && emitted.at(from - 1).section == last.section
                   && tokens + emitted.at(from - 1).tokens <= budget) {
                --from;
                tokens += emitted.at(from).tokens;
            }
            if (from > 0 && emitted.at(from - 1).section == last.section && tokens < budget) {
                const Atom &source = emitted.at(from - 1);
                const auto spans = tokenSpans(source.text);
                qsizetype first = spans.size() - (budget - tokens);
                // Start at a word; only an overlap that has nothing else may start inside one.
                qsizetype wordStart = -1;
                for (qsizetype k = first; k < spans.size() && wordStart < 0; ++k) {
                    if (spans[k].first > 0 && source.text.at(spans[k].first - 1).isSpace())
                        wordStart = k;
                }
                if (wordStart >= 0)
                    first = wordStart;
                else if (from < emitted.size())
                    first = spans.size();
                if (first > 0 && first < spans.size()) {
                    Atom tail = source;
                    tail.text = source.text.mid(spans[first].first);
                    tail.tokens = int(spans.size() - first);
                    tail.startsSection = false;
                    tail.partial = true;
                    tail.overlap = true;
                    overlap.append(tail);
                }
            }
        }
        for (qsizetype j = from; j < emitted.size(); ++j) {
            Atom atom = emitted.at(j);
            atom.overlap = true;
            overlap.append(atom);
        }
        return overlap;
    }

    void flush()
    {
        if (m_window.isEmpty())
            return;
        QString text;
        for (qsizetype j = 0; j < m_window.size(); ++j) {
            const Atom &atom = m_window.at(j);
            if (j > 0 && atom.startsSection && !m_headings.at(atom.section).isEmpty())
                text += m_headings.at(atom.section) + QStringLiteral("\n\n");
            text += atom.text;
            if (j + 1 < m_window.size())
                text += atom.after >= Boundary::Paragraph ? QStringView(u"\n\n") : atom.separator;
        }
        m_chunks.append({m_window.constFirst().section, text});
        clear();
    }

    const QList<KbSection> &m_sections;
    QStringList m_headings;
    QList<int> m_headingTokens;
    int m_min = 0;
    int m_max = 0;
    int m_overlap = 0;
    QList<Atom> m_window;
    int m_tokens = 0;
    int m_newAtoms = 0;
    QList<PendingChunk> m_chunks;
};

} // namespace

int countTokens(const QString &text)
{
    return tokensIn(text);
}

QString chunkId(const QString &docId, const QString &section, const QString &text)
{
    const QByteArray digest =
        QCryptographicHash::hash((section + QLatin1Char('\n') + text).toUtf8(), QCryptographicHash::Sha256);
    return docId + QLatin1Char('#') + QString::fromLatin1(digest.toHex().left(16));
}

QList<KbChunk> chunkSections(const QString &docId, const QList<KbSection> &sections, const ChunkOptions &options)
{
    QList<KbChunk> chunks;
    QHash<QString, int> seen;
    for (const PendingChunk &pending : Chunker(sections, options).run()) {
        KbChunk chunk;
        chunk.docId = docId;
        chunk.ordinal = int(chunks.size());
        chunk.section = sections.at(pending.section).heading;
        chunk.text = pending.text;
        chunk.tokenCount = countTokens(pending.text);
        chunk.id = chunkId(docId, chunk.section, chunk.text);
        // The same passage twice in one section (boilerplate): later copies get a suffix.
        const int copies = seen[chunk.id]++;
        if (copies > 0)
            chunk.id += QLatin1Char('-') + QString::number(copies + 1);
        chunks.append(chunk);
    }
    return chunks;
}

QList<KbChunk> chunkDocument(const KbDocument &doc, const ChunkOptions &options)
{
    return chunkSections(doc.id, sectionsOf(doc), options);
}

} // namespace kb

#include "kbindex.h"
#include "embedder.h"
#include "hashingembedder.h"
#include "markdownarticle.h"
#include "textanalyzer.h"
#include "wordnet.h"

#include "guardrails/piisanitizer.h"

#include <QDateTime>
#include <QRegularExpression>
#include <algorithm>
#include <cmath>

namespace {

// How many passages each ranking contributes to the fusion.
constexpr int kPool = 64;
// How many fused candidates are re-ranked by coverage.
constexpr int kCandidates = 8;
// Between the sentences of a chunk's packed text (split once, when indexed).
constexpr QChar kSentenceSeparator(u'\x1e');
// Reciprocal-rank fusion constant (Cormack et al. 2009 use 60): damps the
// head of each list so that agreement between the rankings decides; 20 keeps
// a little more of each list's own top (measured: README). The four rankings
// weigh the same.
constexpr double kRrfK = 20.0;
// The re-rank's bonus for a title that names what was asked, in units of
// the fusion score of a first rank...
constexpr double kTitleBonus = 1.0;
// ... while a passage's fused score grows with how much of the question it
// contains (its coverage, 0..1: up to double). A coordination factor, as
// classic Lucene scoring multiplies by the share of query terms matched, but
// only on half of the score, since a paraphrase may share few words with its
// answer. A document about all of the question then beats one about a single
// word of it that several rankings agree on ("clean the burner": "Stove
// care", not "How do I clean and store my tent?").

// Dimensions of the title vectors (character n-grams, stems and stem pairs
// hashed as HashingEmbedder does): titles are short, 512 leaves few collisions.
constexpr int kTitleDimensions = 512;

bool containsAny(const std::vector<quint32> &sortedTerms, const std::vector<quint32> &ids)
{
    for (const quint32 id : ids) {
        if (std::binary_search(sortedTerms.begin(), sortedTerms.end(), id))
            return true;
    }
    return false;
}

// The same over a span of a flat array.
bool containsAny(const quint32 *begin, const quint32 *end, const std::vector<quint32> &ids)
{
    for (const quint32 id : ids) {
        if (std::binary_search(begin, end, id))
            return true;
    }
    return false;
}

const HashingEmbedder &titleEmbedder()
{
    static const HashingEmbedder embedder(kTitleDimensions);
    return embedder;
}

} // namespace

// A concept with its stems as the State's ids (stems the knowledge base never
// uses are left out: nothing could match them).
struct KbIndex::ConceptIds
{
    TermIds stems;
    TermIds looseStems;
    double weight = 0;

    // How far `terms` speak of the concept: 1 by its own word, a correction
    // or a support synonym; 0.5 by a general-English synonym only (WordNet's
    // first sense is right more often than not, but not always); else 0.
    double matchOf(const TermIds &terms) const
    {
        if (containsAny(terms, stems))
            return 1.0;
        return containsAny(terms, looseStems) ? 0.5 : 0.0;
    }
    double matchOf(const TermId *begin, const TermId *end) const
    {
        if (containsAny(begin, end, stems))
            return 1.0;
        return containsAny(begin, end, looseStems) ? 0.5 : 0.0;
    }
};

KbIndex::TermId KbIndex::Vocabulary::add(const QString &string)
{
    const auto it = ids.constFind(string);
    if (it != ids.constEnd())
        return *it;
    const TermId id = TermId(strings.size());
    ids.insert(string, id);
    strings.append(string);
    counts.append(0);
    return id;
}

std::optional<KbIndex::TermId> KbIndex::Vocabulary::find(const QString &string) const
{
    const auto it = ids.constFind(string);
    if (it == ids.constEnd())
        return std::nullopt;
    return *it;
}

int KbIndex::Vocabulary::count(const QString &string) const
{
    const std::optional<TermId> id = find(string);
    return id ? counts.at(qsizetype(*id)) : 0;
}

KbIndex::TermIds KbIndex::Vocabulary::idsOf(const QStringList &list, bool addNew)
{
    TermIds result;
    result.reserve(size_t(list.size()));
    for (const QString &string : list) {
        if (addNew) {
            result.push_back(add(string));
        } else if (const std::optional<TermId> id = find(string)) {
            result.push_back(*id);
        }
    }
    std::sort(result.begin(), result.end());
    result.erase(std::unique(result.begin(), result.end()), result.end());
    result.shrink_to_fit();
    return result;
}

KbIndex::KbIndex(std::shared_ptr<Embedder> embedder)
    : m_embedder(std::move(embedder)), m_state(std::make_shared<State>())
{
}

KbIndex::~KbIndex() = default;

QString KbIndex::embeddingText(const QString &title, const KbChunk &chunk)
{
    // The title twice: it says what the passage answers.
    QString text = title + QLatin1Char('\n') + title;
    if (!chunk.section.isEmpty())
        text += QLatin1Char('\n') + chunk.section;
    return text + QLatin1Char('\n') + chunk.text;
}

void KbIndex::replaceAll(const QList<IndexedDocument> &docs)
{
    auto next = std::make_shared<State>();
    for (const IndexedDocument &doc : docs)
        next->insert(doc);
    next->builtAtMs = QDateTime::currentMSecsSinceEpoch();
    QWriteLocker locker(&m_lock);
    m_state.swap(next);
    // the old state is freed here or when the last search holding it ends
}

void KbIndex::upsert(const IndexedDocument &doc)
{
    QWriteLocker locker(&m_lock);
    m_state->remove(doc.document.id);
    m_state->insert(doc);
    m_state->builtAtMs = QDateTime::currentMSecsSinceEpoch();
}

void KbIndex::remove(const QString &docId)
{
    QWriteLocker locker(&m_lock);
    m_state->remove(docId);
}

void KbIndex::State::insert(const IndexedDocument &indexed)
{
    const KbDocument &doc = indexed.document;
    DocMeta docMeta;
    docMeta.title = doc.title;
    docMeta.url = doc.url;
    docMeta.channels = doc.allowedChannels;
    docMeta.titleTerms = stems.idsOf(text::terms(doc.title), true);
    for (const KbChunk &chunk : indexed.chunks) {
        const int key = nextKey++;
        ChunkMeta meta;
        meta.id = chunk.id;
        meta.docId = doc.id;
        meta.section = chunk.section;
        const QString all = doc.title + QLatin1Char('\n') + chunk.section + QLatin1Char('\n') + chunk.text;
        // Each distinct stem and word counted once per chunk.
        meta.terms = stems.idsOf(text::terms(all), true);
        for (const TermId id : meta.terms)
            ++stems.counts[qsizetype(id)];
        meta.sectionTerms = stems.idsOf(text::terms(chunk.section), true);
        meta.words = words.idsOf(text::words(all), true);
        for (const TermId id : meta.words) {
            const QString &word = words.strings.at(qsizetype(id));
            if (words.counts[qsizetype(id)]++ == 0 && word.size() >= 4 && !text::isNumber(word)) {
                QList<TermId> &sameLength = wordsByLength[word.size()];
                if (!sameLength.contains(id))
                    sameLength.append(id);
            }
        }
        QStringList sentences = markdown::sentences(chunk.text);
        for (QString &sentence : sentences) {
            const TermIds ids = stems.idsOf(text::terms(sentence), true);
            meta.sentenceTerms.push_back(TermId(ids.size()));
            meta.sentenceTerms.insert(meta.sentenceTerms.end(), ids.begin(), ids.end());
            sentence.replace(kSentenceSeparator, QLatin1Char(' '));
        }
        meta.sentenceTerms.shrink_to_fit();
        meta.packedText = qCompress(sentences.join(kSentenceSeparator).toUtf8());
        lexical.add(key, doc.title, chunk.section, chunk.text, doc.allowedChannels);
        if (!chunk.embedding.isEmpty())
            vectors.add(key, chunk.embedding);
        chunks.insert(key, std::move(meta));
        docMeta.chunkKeys.append(key);
    }
    if (!docMeta.channels.isEmpty())
        ++limitedDocs;
    if (!docMeta.chunkKeys.isEmpty())
        titles.add(docMeta.chunkKeys.first(), titleEmbedder().embedOne(doc.title));
    docs.insert(doc.id, docMeta);
}

void KbIndex::State::remove(const QString &docId)
{
    const auto it = docs.constFind(docId);
    if (it == docs.constEnd())
        return;
    if (!it->channels.isEmpty())
        --limitedDocs;
    if (!it->chunkKeys.isEmpty())
        titles.remove(it->chunkKeys.first());
    for (const int key : it->chunkKeys) {
        const auto chunk = chunks.constFind(key);
        if (chunk == chunks.constEnd())
            continue;
        // Ids stay allocated (a later document may use the term again); a
        // count of 0 means no chunk uses it now.
        for (const TermId id : chunk->terms)
            --stems.counts[qsizetype(id)];
        for (const TermId id : chunk->words)
            --words.counts[qsizetype(id)];
        lexical.remove(key);
        vectors.remove(key);
        chunks.erase(chunk);
    }
    docs.erase(it);
}

double KbIndex::State::idf(const QString &stemmedTerm) const
{
    const double n = chunks.size();
    const double df = stems.count(stemmedTerm);
    return std::log(1.0 + (n - df + 0.5) / (df + 0.5));
}

QString KbIndex::bestSnippet(const ChunkMeta &meta, const QList<ConceptIds> &concepts)
{
    // The sentence that shares the most query weight, plus the next one when
    // it is short. The sentences are those the terms were counted from.
    const QString packed = QString::fromUtf8(qUncompress(meta.packedText));
    const QList<QStringView> sentences = QStringView(packed).split(kSentenceSeparator);
    struct Span
    {
        const TermId *begin;
        const TermId *end;
        qsizetype size() const { return end - begin; }
    };
    QList<Span> spans;
    for (size_t at = 0; at < meta.sentenceTerms.size();) {
        const TermId *begin = meta.sentenceTerms.data() + at + 1;
        const size_t count = meta.sentenceTerms[at];
        spans.append(Span{begin, begin + count});
        at += 1 + count;
    }
    const qsizetype n = qMin(sentences.size(), spans.size());
    qsizetype best = -1;
    double bestScore = 0;
    for (qsizetype i = 0; i < n; ++i) {
        if (spans.at(i).size() < 3)
            continue; // headings and fragments
        double score = 0;
        for (const ConceptIds &concept : concepts)
            score += concept.weight * concept.matchOf(spans.at(i).begin, spans.at(i).end);
        score += 0.05 / double(i + 1); // earlier sentences state the main answer
        if (score > bestScore) {
            bestScore = score;
            best = i;
        }
    }
    if (best < 0)
        return sentences.isEmpty() ? QString() : sentences.first().toString();
    QString snippet = sentences.at(best).toString();
    if (best + 1 < n && snippet.size() < 140 && spans.at(best + 1).size() >= 3)
        snippet += QLatin1Char(' ') + sentences.at(best + 1).toString();
    return snippet;
}

QString KbIndex::State::correction(const QString &word) const
{
    // A word the knowledge base never uses may be a typo of one it does.
    if (word.size() < 5)
        return {};
    QString best;
    int bestFrequency = 0;
    for (qsizetype length = word.size() - 1; length <= word.size() + 1; ++length) {
        for (const TermId id : wordsByLength.value(length)) {
            const int frequency = words.counts.at(qsizetype(id));
            const QString &candidate = words.strings.at(qsizetype(id));
            if (frequency > bestFrequency && text::withinOneEdit(word, candidate)) {
                best = candidate;
                bestFrequency = frequency;
            }
        }
    }
    return best;
}

QList<KbIndex::Concept> KbIndex::State::analyze(const QString &query) const
{
    QList<Concept> concepts;
    QSet<QString> seen;
    for (const QString &word : text::words(query)) {
        if (text::isStopWord(word) || text::isNumber(word) || seen.contains(word) || concepts.size() >= 16)
            continue;
        seen.insert(word);
        Concept concept;
        concept.word = word;
        concept.alternatives.append(word);
        concept.stems.append(text::stem(word));
        // The knowledge base's own words for it, and a correction when it
        // uses none of them (a typo of a word it does use).
        QStringList others = text::synonyms(word);
        if (stems.count(concept.stems.first()) == 0) {
            const QString corrected = correction(word);
            if (!corrected.isEmpty()) {
                others.prepend(corrected);
                others += text::synonyms(corrected);
            }
        }
        // General English synonyms (WordNet, the word's most frequent
        // sense), where the knowledge base uses them.
        for (const QString &other : std::as_const(others)) {
            if (!concept.alternatives.contains(other)) {
                concept.alternatives.append(other);
                concept.stems.append(text::stem(other));
            }
        }
        concept.stems.removeDuplicates();
        for (const QString &synonym : WordNet::instance().synonyms(word, 1)) {
            const QString stem = text::stem(synonym);
            if (stems.count(stem) > 0 && !concept.stems.contains(stem) && !concept.looseStems.contains(stem))
                concept.looseStems.append(stem);
        }
        // A concept weighs as much as its best-known alternative: what the
        // knowledge base calls it, not how rare the asker's spelling is.
        double weight = -1;
        for (const QString &stem : std::as_const(concept.stems)) {
            if (stems.count(stem) > 0)
                weight = weight < 0 ? idf(stem) : qMin(weight, idf(stem));
        }
        concept.weight = weight < 0 ? idf(concept.stems.first()) : weight;
        concepts.append(concept);
    }
    return concepts;
}

QList<KbHit> KbIndex::search(const QString &rawQuery, const KbSearchOptions &options) const
{
    if (options.topK <= 0)
        return {};
    // Personal data never reaches the index, an embedding service or a log.
    // The masks themselves ("[phone]") are not part of the question.
    static const QRegularExpression masks(QStringLiteral("\\[(?:email|card|iban|phone|address)\\]"));
    const QString query = pii::sanitize(rawQuery).text.replace(masks, QStringLiteral(" "));
    // The query vectors first, outside the lock: a remote embedder is a network call.
    QVector<float> queryVector;
    {
        QString error;
        const QList<QVector<float>> vectors = m_embedder->embed({query}, &error);
        if (!vectors.isEmpty())
            queryVector = vectors.first();
    }
    // The offline embedder's vector is the title ranking's too.
    const QVector<float> titleQueryVector = m_embedder->modelId() == titleEmbedder().modelId()
                                                ? queryVector
                                                : titleEmbedder().embedOne(query);

    QReadLocker locker(&m_lock);
    const State &state = *m_state;
    const QList<Concept> concepts = state.analyze(query);
    if (concepts.isEmpty())
        return {}; // nothing but stop words, numbers or punctuation
    QList<QStringList> conceptStems;
    QList<ConceptIds> conceptIds;
    double totalWeight = 0;
    for (const Concept &concept : concepts) {
        conceptStems.append(concept.stems + concept.looseStems);
        ConceptIds ids;
        for (const QString &stem : concept.stems) {
            if (const std::optional<TermId> id = state.stems.find(stem))
                ids.stems.push_back(*id);
        }
        for (const QString &stem : concept.looseStems) {
            if (const std::optional<TermId> id = state.stems.find(stem))
                ids.looseStems.push_back(*id);
        }
        ids.weight = concept.weight;
        conceptIds.append(ids);
        totalWeight += concept.weight;
    }

    struct Candidate
    {
        int key = -1;
        KbHit hit;
    };
    QHash<int, qsizetype> position;
    QList<Candidate> candidates;
    auto candidateFor = [&](int key) -> KbHit & {
        auto it = position.constFind(key);
        if (it == position.constEnd()) {
            it = position.insert(key, candidates.size());
            candidates.append(Candidate{key, KbHit{}});
        }
        return candidates[*it].hit;
    };
    // Filtering by channel costs a check per matching chunk: only when some
    // document is limited to channels.
    const std::optional<QString> lexicalChannel =
        state.limitedDocs > 0 ? std::optional<QString>(options.channel) : std::nullopt;
    const QList<LexicalIndex::Hit> lexical = state.lexical.search(conceptStems, lexicalChannel, kPool);
    for (qsizetype i = 0; i < lexical.size(); ++i) {
        KbHit &hit = candidateFor(lexical.at(i).key);
        hit.lexicalRank = int(i + 1);
        hit.lexicalScore = lexical.at(i).score;
    }
    const QList<LexicalIndex::Hit> headings =
        state.lexical.search(conceptStems, lexicalChannel, kPool, LexicalIndex::Field::Headings);
    QHash<int, double> headingShare;
    for (qsizetype i = 0; i < headings.size(); ++i) {
        candidateFor(headings.at(i).key).headingRank = int(i + 1);
        const ChunkMeta &chunk = *state.chunks.constFind(headings.at(i).key);
        const TermIds &titleTerms = state.docs.constFind(chunk.docId)->titleTerms;
        double named = 0;
        for (const ConceptIds &concept : std::as_const(conceptIds))
            named += concept.weight * qMax(concept.matchOf(titleTerms), concept.matchOf(chunk.sectionTerms));
        headingShare.insert(headings.at(i).key, totalWeight > 0 ? named / totalWeight : 0);
    }
    // The vector index knows no channels: over-fetch, then keep the allowed.
    int vectorRank = 0;
    // (Only when some document is limited to channels: a wider search costs.)
    const int vectorPool = state.limitedDocs > 0 ? kPool * 2 : kPool;
    for (const VectorIndex::Hit &found : state.vectors.search(queryVector, vectorPool)) {
        const auto chunk = state.chunks.constFind(found.key);
        if (chunk == state.chunks.constEnd())
            continue;
        const DocMeta &doc = *state.docs.constFind(chunk->docId);
        if (!doc.channels.isEmpty() && !doc.channels.contains(options.channel))
            continue;
        if (++vectorRank > kPool)
            break;
        KbHit &hit = candidateFor(found.key);
        hit.vectorRank = vectorRank;
        hit.vectorScore = found.similarity;
    }
    // Titles by character n-grams: what the heading ranking's exact stems
    // miss ("striked" for "strikethrough", "adress"). A title speaks for the
    // whole document: its rank goes to the document's passages already found,
    // or to its first passage when none is.
    int titleRank = 0;
    for (const VectorIndex::Hit &found : state.titles.search(titleQueryVector, vectorPool)) {
        const auto chunk = state.chunks.constFind(found.key);
        if (chunk == state.chunks.constEnd() || found.similarity <= 0)
            continue;
        const DocMeta &doc = *state.docs.constFind(chunk->docId);
        if (!doc.channels.isEmpty() && !doc.channels.contains(options.channel))
            continue;
        if (++titleRank > kPool)
            break;
        bool placed = false;
        for (const int key : doc.chunkKeys) {
            const auto at = position.constFind(key);
            if (at != position.constEnd()) {
                candidates[*at].hit.titleRank = titleRank;
                candidates[*at].hit.titleScore = found.similarity;
                placed = true;
            }
        }
        if (!placed) {
            KbHit &hit = candidateFor(doc.chunkKeys.first());
            hit.titleRank = titleRank;
            hit.titleScore = found.similarity;
        }
    }
    auto rrf = [](int rank) { return rank ? 1.0 / (kRrfK + rank) : 0.0; };
    for (Candidate &candidate : candidates) {
        KbHit &hit = candidate.hit;
        // A heading's vote counts as much as the heading names of the
        // question: "Stove care" must not lose to "How do I clean and store
        // my tent?" for "clean the burner" on the strength of one word.
        hit.score = rrf(hit.lexicalRank) + headingShare.value(candidate.key) * rrf(hit.headingRank) + rrf(hit.vectorRank)
                    + rrf(hit.titleRank);
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate &a, const Candidate &b) { return a.hit.score > b.hit.score; });

    // One passage per document, the best fused; then the coverage re-rank.
    QList<Candidate> shortlist;
    QSet<QString> docsSeen;
    const int wanted = qMax(kCandidates, options.topK);
    for (Candidate &candidate : candidates) {
        const ChunkMeta &chunk = *state.chunks.constFind(candidate.key);
        if (options.distinctDocuments && docsSeen.contains(chunk.docId))
            continue;
        const DocMeta &doc = *state.docs.constFind(chunk.docId);
        double matched = 0, inTitle = 0;
        for (const ConceptIds &concept : std::as_const(conceptIds)) {
            matched += concept.weight * concept.matchOf(chunk.terms);
            inTitle += concept.weight * concept.matchOf(doc.titleTerms);
        }
        candidate.hit.coverage = totalWeight > 0 ? matched / totalWeight : 0;
        candidate.hit.titleCoverage = totalWeight > 0 ? inTitle / totalWeight : 0;
        // A passage that shares none of the question's concepts (not even a
        // synonym or a corrected spelling) is only a neighbour in vector
        // space: with nothing in common it cannot be cited as an answer.
        if (matched <= 0)
            continue;
        docsSeen.insert(chunk.docId);
        shortlist.append(candidate);
        if (shortlist.size() >= wanted)
            break;
    }
    // Re-rank the best kCandidates (only those, so the top K is the same
    // whether 3 or 10 results are asked for): a title that names more of
    // what was asked says the document answers it, and a passage that
    // contains more of it is about it.
    const auto reranked = shortlist.begin() + qMin(shortlist.size(), qsizetype(kCandidates));
    for (auto it = shortlist.begin(); it != reranked; ++it)
        it->hit.score = it->hit.score * (1 + it->hit.coverage) + kTitleBonus * it->hit.titleCoverage / (kRrfK + 1);
    std::stable_sort(shortlist.begin(), reranked,
                     [](const Candidate &a, const Candidate &b) { return a.hit.score > b.hit.score; });
    if (shortlist.size() > options.topK)
        shortlist.resize(options.topK);

    QList<KbHit> hits;
    for (Candidate &candidate : shortlist) {
        const ChunkMeta &chunk = *state.chunks.constFind(candidate.key);
        const DocMeta &doc = *state.docs.constFind(chunk.docId);
        KbHit &hit = candidate.hit;
        hit.chunkId = chunk.id;
        hit.docId = chunk.docId;
        hit.title = doc.title;
        hit.section = chunk.section;
        hit.url = doc.url;
        hit.snippet = bestSnippet(chunk, conceptIds);
        hits.append(hit);
    }
    return hits;
}

int KbIndex::documentCount() const
{
    QReadLocker locker(&m_lock);
    return int(m_state->docs.size());
}

int KbIndex::chunkCount() const
{
    QReadLocker locker(&m_lock);
    return int(m_state->chunks.size());
}

qint64 KbIndex::builtAtMs() const
{
    QReadLocker locker(&m_lock);
    return m_state->builtAtMs;
}

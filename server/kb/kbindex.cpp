#include "kbindex.h"
#include "embedder.h"
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
// Reciprocal-rank fusion constant (Cormack et al. 2009 use 60): damps the
// head of each list so that agreement between the rankings decides; 20 keeps
// a little more of each list's own top (measured: README).
constexpr double kRrfK = 20.0;
// The re-rank's bonus for a title that names what was asked, in units of
// the fusion score of a first rank.
constexpr double kTitleBonus = 0.5;
// ... and for a passage that contains more of it (a document about all of the
// question beats one about a single word of it that two rankings agree on).
constexpr double kCoverageBonus = 0.75;

bool containsAny(const QSet<QString> &terms, const QStringList &stems)
{
    for (const QString &stem : stems) {
        if (terms.contains(stem))
            return true;
    }
    return false;
}

// The same for a sorted list of distinct terms.
bool containsAny(const QStringList &sortedTerms, const QStringList &stems)
{
    for (const QString &stem : stems) {
        if (std::binary_search(sortedTerms.begin(), sortedTerms.end(), stem))
            return true;
    }
    return false;
}

// How far `terms` speak of the concept: 1 by its own word, a correction or
// a support synonym; 0.5 by a general-English synonym only (WordNet's first
// sense is right more often than not, but not always); else 0.
template<typename Terms>
double matchOf(const Terms &terms, const KbIndex::Concept &concept)
{
    if (containsAny(terms, concept.stems))
        return 1.0;
    return containsAny(terms, concept.looseStems) ? 0.5 : 0.0;
}

QSet<QString> termSet(const QString &text)
{
    const QStringList terms = text::terms(text);
    return QSet<QString>(terms.begin(), terms.end());
}

} // namespace

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
    docMeta.titleTerms = termSet(doc.title);
    for (const KbChunk &chunk : indexed.chunks) {
        const int key = nextKey++;
        ChunkMeta meta;
        meta.id = chunk.id;
        meta.docId = doc.id;
        meta.section = chunk.section;
        const QString all = doc.title + QLatin1Char('\n') + chunk.section + QLatin1Char('\n') + chunk.text;
        // Each distinct stem counted once per chunk; the set holds the
        // documentFrequency key itself, so chunks share one copy of a stem.
        for (const QString &term : text::terms(all)) {
            if (meta.terms.contains(term))
                continue;
            auto df = documentFrequency.find(term);
            if (df == documentFrequency.end())
                df = documentFrequency.insert(term, 0);
            ++*df;
            meta.terms.insert(df.key());
        }
        meta.sentences = markdown::sentences(chunk.text);
        meta.sentenceTerms.reserve(meta.sentences.size());
        for (const QString &sentence : std::as_const(meta.sentences)) {
            QStringList stems = text::terms(sentence);
            for (QString &stem : stems) {
                const auto shared = meta.terms.constFind(stem);
                if (shared != meta.terms.constEnd())
                    stem = *shared;
            }
            std::sort(stems.begin(), stems.end());
            stems.erase(std::unique(stems.begin(), stems.end()), stems.end());
            stems.squeeze();
            meta.sentenceTerms.append(stems);
        }
        // The same sharing for surface words: the set holds wordFrequency's key.
        for (const QString &word : text::words(all)) {
            if (meta.words.contains(word))
                continue;
            auto known = wordFrequency.find(word);
            if (known == wordFrequency.end())
                known = wordFrequency.insert(word, 0);
            meta.words.insert(known.key());
        }
        for (const QString &word : std::as_const(meta.words)) {
            if (wordFrequency[word]++ == 0 && word.size() >= 4 && !text::isNumber(word))
                wordsByLength[word.size()].append(word);
        }
        lexical.add(key, doc.title, chunk.section, chunk.text, doc.allowedChannels);
        if (!chunk.embedding.isEmpty())
            vectors.add(key, chunk.embedding);
        chunks.insert(key, meta);
        docMeta.chunkKeys.append(key);
    }
    docs.insert(doc.id, docMeta);
}

void KbIndex::State::remove(const QString &docId)
{
    const auto it = docs.constFind(docId);
    if (it == docs.constEnd())
        return;
    for (const int key : it->chunkKeys) {
        const auto chunk = chunks.constFind(key);
        if (chunk == chunks.constEnd())
            continue;
        for (const QString &term : chunk->terms) {
            if (--documentFrequency[term] <= 0)
                documentFrequency.remove(term);
        }
        for (const QString &word : chunk->words) {
            if (--wordFrequency[word] <= 0) {
                wordFrequency.remove(word);
                wordsByLength[word.size()].removeOne(word);
            }
        }
        lexical.remove(key);
        vectors.remove(key);
        chunks.erase(chunk);
    }
    docs.erase(it);
}

double KbIndex::State::idf(const QString &stemmedTerm) const
{
    const double n = chunks.size();
    const double df = documentFrequency.value(stemmedTerm, 0);
    return std::log(1.0 + (n - df + 0.5) / (df + 0.5));
}

QString KbIndex::bestSnippet(const ChunkMeta &meta, const QList<Concept> &concepts)
{
    // The sentence that shares the most query weight, plus the next one when it is short.
    qsizetype best = -1;
    double bestScore = 0;
    for (qsizetype i = 0; i < meta.sentences.size(); ++i) {
        const QStringList &terms = meta.sentenceTerms.at(i);
        if (terms.size() < 3)
            continue; // headings and fragments
        double score = 0;
        for (const Concept &concept : concepts) {
            score += concept.weight * matchOf(terms, concept);
        }
        score += 0.05 / double(i + 1); // earlier sentences state the main answer
        if (score > bestScore) {
            bestScore = score;
            best = i;
        }
    }
    if (best < 0)
        return meta.sentences.isEmpty() ? QString() : meta.sentences.first();
    QString snippet = meta.sentences.at(best);
    if (best + 1 < meta.sentences.size() && snippet.size() < 140 && meta.sentenceTerms.at(best + 1).size() >= 3)
        snippet += QLatin1Char(' ') + meta.sentences.at(best + 1);
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
        for (const QString &candidate : wordsByLength.value(length)) {
            const int frequency = wordFrequency.value(candidate);
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
        if (!documentFrequency.contains(concept.stems.first())) {
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
            if (documentFrequency.contains(stem) && !concept.stems.contains(stem) && !concept.looseStems.contains(stem))
                concept.looseStems.append(stem);
        }
        // A concept weighs as much as its best-known alternative: what the
        // knowledge base calls it, not how rare the asker's spelling is.
        double weight = -1;
        for (const QString &stem : std::as_const(concept.stems)) {
            if (documentFrequency.contains(stem))
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
    // The query vector first, outside the lock: a remote embedder is a network call.
    QVector<float> queryVector;
    {
        QString error;
        const QList<QVector<float>> vectors = m_embedder->embed({query}, &error);
        if (!vectors.isEmpty())
            queryVector = vectors.first();
    }

    QReadLocker locker(&m_lock);
    const State &state = *m_state;
    const QList<Concept> concepts = state.analyze(query);
    if (concepts.isEmpty())
        return {}; // nothing but stop words, numbers or punctuation
    QList<QStringList> conceptStems;
    double totalWeight = 0;
    for (const Concept &concept : concepts) {
        conceptStems.append(concept.stems + concept.looseStems);
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
    const QList<LexicalIndex::Hit> lexical = state.lexical.search(conceptStems, options.channel, kPool);
    for (qsizetype i = 0; i < lexical.size(); ++i) {
        KbHit &hit = candidateFor(lexical.at(i).key);
        hit.lexicalRank = int(i + 1);
        hit.lexicalScore = lexical.at(i).score;
    }
    const QList<LexicalIndex::Hit> headings =
        state.lexical.search(conceptStems, options.channel, kPool, LexicalIndex::Field::Headings);
    QHash<int, double> headingShare;
    for (qsizetype i = 0; i < headings.size(); ++i) {
        candidateFor(headings.at(i).key).headingRank = int(i + 1);
        const ChunkMeta &chunk = *state.chunks.constFind(headings.at(i).key);
        const QSet<QString> sectionTerms = termSet(chunk.section);
        const QSet<QString> &titleTerms = state.docs.constFind(chunk.docId)->titleTerms;
        double named = 0;
        for (const Concept &concept : concepts) {
            named += concept.weight * qMax(matchOf(titleTerms, concept), matchOf(sectionTerms, concept));
        }
        headingShare.insert(headings.at(i).key, totalWeight > 0 ? named / totalWeight : 0);
    }
    // The vector index knows no channels: over-fetch, then keep the allowed.
    int vectorRank = 0;
    for (const VectorIndex::Hit &found : state.vectors.search(queryVector, kPool * 2)) {
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
    auto rrf = [](int rank) { return rank ? 1.0 / (kRrfK + rank) : 0.0; };
    for (Candidate &candidate : candidates) {
        KbHit &hit = candidate.hit;
        // A heading's vote counts as much as the heading names of the
        // question: "Stove care" must not lose to "How do I clean and store
        // my tent?" for "clean the burner" on the strength of one word.
        hit.score = rrf(hit.lexicalRank) + headingShare.value(candidate.key) * rrf(hit.headingRank) + rrf(hit.vectorRank);
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
        for (const Concept &concept : concepts) {
            matched += concept.weight * matchOf(chunk.terms, concept);
            inTitle += concept.weight * matchOf(doc.titleTerms, concept);
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
        it->hit.score += (kTitleBonus * it->hit.titleCoverage + kCoverageBonus * it->hit.coverage) / (kRrfK + 1);
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
        hit.snippet = bestSnippet(chunk, concepts);
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

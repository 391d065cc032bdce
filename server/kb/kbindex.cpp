#include "kbindex.h"
#include "markdownarticle.h"
#include "textanalyzer.h"

#include <QAtomicInt>
#include <QDateTime>
#include <QSqlQuery>
#include <algorithm>
#include <cmath>

namespace {

QAtomicInt g_indexCounter;

// How many BM25 candidates are re-ranked by coverage.
constexpr int kCandidates = 8;

QString channelsField(const QStringList &channels)
{
    return channels.isEmpty() ? QString() : QLatin1Char(',') + channels.join(QLatin1Char(',')) + QLatin1Char(',');
}

// An FTS5 query that ORs the concepts' words as quoted terms, so no user
// input is ever read as FTS5 syntax.
QString matchExpression(const QList<KbIndex::Concept> &concepts)
{
    QStringList parts;
    for (const KbIndex::Concept &concept : concepts) {
        for (const QString &word : concept.alternatives) {
            const QString quoted = QLatin1Char('"') + word + QLatin1Char('"');
            if (!parts.contains(quoted) && parts.size() < 32)
                parts.append(quoted);
        }
    }
    return parts.join(QLatin1String(" OR "));
}

bool containsAny(const QSet<QString> &terms, const QStringList &stems)
{
    for (const QString &stem : stems) {
        if (terms.contains(stem))
            return true;
    }
    return false;
}

} // namespace

KbIndex::KbIndex()
    : m_db(DatabaseConfig::sqlite(QStringLiteral("file:supportd-kbindex-%1?mode=memory&cache=shared")
                                      .arg(g_indexCounter.fetchAndAddRelaxed(1))))
{
}

bool KbIndex::open(QString *error)
{
    if (!m_db.open(error, false))
        return false;
    QSqlQuery create(m_db.connection());
    if (!create.exec(QStringLiteral("CREATE VIRTUAL TABLE IF NOT EXISTS kb_fts USING fts5("
                                    "doc_id UNINDEXED, channels UNINDEXED, title, body,"
                                    " tokenize = 'porter unicode61 remove_diacritics 2')"))) {
        if (error)
            *error = QStringLiteral("cannot create the search index (SQLite FTS5 missing?)");
        return false;
    }
    return true;
}

void KbIndex::replaceAll(const QList<KbDocument> &docs)
{
    QWriteLocker locker(&m_lock);
    Database::Transaction transaction(m_db);
    QSqlQuery &clear = m_db.statement(QStringLiteral("DELETE FROM kb_fts"));
    m_db.exec(clear);
    clear.finish();
    m_docs.clear();
    m_documentFrequency.clear();
    m_wordFrequency.clear();
    m_wordsByLength.clear();
    for (const KbDocument &doc : docs)
        insertLocked(doc);
    transaction.commit();
    m_builtAtMs = QDateTime::currentMSecsSinceEpoch();
}

void KbIndex::upsert(const KbDocument &doc)
{
    QWriteLocker locker(&m_lock);
    Database::Transaction transaction(m_db);
    removeLocked(doc.id);
    insertLocked(doc);
    transaction.commit();
    m_builtAtMs = QDateTime::currentMSecsSinceEpoch();
}

void KbIndex::remove(const QString &docId)
{
    QWriteLocker locker(&m_lock);
    Database::Transaction transaction(m_db);
    removeLocked(docId);
    transaction.commit();
}

void KbIndex::insertLocked(const KbDocument &doc)
{
    const QString plain = markdown::toPlainText(doc.text);
    QSqlQuery &insert = m_db.statement(QStringLiteral("INSERT INTO kb_fts (doc_id, channels, title, body) VALUES (?, ?, ?, ?)"));
    insert.addBindValue(doc.id);
    insert.addBindValue(channelsField(doc.allowedChannels));
    insert.addBindValue(doc.title);
    insert.addBindValue(plain);
    m_db.exec(insert);
    insert.finish();

    DocMeta meta;
    meta.title = doc.title;
    meta.url = doc.url;
    meta.channels = doc.allowedChannels;
    meta.sentences = markdown::sentences(plain);
    for (const QString &sentence : std::as_const(meta.sentences)) {
        const QStringList stems = text::terms(sentence);
        meta.sentenceTerms.append(QSet<QString>(stems.begin(), stems.end()));
    }
    const QStringList titleTerms = text::terms(doc.title);
    meta.titleTerms = QSet<QString>(titleTerms.begin(), titleTerms.end());
    const QStringList terms = text::terms(doc.title + QLatin1Char('\n') + plain);
    meta.terms = QSet<QString>(terms.begin(), terms.end());
    for (const QString &term : std::as_const(meta.terms))
        ++m_documentFrequency[term];
    const QStringList words = text::words(doc.title + QLatin1Char('\n') + plain);
    meta.words = QSet<QString>(words.begin(), words.end());
    for (const QString &word : std::as_const(meta.words)) {
        if (m_wordFrequency[word]++ == 0 && word.size() >= 4 && !text::isNumber(word))
            m_wordsByLength[word.size()].append(word);
    }
    m_docs.insert(doc.id, meta);
}

void KbIndex::removeLocked(const QString &docId)
{
    const auto it = m_docs.constFind(docId);
    if (it == m_docs.constEnd())
        return;
    for (const QString &term : it->terms) {
        if (--m_documentFrequency[term] <= 0)
            m_documentFrequency.remove(term);
    }
    for (const QString &word : it->words) {
        if (--m_wordFrequency[word] <= 0) {
            m_wordFrequency.remove(word);
            m_wordsByLength[word.size()].removeOne(word);
        }
    }
    m_docs.erase(it);
    QSqlQuery &remove = m_db.statement(QStringLiteral("DELETE FROM kb_fts WHERE doc_id = ?"));
    remove.addBindValue(docId);
    m_db.exec(remove);
    remove.finish();
}

double KbIndex::idfLocked(const QString &stemmedTerm) const
{
    const double n = m_docs.size();
    const double df = m_documentFrequency.value(stemmedTerm, 0);
    return std::log(1.0 + (n - df + 0.5) / (df + 0.5));
}

QString KbIndex::bestSnippet(const DocMeta &meta, const QList<Concept> &concepts) const
{
    // The sentence that shares the most query weight, plus the next one when it is short.
    qsizetype best = -1;
    double bestScore = 0;
    for (qsizetype i = 0; i < meta.sentences.size(); ++i) {
        const QSet<QString> &termSet = meta.sentenceTerms.at(i);
        if (termSet.size() < 3)
            continue; // headings and fragments
        double score = 0;
        for (const Concept &concept : concepts) {
            if (containsAny(termSet, concept.stems))
                score += concept.weight;
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

QString KbIndex::correctionLocked(const QString &word) const
{
    // A word the help centre never uses may be a typo of one it does.
    if (word.size() < 5)
        return {};
    QString best;
    int bestFrequency = 0;
    for (qsizetype length = word.size() - 1; length <= word.size() + 1; ++length) {
        for (const QString &candidate : m_wordsByLength.value(length)) {
            const int frequency = m_wordFrequency.value(candidate);
            if (frequency > bestFrequency && text::withinOneEdit(word, candidate)) {
                best = candidate;
                bestFrequency = frequency;
            }
        }
    }
    return best;
}

QList<KbIndex::Concept> KbIndex::analyzeLocked(const QString &query) const
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
        // The help centre's own words for it, and a correction when it uses
        // none of them (a typo of a word it does use).
        QStringList others = text::synonyms(word);
        if (!m_documentFrequency.contains(concept.stems.first())) {
            const QString corrected = correctionLocked(word);
            if (!corrected.isEmpty()) {
                others.prepend(corrected);
                others += text::synonyms(corrected);
            }
        }
        for (const QString &other : std::as_const(others)) {
            if (!concept.alternatives.contains(other)) {
                concept.alternatives.append(other);
                concept.stems.append(text::stem(other));
            }
        }
        // A concept weighs as much as its best-known alternative: what the
        // help centre calls it, not how rare the shopper's spelling is.
        double weight = -1;
        for (const QString &stem : std::as_const(concept.stems)) {
            if (m_documentFrequency.contains(stem))
                weight = weight < 0 ? idfLocked(stem) : qMin(weight, idfLocked(stem));
        }
        concept.weight = weight < 0 ? idfLocked(concept.stems.first()) : weight;
        concepts.append(concept);
    }
    return concepts;
}

QList<KbHit> KbIndex::search(const QString &query, int topK, const QString &channel) const
{
    if (topK <= 0)
        return {};
    QReadLocker locker(&m_lock);
    const QList<Concept> concepts = analyzeLocked(query);
    const QString match = matchExpression(concepts);
    if (match.isEmpty())
        return {};
    QSqlQuery &select = m_db.statement(QStringLiteral(
        "SELECT doc_id, bm25(kb_fts, 0.0, 0.0, 4.0, 1.0) AS rank FROM kb_fts"
        " WHERE kb_fts MATCH ? AND (COALESCE(channels, '') = '' OR instr(channels, ?) > 0) ORDER BY rank LIMIT ?"));
    select.addBindValue(match);
    select.addBindValue(QLatin1Char(',') + channel + QLatin1Char(','));
    select.addBindValue(qMax(topK, kCandidates));
    QList<KbHit> hits;
    if (m_db.exec(select)) {
        while (select.next()) {
            KbHit hit;
            hit.docId = select.value(0).toString();
            hit.score = -select.value(1).toDouble(); // FTS5 ranks better matches more negative
            hits.append(hit);
        }
    }
    select.finish();

    double totalWeight = 0;
    for (const Concept &concept : concepts)
        totalWeight += concept.weight;
    static const DocMeta kMissing;
    auto metaOf = [this](const QString &docId) -> const DocMeta & {
        const auto it = m_docs.constFind(docId);
        return it == m_docs.constEnd() ? kMissing : *it;
    };
    for (KbHit &hit : hits) {
        const DocMeta &meta = metaOf(hit.docId);
        double matched = 0, inTitle = 0;
        for (const Concept &concept : concepts) {
            if (containsAny(meta.terms, concept.stems))
                matched += concept.weight;
            if (containsAny(meta.titleTerms, concept.stems))
                inTitle += concept.weight;
        }
        hit.coverage = totalWeight > 0 ? matched / totalWeight : 0;
        hit.titleCoverage = totalWeight > 0 ? inTitle / totalWeight : 0;
    }
    // Re-rank BM25's candidates: an article about everything asked beats one
    // that only repeats the question's rarest word; among those, the one whose
    // title names more of it (a help-centre title says what the article
    // answers); BM25 orders the rest.
    auto band = [](double share) { return int(share * 20 + 1e-9); }; // steps of 5 %
    std::stable_sort(hits.begin(), hits.end(), [&band](const KbHit &a, const KbHit &b) {
        if (band(a.coverage) != band(b.coverage))
            return band(a.coverage) > band(b.coverage);
        if (band(a.titleCoverage) != band(b.titleCoverage))
            return band(a.titleCoverage) > band(b.titleCoverage);
        return a.score > b.score;
    });
    if (hits.size() > topK)
        hits.resize(topK);
    for (KbHit &hit : hits) {
        const DocMeta &meta = metaOf(hit.docId);
        hit.title = meta.title;
        hit.url = meta.url;
        hit.snippet = bestSnippet(meta, concepts);
    }
    return hits;
}

int KbIndex::documentCount() const
{
    QReadLocker locker(&m_lock);
    return int(m_docs.size());
}

qint64 KbIndex::builtAtMs() const
{
    QReadLocker locker(&m_lock);
    return m_builtAtMs;
}

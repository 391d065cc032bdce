#pragma once
#include "kbchunk.h"
#include "lexicalindex.h"
#include "vectorindex.h"

#include "model/kbdocument.h"

#include <QHash>
#include <QList>
#include <QReadWriteLock>
#include <QSet>
#include <QString>
#include <memory>
#include <optional>
#include <vector>

class Embedder;

// One ranked passage.
struct KbHit
{
    QString chunkId;
    QString docId;
    QString title;
    QString section;
    QString url;
    QString snippet;          // the best one or two sentences of the chunk for the query
    double score = 0;         // the fused score results are ordered by (higher is better)
    double lexicalScore = 0;  // BM25, 0 when the lexical ranking did not find it
    double vectorScore = 0;   // cosine similarity of query and chunk vectors
    double titleScore = 0;    // cosine similarity of the query and the document's title by character n-grams
    int lexicalRank = 0;      // 1-based rank in each ranking, 0 when absent
    int headingRank = 0;      // BM25 of title and section headings alone
    int vectorRank = 0;
    int titleRank = 0;        // the question against the document's title, by character n-grams
    double coverage = 0;      // share of the query's IDF weight the passage (with its title) contains, 0..1
    double titleCoverage = 0; // the same for the document's title alone
};

struct KbSearchOptions
{
    int topK = 3;
    QString channel;                // only chunks of documents allowed on it
    bool distinctDocuments = true;  // one passage per document (what a reply cites)
};

// A document with its chunks, vectors included: what the index is built from.
struct IndexedDocument
{
    KbDocument document;
    QList<KbChunk> chunks;
};

// Hybrid retrieval over knowledge-base chunks, derived from kb_docs and
// kb_chunks and rebuilt from them on start:
//  1. the question becomes concepts (its content words, each with synonyms
//     and a spelling correction from the knowledge base's own vocabulary);
//  2. four rankings: BM25 over the concepts, of the whole chunk and of its
//     title and headings alone (LexicalIndex, Xapian); cosine similarity of
//     chunk vectors (VectorIndex, hnswlib; vectors from the Embedder); and
//     the question against each document's title by character n-grams
//     (titles of FAQ-like knowledge bases are the questions they answer);
//  3. reciprocal-rank fusion of the four, one passage per document;
//  4. the best 8 re-ranked by how much of what was asked they cover (the
//     question's concepts weighted by IDF, title first), down to top K.
// Coverage also tells "nothing relevant found" apart from a weak match.
// Thread-safe: searches share a read lock, edits take the write lock.
class KbIndex
{
    Q_DISABLE_COPY_MOVE(KbIndex)

public:
    explicit KbIndex(std::shared_ptr<Embedder> embedder);
    ~KbIndex();

    void replaceAll(const QList<IndexedDocument> &docs);
    void upsert(const IndexedDocument &doc);
    void remove(const QString &docId);

    QList<KbHit> search(const QString &query, const KbSearchOptions &options) const;
    QList<KbHit> search(const QString &query, int topK, const QString &channel) const
    {
        return search(query, KbSearchOptions{topK, channel, true});
    }

    int documentCount() const;
    int chunkCount() const;
    qint64 builtAtMs() const;
    Embedder &embedder() const { return *m_embedder; }
    // The text a chunk's vector is computed from: its title and section give
    // context the passage alone may lack.
    static QString embeddingText(const QString &title, const KbChunk &chunk);

    // One thing the question asks about: a word and the words that may stand
    // for it in the knowledge base (a spelling correction, a synonym), stemmed.
    struct Concept
    {
        QString word;
        QStringList alternatives; // surface words, the asked word first
        QStringList stems;
        QStringList looseStems;   // general-English synonyms (WordNet): searched, but count half
        double weight = 0;        // IDF of its best-known alternative (loose ones aside)
    };

private:
    // Terms and words are numbered once per State (TermId); a chunk keeps
    // sorted id lists, not string sets: a QSet costs over 1 KB even when small,
    // and the whole folder of Python documentation has 8,000 chunks.
    using TermId = quint32;
    using TermIds = std::vector<TermId>; // sorted, distinct
    struct ChunkMeta
    {
        QString id;
        QString docId;
        QString section;
        QByteArray packedText;     // the chunk's sentences, UTF-8, zlib: read back for the snippets of hits only
        TermIds terms;             // stems of the chunk, its title and section
        TermIds sectionTerms;      // stems of the section heading
        TermIds words;             // surface words (for spelling correction's counts)
        std::vector<TermId> sentenceTerms; // per sentence of packedText: its count of distinct stems, then their ids
    };
    struct DocMeta
    {
        QString title;
        QString url;
        QStringList channels;
        TermIds titleTerms;        // stems of the title: what the document answers
        QList<int> chunkKeys;
    };
    struct Vocabulary
    {
        QHash<QString, TermId> ids;
        QStringList strings;       // by id
        QList<int> counts;         // by id: chunks using it (0 once none does)

        TermId add(const QString &string); // the id, a new one for a new string
        std::optional<TermId> find(const QString &string) const;
        int count(const QString &string) const;
        TermIds idsOf(const QStringList &strings, bool addNew); // sorted, distinct
    };
    // Everything a search reads. A rebuild fills a new State without any lock
    // and swaps it in, so searches never wait for a rebuild.
    struct State
    {
        LexicalIndex lexical;
        VectorIndex vectors;
        VectorIndex titles;                          // each document's title (HashingEmbedder), keyed by its first chunk
        QHash<int, ChunkMeta> chunks;                // key -> chunk
        QHash<QString, DocMeta> docs;
        int nextKey = 0;
        int limitedDocs = 0;                         // documents limited to some channels
        Vocabulary stems;                            // counts: chunks using the stem (document frequency)
        Vocabulary words;                            // counts: chunks using the surface word
        QHash<qsizetype, QList<TermId>> wordsByLength; // for spelling correction
        qint64 builtAtMs = 0;

        void insert(const IndexedDocument &doc);
        void remove(const QString &docId);
        double idf(const QString &stemmedTerm) const;
        QString correction(const QString &word) const;
        QList<Concept> analyze(const QString &query) const;
    };
    struct ConceptIds;
    static QString bestSnippet(const ChunkMeta &meta, const QList<ConceptIds> &concepts);

    std::shared_ptr<Embedder> m_embedder;
    mutable QReadWriteLock m_lock; // guards m_state (the pointer and what it points to)
    std::shared_ptr<State> m_state;
};

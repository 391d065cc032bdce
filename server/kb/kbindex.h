#pragma once
#include "model/kbdocument.h"
#include "store/database.h"

#include <QHash>
#include <QList>
#include <QReadWriteLock>
#include <QSet>
#include <QString>

// One ranked search result.
struct KbHit
{
    QString docId;
    QString title;
    QString url;
    QString snippet;     // the best one or two sentences for the query
    double score = 0;    // BM25 (higher is better)
    double coverage = 0; // share of the query's IDF weight this document contains, 0..1
    double titleCoverage = 0; // the same for its title alone
};

// The search index over the knowledge base, derived from kb_docs and rebuilt
// from it on start. Ranking is SQLite FTS5's bm25() (porter stemming) in a
// private in-memory database, so it behaves the same whichever engine holds
// the documents. Beside it, term statistics (Snowball stems -> documents) give
// each hit a coverage figure: how much of what was asked the document speaks
// about, which is what tells "nothing relevant found" apart from a weak match.
// Thread-safe: searches share a read lock, edits take the write lock.
class KbIndex
{
    Q_DISABLE_COPY_MOVE(KbIndex)

public:
    KbIndex();
    bool open(QString *error);

    void replaceAll(const QList<KbDocument> &docs);
    void upsert(const KbDocument &doc);
    void remove(const QString &docId);

    QList<KbHit> search(const QString &query, int topK, const QString &channel) const;
    int documentCount() const;
    qint64 builtAtMs() const;

    // One thing the question asks about: a word and the words that may stand
    // for it in the help centre (a spelling correction, a synonym), stemmed.
    struct Concept
    {
        QString word;
        QStringList alternatives; // surface words, the asked word first
        QStringList stems;
        double weight = 0;        // IDF of its best-known alternative
    };

private:
    QList<Concept> analyzeLocked(const QString &query) const;
    QString correctionLocked(const QString &word) const;
    struct DocMeta
    {
        QString title;
        QString url;
        QStringList sentences;
        QList<QSet<QString>> sentenceTerms; // stems of each sentence, computed once
        QStringList channels;
        QSet<QString> terms;      // stems
        QSet<QString> titleTerms; // stems of the title: what the article answers
        QSet<QString> words;      // surface words
    };
    void insertLocked(const KbDocument &doc);
    void removeLocked(const QString &docId);
    double idfLocked(const QString &stemmedTerm) const;
    QString bestSnippet(const DocMeta &meta, const QList<Concept> &concepts) const;

    mutable Database m_db;
    mutable QReadWriteLock m_lock;
    QHash<QString, DocMeta> m_docs;
    QHash<QString, int> m_documentFrequency;          // stem -> documents
    QHash<QString, int> m_wordFrequency;               // surface word -> documents
    QHash<qsizetype, QStringList> m_wordsByLength;     // for spelling correction
    qint64 m_builtAtMs = 0;
};

#pragma once
#include "model/kbdocument.h"

#include <QAtomicInteger>
#include <QMutex>
#include <QString>
#include <QStringList>

class Database;
class EventBus;
class KbIndex;

// Keeps the knowledge base's system of record (kb_docs, kb_chunks with their
// vectors) and its search index in step: the index is rebuilt from the
// database on start, and every edit goes to both, the database first.
// Also answers whether retrieval may be used at all (freshness).
class KbService
{
public:
    KbService(Database &database, KbIndex &index);

    static QString bundledUrlBase() { return QStringLiteral("https://help.ferncliff.example/articles/"); }

    // Imports the sample help centre compiled into the binary (:/kb/*.md),
    // once per database. Returns the number of articles imported (0 when it
    // was done before), -1 on error.
    int importBundledOnFirstStart(QString *error);
    // Rebuilds the index from the database; chunks documents that have none
    // yet and re-embeds chunks whose vectors came from another model.
    bool rebuildIndex(QString *error);
    // Chunks, embeds, stores and indexes one document. On failure nothing is
    // stored and the index keeps serving the previous version.
    bool save(const KbDocument &doc, QString *error);
    bool remove(const QString &docId);
    // Where saves and deletions are published (kb.changed); none: not published.
    void setEvents(EventBus *events) { m_events = events; }

    struct ImportReport
    {
        int added = 0;
        int updated = 0;
        int unchanged = 0;
        int removed = 0;
        QStringList errors;
    };
    // Saves documents that are new or changed. Stored documents whose source
    // starts with one of `pruneSourcePrefixes` and that are not among `docs`
    // were removed at the source: they (and their chunks) go.
    ImportReport importDocuments(const QList<KbDocument> &docs, const QStringList &pruneSourcePrefixes = {});

    // When the knowledge base was last synchronised (imported, edited or
    // rebuilt), and how old it may get before retrieval is switched off; 0
    // means no limit.
    void setMaxAgeMs(qint64 maxAgeMs) { m_maxAgeMs = maxAgeMs; }
    qint64 syncedAtMs() const { return m_syncedAtMs.loadRelaxed(); }

    struct State
    {
        int storedDocuments = 0;
        int indexedDocuments = 0;
        int indexedChunks = 0;
        qint64 indexBuiltAt = 0;
        qint64 syncedAt = 0;
        bool ready = false;
        QString reason;
    };
    State state();
    // Whether search_kb may be offered: the index has documents and is not
    // older than the configured age. Cheap (no database access).
    bool searchable(QString *reason = nullptr) const;

private:
    bool saveLocked(const KbDocument &doc, QString *error);
    bool removeLocked(const QString &docId);
    void markSynced();

    Database &m_db;
    KbIndex &m_index;
    EventBus *m_events = nullptr;
    qint64 m_maxAgeMs = 0;
    QAtomicInteger<qint64> m_syncedAtMs = 0;
    // Edits wait while a rebuild runs (it would otherwise swap in an index
    // without them); searches never wait for either.
    QMutex m_editMutex;
};

#pragma once
#include "model/kbdocument.h"
#include "kb/kbchunk.h"

#include <QHash>
#include <QList>
#include <optional>

class Database;

// Knowledge-base documents and their chunks (with vectors) in the system of
// record. The search index is derived from these rows (see kb/kbindex).
class KbStore
{
public:
    explicit KbStore(Database &database) : m_db(database) {}
    bool upsert(const KbDocument &doc);
    // The document and exactly its chunks, in one transaction: chunks it no
    // longer has go, other documents' chunks are untouched.
    bool save(const KbDocument &doc, const QList<KbChunk> &chunks);
    QList<KbChunk> chunks(const QString &docId);
    // Every chunk, grouped by document id; nullopt when the read fails.
    std::optional<QHash<QString, QList<KbChunk>>> allChunks();
    int chunkCount();
    bool remove(const QString &id);
    std::optional<KbDocument> find(const QString &id);
    QList<KbDocument> all();
    int count();
    qint64 latestUpdate();

private:
    Database &m_db;
};

#include "kbservice.h"

#include "live/eventbus.h"
#include "documentindexer.h"
#include "embedder.h"
#include "kbindex.h"
#include "markdownarticle.h"

#include "store/kbstore.h"
#include "store/settingsstore.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QLoggingCategory>
#include <QSet>

Q_LOGGING_CATEGORY(lcKb, "supportd.kb")

namespace {
const QString kSyncedAtKey = QStringLiteral("kb.synced_at");

bool sameContent(const KbDocument &a, const KbDocument &b)
{
    return a.title == b.title && a.url == b.url && a.text == b.text && a.format == b.format
           && a.allowedChannels == b.allowedChannels && a.source == b.source;
}
} // namespace

KbService::KbService(Database &database, KbIndex &index) : m_db(database), m_index(index) {}

int KbService::importBundledOnFirstStart(QString *error)
{
    SettingsStore settings(m_db);
    if (settings.value(QStringLiteral("kb.bundled_imported")).has_value())
        return 0;
    const QDir dir(QStringLiteral(":/kb"));
    int imported = 0;
    for (const QString &fileName : dir.entryList({QStringLiteral("*.md")}, QDir::Files, QDir::Name)) {
        QFile file(dir.filePath(fileName));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        QString parseError;
        const QString docId = fileName.chopped(3);
        auto doc = markdown::parseArticle(docId, QStringLiteral("bundled:") + fileName,
                                          QString::fromUtf8(file.readAll()), bundledUrlBase(), &parseError);
        if (!doc) {
            qCWarning(lcKb) << "skipping bundled article" << fileName << ":" << parseError;
            continue;
        }
        if (doc->updatedAt == 0)
            doc->updatedAt = QDateTime::currentMSecsSinceEpoch();
        QString saveError;
        if (!save(*doc, &saveError)) { // each article on its own, like an editor's save
            if (error)
                *error = QStringLiteral("could not store the sample knowledge base: %1").arg(saveError);
            return -1;
        }
        ++imported;
    }
    settings.setValue(QStringLiteral("kb.bundled_imported"), QString::number(imported));
    return imported;
}

bool KbService::rebuildIndex(QString *error)
{
    QMutexLocker locker(&m_editMutex);
    KbStore store(m_db);
    const int expected = store.count();
    std::optional<QHash<QString, QList<KbChunk>>> chunks = store.allChunks();
    if (expected < 0 || !chunks) {
        if (error)
            *error = QStringLiteral("could not read the knowledge base");
        return false;
    }
    const QString model = m_index.embedder().modelId();
    QList<IndexedDocument> indexed;
    for (const KbDocument &doc : store.all()) {
        QList<KbChunk> stored = chunks->value(doc.id);
        bool current = !stored.isEmpty() || doc.text.trimmed().isEmpty();
        for (const KbChunk &chunk : std::as_const(stored))
            current = current && chunk.embeddingModel == model && !chunk.embedding.isEmpty();
        if (current) {
            indexed.append({doc, stored});
            continue;
        }
        // Chunks missing (a document from before chunking) or vectors of
        // another model: prepare it again, keeping what still fits.
        QHash<QString, KbChunk> known;
        for (const KbChunk &chunk : std::as_const(stored))
            known.insert(chunk.id, chunk);
        QString prepareError;
        std::optional<IndexedDocument> prepared = kb::prepareDocument(doc, m_index.embedder(), known, &prepareError);
        if (!prepared || !store.save(doc, prepared->chunks)) {
            if (error)
                *error = QStringLiteral("could not index document %1: %2")
                             .arg(doc.id, prepared ? QStringLiteral("storage failed") : prepareError);
            return false;
        }
        indexed.append(*prepared);
    }
    m_index.replaceAll(indexed);
    const std::optional<QString> synced = SettingsStore(m_db).value(kSyncedAtKey);
    if (synced)
        m_syncedAtMs.storeRelaxed(synced->toLongLong());
    else
        markSynced();
    return true;
}

bool KbService::save(const KbDocument &doc, QString *error)
{
    QMutexLocker locker(&m_editMutex);
    return saveLocked(doc, error);
}

bool KbService::remove(const QString &docId)
{
    QMutexLocker locker(&m_editMutex);
    return removeLocked(docId);
}

bool KbService::saveLocked(const KbDocument &doc, QString *error)
{
    KbStore store(m_db);
    QHash<QString, KbChunk> known;
    for (const KbChunk &chunk : store.chunks(doc.id))
        known.insert(chunk.id, chunk);
    std::optional<IndexedDocument> prepared = kb::prepareDocument(doc, m_index.embedder(), known, error);
    if (!prepared)
        return false;
    if (!store.save(doc, prepared->chunks)) {
        if (error)
            *error = QStringLiteral("the knowledge base could not be written");
        return false;
    }
    m_index.upsert(*prepared);
    markSynced();
    if (m_events)
        m_events->kbChanged(doc.id, false);
    return true;
}

bool KbService::removeLocked(const QString &docId)
{
    if (!KbStore(m_db).remove(docId))
        return false;
    m_index.remove(docId);
    markSynced();
    if (m_events)
        m_events->kbChanged(docId, true);
    return true;
}

KbService::ImportReport KbService::importDocuments(const QList<KbDocument> &docs, const QStringList &pruneSourcePrefixes)
{
    QMutexLocker locker(&m_editMutex);
    ImportReport report;
    KbStore store(m_db);
    QSet<QString> imported;
    for (const KbDocument &doc : docs) {
        imported.insert(doc.id);
        const std::optional<KbDocument> existing = store.find(doc.id);
        if (existing && sameContent(*existing, doc) && !store.chunks(doc.id).isEmpty()) {
            ++report.unchanged;
            continue;
        }
        QString error;
        if (!saveLocked(doc, &error)) {
            report.errors.append(QStringLiteral("%1: %2").arg(doc.id, error));
            continue;
        }
        ++(existing ? report.updated : report.added);
    }
    if (!pruneSourcePrefixes.isEmpty()) {
        for (const KbDocument &stored : store.all()) {
            if (imported.contains(stored.id))
                continue;
            for (const QString &prefix : pruneSourcePrefixes) {
                if (stored.source.startsWith(prefix)) {
                    if (removeLocked(stored.id))
                        ++report.removed;
                    break;
                }
            }
        }
    }
    markSynced();
    return report;
}

void KbService::markSynced()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    SettingsStore(m_db).setValue(kSyncedAtKey, QString::number(now));
    m_syncedAtMs.storeRelaxed(now);
}

bool KbService::searchable(QString *reason) const
{
    QString why;
    if (m_index.builtAtMs() == 0)
        why = QStringLiteral("the search index has not been built");
    else if (m_index.chunkCount() == 0)
        why = QStringLiteral("the knowledge base is empty");
    else if (m_maxAgeMs > 0 && QDateTime::currentMSecsSinceEpoch() - m_syncedAtMs.loadRelaxed() > m_maxAgeMs)
        why = QStringLiteral("the knowledge base has not been synchronised for longer than the configured maximum age");
    if (reason)
        *reason = why;
    return why.isEmpty();
}

KbService::State KbService::state()
{
    State state;
    KbStore store(m_db);
    state.storedDocuments = store.count();
    state.indexedDocuments = m_index.documentCount();
    state.indexedChunks = m_index.chunkCount();
    state.indexBuiltAt = m_index.builtAtMs();
    state.syncedAt = m_syncedAtMs.loadRelaxed();
    if (state.storedDocuments < 0)
        state.reason = QStringLiteral("the knowledge base cannot be read");
    else if (searchable(&state.reason) && state.indexedDocuments != state.storedDocuments)
        state.reason = QStringLiteral("the search index is out of step with the knowledge base");
    state.ready = state.reason.isEmpty();
    return state;
}

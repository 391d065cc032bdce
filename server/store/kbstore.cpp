#include "kbstore.h"
#include "database.h"

#include <QSqlQuery>
#include <QtEndian>

namespace {
const QString kColumns = QStringLiteral("id, title, url, text, source, allowed_channels, updated_at, format");

KbDocument readDoc(const QSqlQuery &query)
{
    KbDocument doc;
    doc.id = query.value(0).toString();
    doc.title = query.value(1).toString();
    doc.url = query.value(2).toString();
    doc.text = query.value(3).toString();
    doc.source = query.value(4).toString();
    doc.allowedChannels = query.value(5).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
    doc.updatedAt = query.value(6).toLongLong();
    doc.format = query.value(7).toString();
    return doc;
}
const QString kUpsertDoc = QStringLiteral(
    "INSERT INTO kb_docs (id, title, url, text, source, allowed_channels, updated_at, format)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (id) DO UPDATE SET title = excluded.title, url = excluded.url, text = excluded.text,"
    " source = excluded.source, allowed_channels = excluded.allowed_channels,"
    " updated_at = excluded.updated_at, format = excluded.format");

QVariantList docValues(const KbDocument &doc)
{
    return {doc.id, doc.title, notNull(doc.url), doc.text, notNull(doc.source),
            notNull(doc.allowedChannels.join(QLatin1Char(','))), doc.updatedAt, doc.format};
}

const QString kChunkColumns = QStringLiteral("id, doc_id, ordinal, section, text, token_count, embedding_model, embedding");

// Vectors are stored as base64 of little-endian float32: plain TEXT, the
// same column type and SQL on SQLite and PostgreSQL.
QString encodeVector(const QVector<float> &vector)
{
    QByteArray bytes(vector.size() * qsizetype(sizeof(float)), Qt::Uninitialized);
    qToLittleEndian<float>(vector.constData(), vector.size(), bytes.data());
    return QString::fromLatin1(bytes.toBase64());
}

QVector<float> decodeVector(const QString &text)
{
    const QByteArray bytes = QByteArray::fromBase64(text.toLatin1());
    QVector<float> vector(bytes.size() / qsizetype(sizeof(float)));
    qFromLittleEndian<float>(bytes.constData(), vector.size(), vector.data());
    return vector;
}

KbChunk readChunk(const QSqlQuery &query)
{
    KbChunk chunk;
    chunk.id = query.value(0).toString();
    chunk.docId = query.value(1).toString();
    chunk.ordinal = query.value(2).toInt();
    chunk.section = query.value(3).toString();
    chunk.text = query.value(4).toString();
    chunk.tokenCount = query.value(5).toInt();
    chunk.embeddingModel = query.value(6).toString();
    chunk.embedding = decodeVector(query.value(7).toString());
    return chunk;
}
} // namespace

bool KbStore::save(const KbDocument &doc, const QList<KbChunk> &chunks)
{
    Database::Transaction transaction(m_db);
    if (!transaction.ok())
        return false;
    bool ok = m_db.run(kUpsertDoc, docValues(doc), "save kb doc");
    ok = ok && m_db.run(QStringLiteral("DELETE FROM kb_chunks WHERE doc_id = ?"), {doc.id}, "replace kb chunks");
    for (const KbChunk &chunk : chunks) {
        if (!ok)
            break;
        ok = m_db.run(QStringLiteral("INSERT INTO kb_chunks (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?)").arg(kChunkColumns),
                      {chunk.id, doc.id, chunk.ordinal, notNull(chunk.section), chunk.text, chunk.tokenCount,
                       notNull(chunk.embeddingModel), notNull(encodeVector(chunk.embedding))},
                      "insert kb chunk");
    }
    return ok && transaction.commit();
}

QList<KbChunk> KbStore::chunks(const QString &docId)
{
    QSqlQuery &query = m_db.statement(
        QStringLiteral("SELECT %1 FROM kb_chunks WHERE doc_id = ? ORDER BY ordinal").arg(kChunkColumns));
    query.addBindValue(docId);
    QList<KbChunk> result;
    if (m_db.exec(query)) {
        while (query.next())
            result.append(readChunk(query));
    }
    query.finish();
    return result;
}

std::optional<QHash<QString, QList<KbChunk>>> KbStore::allChunks()
{
    QSqlQuery &query = m_db.statement(
        QStringLiteral("SELECT %1 FROM kb_chunks ORDER BY doc_id, ordinal").arg(kChunkColumns));
    std::optional<QHash<QString, QList<KbChunk>>> result;
    if (m_db.exec(query)) {
        result.emplace();
        while (query.next()) {
            KbChunk chunk = readChunk(query);
            (*result)[chunk.docId].append(std::move(chunk));
        }
    }
    query.finish();
    return result;
}

int KbStore::chunkCount()
{
    QSqlQuery &query = m_db.statement(QStringLiteral("SELECT COUNT(*) FROM kb_chunks"));
    int n = -1;
    if (m_db.exec(query) && query.next())
        n = query.value(0).toInt();
    query.finish();
    return n;
}

bool KbStore::upsert(const KbDocument &doc)
{
    return m_db.write(kUpsertDoc, docValues(doc), "upsert kb doc");
}

bool KbStore::remove(const QString &id)
{
    int rows = 0;
    return m_db.write(QStringLiteral("DELETE FROM kb_docs WHERE id = ?"), {id}, "delete kb doc", &rows) && rows > 0;
}

std::optional<KbDocument> KbStore::find(const QString &id)
{
    QSqlQuery &query = m_db.statement(QStringLiteral("SELECT %1 FROM kb_docs WHERE id = ?").arg(kColumns));
    query.addBindValue(id);
    std::optional<KbDocument> doc;
    if (m_db.exec(query) && query.next())
        doc = readDoc(query);
    query.finish();
    return doc;
}

QList<KbDocument> KbStore::all()
{
    QSqlQuery &query = m_db.statement(QStringLiteral("SELECT %1 FROM kb_docs ORDER BY id").arg(kColumns));
    QList<KbDocument> docs;
    if (m_db.exec(query)) {
        while (query.next())
            docs.append(readDoc(query));
    }
    query.finish();
    return docs;
}

int KbStore::count()
{
    QSqlQuery &query = m_db.statement(QStringLiteral("SELECT COUNT(*) FROM kb_docs"));
    int n = -1;
    if (m_db.exec(query) && query.next())
        n = query.value(0).toInt();
    query.finish();
    return n;
}

qint64 KbStore::latestUpdate()
{
    QSqlQuery &query = m_db.statement(QStringLiteral("SELECT MAX(updated_at) FROM kb_docs"));
    qint64 latest = 0;
    if (m_db.exec(query) && query.next())
        latest = query.value(0).toLongLong();
    query.finish();
    return latest;
}

#include "kbstore.h"
#include "database.h"

#include <QSqlQuery>

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
} // namespace

bool KbStore::upsert(const KbDocument &doc)
{
    return m_db.write(
        QStringLiteral("INSERT INTO kb_docs (id, title, url, text, source, allowed_channels, updated_at, format)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                       " ON CONFLICT (id) DO UPDATE SET title = excluded.title, url = excluded.url, text = excluded.text,"
                       " source = excluded.source, allowed_channels = excluded.allowed_channels,"
                       " updated_at = excluded.updated_at, format = excluded.format"),
        {doc.id, doc.title, notNull(doc.url), doc.text, notNull(doc.source),
         notNull(doc.allowedChannels.join(QLatin1Char(','))), doc.updatedAt, doc.format},
        "upsert kb doc");
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

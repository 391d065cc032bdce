#include "kbstore.h"
#include "database.h"

#include <QSqlQuery>

namespace {
const QString kColumns = QStringLiteral("id, title, url, text, source, allowed_channels, updated_at");

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
    return doc;
}
} // namespace

bool KbStore::upsert(const KbDocument &doc)
{
    Database::Transaction transaction(m_db);
    QSqlQuery &query = m_db.statement(QStringLiteral(
        "INSERT INTO kb_docs (id, title, url, text, source, allowed_channels, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET title = excluded.title, url = excluded.url, text = excluded.text,"
        " source = excluded.source, allowed_channels = excluded.allowed_channels, updated_at = excluded.updated_at"));
    query.addBindValue(doc.id);
    query.addBindValue(doc.title);
    query.addBindValue(notNull(doc.url));
    query.addBindValue(doc.text);
    query.addBindValue(notNull(doc.source));
    query.addBindValue(notNull(doc.allowedChannels.join(QLatin1Char(','))));
    query.addBindValue(doc.updatedAt);
    const bool ok = transaction.ok() && (query.exec() || reportSqlError(query, "upsert kb doc"));
    query.finish();
    return ok && transaction.commit();
}

bool KbStore::remove(const QString &id)
{
    Database::Transaction transaction(m_db);
    QSqlQuery &query = m_db.statement(QStringLiteral("DELETE FROM kb_docs WHERE id = ?"));
    query.addBindValue(id);
    const bool ok = transaction.ok() && (query.exec() || reportSqlError(query, "delete kb doc"))
                    && query.numRowsAffected() > 0;
    query.finish();
    return ok && transaction.commit();
}

std::optional<KbDocument> KbStore::find(const QString &id)
{
    QSqlQuery &query = m_db.statement(QStringLiteral("SELECT %1 FROM kb_docs WHERE id = ?").arg(kColumns));
    query.addBindValue(id);
    std::optional<KbDocument> doc;
    if (query.exec() && query.next())
        doc = readDoc(query);
    query.finish();
    return doc;
}

QList<KbDocument> KbStore::all()
{
    QSqlQuery &query = m_db.statement(QStringLiteral("SELECT %1 FROM kb_docs ORDER BY id").arg(kColumns));
    QList<KbDocument> docs;
    if (query.exec()) {
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
    if (query.exec() && query.next())
        n = query.value(0).toInt();
    query.finish();
    return n;
}

qint64 KbStore::latestUpdate()
{
    QSqlQuery &query = m_db.statement(QStringLiteral("SELECT MAX(updated_at) FROM kb_docs"));
    qint64 latest = 0;
    if (query.exec() && query.next())
        latest = query.value(0).toLongLong();
    query.finish();
    return latest;
}

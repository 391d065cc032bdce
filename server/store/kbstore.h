#pragma once
#include "model/kbdocument.h"

#include <QList>
#include <optional>

class Database;

// Knowledge-base documents in the system of record. The search index is
// derived from these rows (see kb/kbindex).
class KbStore
{
public:
    explicit KbStore(Database &database) : m_db(database) {}
    bool upsert(const KbDocument &doc);
    bool remove(const QString &id);
    std::optional<KbDocument> find(const QString &id);
    QList<KbDocument> all();
    int count();
    qint64 latestUpdate();

private:
    Database &m_db;
};

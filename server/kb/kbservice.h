#pragma once
#include "model/kbdocument.h"

#include <QString>

class Database;
class KbIndex;

// Keeps the knowledge base's system of record (kb_docs) and its search index
// in step: the index is rebuilt from the database on start, and every edit
// goes to both.
class KbService
{
public:
    KbService(Database &database, KbIndex &index) : m_db(database), m_index(index) {}

    static QString bundledUrlBase() { return QStringLiteral("https://help.ferncliff.example/articles/"); }

    // Imports the sample help centre compiled into the binary (:/kb/*.md),
    // once per database. Returns the number of articles imported (0 when it
    // was done before), -1 on error.
    int importBundledOnFirstStart(QString *error);
    bool rebuildIndex(QString *error);
    bool save(const KbDocument &doc);
    bool remove(const QString &docId);

    struct State
    {
        int storedDocuments = 0;
        int indexedDocuments = 0;
        qint64 indexBuiltAt = 0;
        bool ready = false;
        QString reason;
    };
    State state();

private:
    Database &m_db;
    KbIndex &m_index;
};

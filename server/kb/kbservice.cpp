#include "kbservice.h"
#include "kbindex.h"
#include "markdownarticle.h"

#include "store/kbstore.h"
#include "store/settingsstore.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcKb, "supportd.kb")

int KbService::importBundledOnFirstStart(QString *error)
{
    SettingsStore settings(m_db);
    if (settings.value(QStringLiteral("kb.bundled_imported")).has_value())
        return 0;
    KbStore store(m_db);
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
        if (!store.upsert(*doc)) {
            if (error)
                *error = QStringLiteral("could not store the sample knowledge base");
            return -1;
        }
        ++imported;
    }
    settings.setValue(QStringLiteral("kb.bundled_imported"), QString::number(imported));
    return imported;
}

bool KbService::rebuildIndex(QString *error)
{
    KbStore store(m_db);
    const int expected = store.count();
    if (expected < 0) {
        if (error)
            *error = QStringLiteral("could not read the knowledge base");
        return false;
    }
    m_index.replaceAll(store.all());
    return true;
}

bool KbService::save(const KbDocument &doc)
{
    if (!KbStore(m_db).upsert(doc))
        return false;
    m_index.upsert(doc);
    return true;
}

bool KbService::remove(const QString &docId)
{
    if (!KbStore(m_db).remove(docId))
        return false;
    m_index.remove(docId);
    return true;
}

KbService::State KbService::state()
{
    State state;
    state.storedDocuments = KbStore(m_db).count();
    state.indexedDocuments = m_index.documentCount();
    state.indexBuiltAt = m_index.builtAtMs();
    if (state.storedDocuments < 0)
        state.reason = QStringLiteral("the knowledge base cannot be read");
    else if (state.indexBuiltAt == 0)
        state.reason = QStringLiteral("the search index has not been built");
    else if (state.indexedDocuments == 0)
        state.reason = QStringLiteral("the knowledge base is empty");
    else if (state.indexedDocuments != state.storedDocuments)
        state.reason = QStringLiteral("the search index is out of step with the knowledge base");
    state.ready = state.reason.isEmpty();
    return state;
}

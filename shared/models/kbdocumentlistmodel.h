#pragma once
#include "model/kbdocument.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <optional>

// The help-centre documents an editor sees: title, id, allowed channels, last
// update; one row per KbDocument (without its text), ordered by title. Live
// "kb.changed" events update single rows in place (upsert/remove); a new list
// from the server replaces the rows. The title filter is the one the list was
// asked for, so a document saved elsewhere only appears when it matches.
class KbDocumentListModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KbDocumentListModel)

public:
    enum Column { TitleColumn, DocIdColumn, ChannelsColumn, UpdatedColumn, ColumnCount };
    enum Role {
        DocIdRole = Qt::UserRole + 1,
        ChannelsRole,   // QStringList; empty: every channel
        UpdatedAtRole,  // ms since the epoch
        ChunkCountRole, // -1 when not known
    };

    explicit KbDocumentListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // A whole list as the server gave it for titleFilter (text dropped).
    void setDocuments(const QList<KbDocument> &documents, const QHash<QString, int> &chunkCounts = {},
                      const QString &titleFilter = {});
    // One document saved: updated in place (or moved when its title changed),
    // added when it matches the filter, dropped when it no longer does.
    void upsert(const KbDocument &document, int chunkCount = -1);
    bool remove(const QString &docId);
    void clear();

    QString titleFilter() const { return m_filter; }
    bool matchesFilter(const KbDocument &document) const;
    int rowOf(const QString &docId) const;
    const KbDocument &documentAt(int row) const { return m_rows.at(row).document; }
    std::optional<KbDocument> document(const QString &docId) const;

    // "web, email", or "All channels" when none are named.
    static QString channelsText(const QStringList &channels);
    void retranslate();

private:
    struct Row
    {
        KbDocument document;
        int chunkCount = -1;
    };
    static bool lessThan(const KbDocument &a, const KbDocument &b);
    int insertPosition(const KbDocument &document) const;

    QList<Row> m_rows;
    QString m_filter;
};

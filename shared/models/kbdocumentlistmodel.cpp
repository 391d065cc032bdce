#include "kbdocumentlistmodel.h"

#include <QDateTime>
#include <QLocale>
#include <algorithm>

KbDocumentListModel::KbDocumentListModel(QObject *parent) : QAbstractTableModel(parent) {}

int KbDocumentListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int KbDocumentListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString KbDocumentListModel::channelsText(const QStringList &channels)
{
    return channels.isEmpty() ? tr("All channels") : channels.join(QStringLiteral(", "));
}

QVariant KbDocumentListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &row = m_rows.at(index.row());
    const KbDocument &doc = row.document;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TitleColumn: return doc.title;
        case DocIdColumn: return doc.id;
        case ChannelsColumn: return channelsText(doc.allowedChannels);
        case UpdatedColumn:
            return doc.updatedAt > 0
                ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(doc.updatedAt), QLocale::ShortFormat)
                : QString();
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == TitleColumn && !doc.url.isEmpty())
            return doc.url;
        if (index.column() == DocIdColumn && row.chunkCount >= 0)
            return tr("%n chunk(s)", nullptr, row.chunkCount);
        return {};
    case DocIdRole: return doc.id;
    case ChannelsRole: return doc.allowedChannels;
    case UpdatedAtRole: return doc.updatedAt;
    case ChunkCountRole: return row.chunkCount;
    }
    return {};
}

QVariant KbDocumentListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TitleColumn: return tr("Title");
    case DocIdColumn: return tr("Document id");
    case ChannelsColumn: return tr("Channels");
    case UpdatedColumn: return tr("Updated");
    }
    return {};
}

bool KbDocumentListModel::lessThan(const KbDocument &a, const KbDocument &b)
{
    const int byTitle = QString::localeAwareCompare(a.title.toCaseFolded(), b.title.toCaseFolded());
    return byTitle != 0 ? byTitle < 0 : a.id < b.id;
}

int KbDocumentListModel::insertPosition(const KbDocument &document) const
{
    const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), document,
                                     [](const Row &row, const KbDocument &doc) { return lessThan(row.document, doc); });
    return int(it - m_rows.cbegin());
}

bool KbDocumentListModel::matchesFilter(const KbDocument &document) const
{
    // As the server matches ?q=: trimmed, a case-insensitive part of the title.
    return m_filter.isEmpty() || document.title.contains(m_filter, Qt::CaseInsensitive);
}

void KbDocumentListModel::setDocuments(const QList<KbDocument> &documents, const QHash<QString, int> &chunkCounts,
                                       const QString &titleFilter)
{
    beginResetModel();
    m_filter = titleFilter.trimmed();
    m_rows.clear();
    m_rows.reserve(documents.size());
    for (const KbDocument &document : documents) {
        Row row{document, chunkCounts.value(document.id, -1)};
        row.document.text.clear(); // the list never holds texts (they may be megabytes)
        m_rows.append(std::move(row));
    }
    std::stable_sort(m_rows.begin(), m_rows.end(),
                     [](const Row &a, const Row &b) { return lessThan(a.document, b.document); });
    endResetModel();
}

void KbDocumentListModel::upsert(const KbDocument &document, int chunkCount)
{
    const int row = rowOf(document.id);
    if (!matchesFilter(document)) {
        if (row >= 0)
            remove(document.id);
        return;
    }
    Row updated{document, chunkCount};
    updated.document.text.clear();
    if (row < 0) {
        const int position = insertPosition(document);
        beginInsertRows({}, position, position);
        m_rows.insert(position, std::move(updated));
        endInsertRows();
        return;
    }
    if (updated.chunkCount < 0)
        updated.chunkCount = m_rows.at(row).chunkCount;
    m_rows[row] = std::move(updated);
    // Still in order where it is? Then in place; otherwise one move.
    const bool afterPrevious = row == 0 || !lessThan(document, m_rows.at(row - 1).document);
    const bool beforeNext = row + 1 >= m_rows.size() || !lessThan(m_rows.at(row + 1).document, document);
    if (afterPrevious && beforeNext) {
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    Row moving = m_rows.takeAt(row);
    const int target = insertPosition(moving.document);
    m_rows.insert(row, std::move(moving)); // back for the move notification
    // beginMoveRows wants the destination as it is before the move.
    const int destination = target >= row ? target + 1 : target;
    beginMoveRows({}, row, row, {}, destination);
    m_rows.move(row, target);
    endMoveRows();
    emit dataChanged(index(target, 0), index(target, ColumnCount - 1));
}

bool KbDocumentListModel::remove(const QString &docId)
{
    const int row = rowOf(docId);
    if (row < 0)
        return false;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
    return true;
}

void KbDocumentListModel::clear()
{
    setDocuments({});
}

int KbDocumentListModel::rowOf(const QString &docId) const
{
    // A help centre holds hundreds of documents, not millions: a scan is fine.
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).document.id == docId)
            return row;
    }
    return -1;
}

std::optional<KbDocument> KbDocumentListModel::document(const QString &docId) const
{
    const int row = rowOf(docId);
    if (row < 0)
        return std::nullopt;
    return m_rows.at(row).document;
}

void KbDocumentListModel::retranslate()
{
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

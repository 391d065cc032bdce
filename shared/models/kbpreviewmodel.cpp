#include "kbpreviewmodel.h"

#include "model/jsonutil.h"

#include <QLocale>

namespace {

// A score that may be null: a JSON number, or nothing for null/absent; false
// for any other type.
bool optionalNumber(const QJsonObject &object, const QString &key, std::optional<double> *value)
{
    const QJsonValue field = object.value(key);
    if (field.isNull() || field.isUndefined()) {
        value->reset();
        return true;
    }
    if (!field.isDouble())
        return false;
    *value = field.toDouble();
    return true;
}

QString scoreText(double value)
{
    return QLocale().toString(value, 'f', 3);
}

} // namespace

std::optional<KbPreviewHit> KbPreviewHit::fromJson(const QJsonObject &object, QString *error)
{
    json::Reader reader(object);
    KbPreviewHit hit;
    hit.rank = int(reader.integer(QStringLiteral("rank"), true));
    hit.chunkId = reader.string(QStringLiteral("chunk_id"));
    hit.docId = reader.string(QStringLiteral("doc_id"), true);
    hit.title = reader.string(QStringLiteral("title"));
    hit.section = reader.string(QStringLiteral("section"));
    hit.url = reader.string(QStringLiteral("url"));
    hit.snippet = reader.string(QStringLiteral("snippet"));
    if (!reader.ok()) {
        if (error)
            *error = reader.error();
        return std::nullopt;
    }
    if (!object.value(QStringLiteral("score")).isDouble() || !optionalNumber(object, QStringLiteral("bm25"), &hit.lexical)
        || !optionalNumber(object, QStringLiteral("vector"), &hit.vector)) {
        if (error)
            *error = QStringLiteral("scores must be numbers or null");
        return std::nullopt;
    }
    hit.score = object.value(QStringLiteral("score")).toDouble();
    hit.lexicalRank = object.value(QStringLiteral("bm25_rank")).toInt();
    hit.vectorRank = object.value(QStringLiteral("vector_rank")).toInt();
    hit.coverage = object.value(QStringLiteral("coverage")).toDouble();
    return hit;
}

KbPreviewModel::KbPreviewModel(QObject *parent) : QAbstractTableModel(parent) {}

int KbPreviewModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_hits.size());
}

int KbPreviewModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant KbPreviewModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_hits.size())
        return {};
    const KbPreviewHit &hit = m_hits.at(index.row());
    const QString absent = QStringLiteral("\u2014");
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case RankColumn: return hit.rank;
        case TitleColumn: return hit.title;
        case SectionColumn: return hit.section;
        case ScoreColumn: return scoreText(hit.score);
        case LexicalColumn: return hit.lexical ? scoreText(*hit.lexical) : absent;
        case VectorColumn: return hit.vector ? scoreText(*hit.vector) : absent;
        case SnippetColumn: return hit.snippet.simplified();
        }
        return {};
    case Qt::ToolTipRole:
        switch (index.column()) {
        case ScoreColumn: return tr("Fused score; the question's coverage is %1%").arg(qRound(hit.coverage * 100));
        case LexicalColumn:
            return hit.lexical ? tr("Rank %1 by BM25").arg(hit.lexicalRank) : tr("Not found by BM25");
        case VectorColumn:
            return hit.vector ? tr("Rank %1 by vector similarity").arg(hit.vectorRank)
                              : tr("Not found by vector similarity");
        case SnippetColumn: return hit.snippet;
        case TitleColumn: return hit.url.isEmpty() ? hit.docId : hit.docId + QLatin1Char('\n') + hit.url;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == RankColumn || index.column() == ScoreColumn || index.column() == LexicalColumn
            || index.column() == VectorColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case DocIdRole: return hit.docId;
    case ChunkIdRole: return hit.chunkId;
    case SortRole:
        switch (index.column()) {
        case RankColumn: return hit.rank;
        case ScoreColumn: return hit.score;
        case LexicalColumn: return hit.lexical.value_or(-1.0);
        case VectorColumn: return hit.vector.value_or(-1.0);
        }
        return data(index, Qt::DisplayRole);
    }
    return {};
}

QVariant KbPreviewModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case RankColumn: return tr("#");
    case TitleColumn: return tr("Document");
    case SectionColumn: return tr("Section");
    case ScoreColumn: return tr("Score");
    case LexicalColumn: return tr("Lexical (BM25)");
    case VectorColumn: return tr("Vector");
    case SnippetColumn: return tr("Snippet");
    }
    return {};
}

bool KbPreviewModel::setResults(const QJsonArray &results, QString *error)
{
    QList<KbPreviewHit> hits;
    hits.reserve(results.size());
    for (const QJsonValue &value : results) {
        std::optional<KbPreviewHit> hit = KbPreviewHit::fromJson(value.toObject(), error);
        if (!hit) {
            clear();
            return false;
        }
        hits.append(std::move(*hit));
    }
    setHits(hits);
    return true;
}

void KbPreviewModel::setHits(const QList<KbPreviewHit> &hits)
{
    beginResetModel();
    m_hits = hits;
    endResetModel();
}

void KbPreviewModel::clear()
{
    setHits({});
}

int KbPreviewModel::rankOf(const QString &docId) const
{
    for (const KbPreviewHit &hit : m_hits) {
        if (hit.docId == docId)
            return hit.rank;
    }
    return 0;
}

void KbPreviewModel::retranslate()
{
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

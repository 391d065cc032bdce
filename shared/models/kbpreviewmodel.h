#pragma once
#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

// One ranked chunk of POST /admin/agent/kb/preview: the fused score and each
// ranking's own score and rank (absent where that ranking did not find it).
struct KbPreviewHit
{
    int rank = 0;
    QString chunkId;
    QString docId;
    QString title;
    QString section;
    QString url;
    QString snippet;
    double score = 0;
    std::optional<double> lexical; // BM25
    int lexicalRank = 0;           // 0: not found by that ranking
    std::optional<double> vector;  // cosine similarity
    int vectorRank = 0;
    double coverage = 0;

    static std::optional<KbPreviewHit> fromJson(const QJsonObject &object, QString *error = nullptr);
};

// What retrieval would hand the agent for a question: one row per chunk, in
// rank order, with the fused, lexical and vector scores side by side.
class KbPreviewModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KbPreviewModel)

public:
    enum Column { RankColumn, TitleColumn, SectionColumn, ScoreColumn, LexicalColumn, VectorColumn, SnippetColumn, ColumnCount };
    enum Role {
        DocIdRole = Qt::UserRole + 1,
        ChunkIdRole,
        SortRole, // the raw number of score columns (-1 where absent), text elsewhere
    };

    explicit KbPreviewModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The server's "results" array; false (and no rows) when an item is malformed.
    bool setResults(const QJsonArray &results, QString *error = nullptr);
    void setHits(const QList<KbPreviewHit> &hits);
    void clear();

    QString query() const { return m_query; }
    void setQuery(const QString &query) { m_query = query; }
    const KbPreviewHit &hitAt(int row) const { return m_hits.at(row); }
    // The rank (1-based) of the best chunk of a document, 0 when not retrieved.
    int rankOf(const QString &docId) const;
    void retranslate();

private:
    QList<KbPreviewHit> m_hits;
    QString m_query;
};

#pragma once
#include <QList>
#include <QReadWriteLock>
#include <QVector>
#include <memory>

namespace hnswlib {
template<typename T> class HierarchicalNSW;
}
class DotProductSpace;

// Nearest-neighbour search over chunk vectors (cosine similarity of
// L2-normalised vectors) with hnswlib's HNSW graph: logarithmic search time,
// so a large knowledge base answers as fast as a small one. pgvector is not
// available, so the index lives in the process and is rebuilt from the
// vectors stored in the database (kb_chunks.embedding).
// Thread-safe: searches share a read lock, edits take the write lock.
class VectorIndex
{
    Q_DISABLE_COPY_MOVE(VectorIndex)

public:
    VectorIndex();
    ~VectorIndex();

    // The first vector fixes the dimension; others of another size are refused.
    bool add(int key, const QVector<float> &vector);
    void remove(int key);
    void clear();
    int dimensions() const;

    struct Hit
    {
        int key = -1;
        double similarity = 0; // cosine, -1..1
    };
    QList<Hit> search(const QVector<float> &query, int limit) const;

private:
    mutable QReadWriteLock m_lock;
    int m_dimensions = 0;
    std::unique_ptr<DotProductSpace> m_space;
    std::unique_ptr<hnswlib::HierarchicalNSW<float>> m_graph;
};

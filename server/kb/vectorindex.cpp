#include "vectorindex.h"
#include "dotdistance.h"

#include <QLoggingCategory>
#include <hnswlib/hnswlib.h>

Q_DECLARE_LOGGING_CATEGORY(lcKb)

namespace {
// Graph degree and build-time beam: hnswlib's usual defaults for
// high-recall search.
constexpr size_t kLinks = 16;
constexpr size_t kBuildBeam = 100;
constexpr size_t kInitialCapacity = 1024;
// The search beam: candidates kept while walking the graph, and what a search
// costs (each one a distance computation). Fixed (hnswlib's setEf is not safe
// to call during searches); a request for more widens it to what it asks.
constexpr size_t kSearchBeam = 64;
// Requests are capped to this.
constexpr size_t kMaxResults = 128;
} // namespace

// hnswlib's inner-product space with the fastest kernel this CPU runs.
class DotProductSpace : public hnswlib::SpaceInterface<float>
{
public:
    explicit DotProductSpace(size_t dimensions)
        : m_fallback(dimensions)
        , m_dimensions(dimensions)
    {
        m_distance = dotdistance::fastest();
        if (!m_distance)
            m_distance = m_fallback.get_dist_func();
    }
    size_t get_data_size() override { return m_dimensions * sizeof(float); }
    hnswlib::DISTFUNC<float> get_dist_func() override { return m_distance; }
    void *get_dist_func_param() override { return &m_dimensions; }

private:
    hnswlib::InnerProductSpace m_fallback;
    size_t m_dimensions;
    hnswlib::DISTFUNC<float> m_distance = nullptr;
};

VectorIndex::VectorIndex() = default;
VectorIndex::~VectorIndex() = default;

bool VectorIndex::add(int key, const QVector<float> &vector)
{
    if (vector.isEmpty() || key < 0)
        return false;
    QWriteLocker locker(&m_lock);
    if (!m_graph) {
        m_dimensions = int(vector.size());
        m_space = std::make_unique<DotProductSpace>(size_t(m_dimensions));
        m_graph = std::make_unique<hnswlib::HierarchicalNSW<float>>(m_space.get(), kInitialCapacity, kLinks, kBuildBeam);
        m_graph->setEf(kSearchBeam);
    }
    if (vector.size() != m_dimensions)
        return false;
    try {
        if (m_graph->cur_element_count >= m_graph->max_elements_)
            m_graph->resizeIndex(m_graph->max_elements_ * 2);
        m_graph->addPoint(vector.constData(), hnswlib::labeltype(key));
    } catch (const std::exception &error) {
        qCWarning(lcKb) << "vector index: cannot add a chunk:" << error.what();
        return false;
    }
    return true;
}

void VectorIndex::remove(int key)
{
    QWriteLocker locker(&m_lock);
    if (!m_graph)
        return;
    try {
        m_graph->markDelete(hnswlib::labeltype(key));
    } catch (const std::exception &) {
        // not in the index: nothing to do
    }
}

void VectorIndex::clear()
{
    QWriteLocker locker(&m_lock);
    m_graph.reset();
    m_space.reset();
    m_dimensions = 0;
}

int VectorIndex::dimensions() const
{
    QReadLocker locker(&m_lock);
    return m_dimensions;
}

QList<VectorIndex::Hit> VectorIndex::search(const QVector<float> &query, int limit) const
{
    QReadLocker locker(&m_lock);
    if (!m_graph || query.size() != m_dimensions || limit <= 0)
        return {};
    QList<Hit> hits;
    try {
        auto queue = m_graph->searchKnn(query.constData(), qMin(size_t(limit), kMaxResults));
        hits.resize(queue.size());
        for (qsizetype i = hits.size() - 1; i >= 0; --i) { // the queue pops the farthest first
            hits[i] = {int(queue.top().second), 1.0 - double(queue.top().first)};
            queue.pop();
        }
    } catch (const std::exception &error) {
        qCWarning(lcKb) << "vector search failed:" << error.what();
    }
    return hits;
}

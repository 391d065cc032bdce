#pragma once
#include <optional>
#include <QList>
#include <QMutex>
#include <QString>
#include <QStringList>
#include <memory>

class QTemporaryDir;

namespace Xapian {
class WritableDatabase;
}

// BM25 ranking over chunks with Xapian. Terms are the
// text analyzer's Snowball stems (the same the rest of retrieval uses); the
// title and section headings count extra, since they say what a passage is
// about. A query is a list of concepts, each a set of alternative stems that
// BM25 treats as one term (Xapian's OP_SYNONYM), so a synonym or spelling
// correction does not count twice.
// The chunks' database is a Glass database on disk (the headings' one, small,
// stays in memory), in a private temporary folder
// removed with the index: the index is derived (rebuilt from kb_chunks on
// start), and on disk its postings are paged by the kernel instead of living
// on the heap (Xapian's in-memory backend took 160 MB for 8,400 chunks).
// Changes are committed every few hundred chunks, which bounds what Xapian
// buffers, and before the next search (a search over uncommitted changes
// merges them on every query).
// Thread-safe: Xapian objects are not, so calls are serialised; a search is
// far below a millisecond.
class LexicalIndex
{
    Q_DISABLE_COPY_MOVE(LexicalIndex)

public:
    LexicalIndex();
    ~LexicalIndex();

    // `key` identifies the chunk (>= 0). An empty channel list means every channel.
    void add(int key, const QString &title, const QString &section, const QString &body,
             const QStringList &channels);
    void remove(int key);
    void clear();

    struct Hit
    {
        int key = -1;
        double score = 0;
    };
    // Field::Headings ranks by the title and section headings alone: for
    // FAQ-like knowledge bases, whose titles are the questions they answer.
    enum class Field { All, Headings };
    // `channel` keeps the chunks allowed on that channel; nullopt skips the
    // filter (for a caller that knows no chunk is limited to channels).
    QList<Hit> search(const QList<QStringList> &concepts, const std::optional<QString> &channel, int limit,
                      Field field = Field::All) const;

private:
    void open();
    void changed();

    mutable QMutex m_mutex;
    std::unique_ptr<QTemporaryDir> m_dir;
    mutable int m_uncommitted = 0; // changes since the last commit
    std::unique_ptr<Xapian::WritableDatabase> m_db;
    std::unique_ptr<Xapian::WritableDatabase> m_headings;
};

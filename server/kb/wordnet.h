#pragma once
#include <QFile>
#include <QHash>
#include <QReadWriteLock>
#include <QString>
#include <QStringList>
#include <array>
#include <memory>

// Synonyms from Princeton WordNet 3.0 (Debian's wordnet-base), read in place:
// the index and data files are memory-mapped and searched the way WordNet's
// own library does it (binary search over the sorted index, byte offsets
// into the data files), so nothing is loaded up front and pages are shared.
// Only single-word lemmas of a word's most frequent senses are returned.
// Thread-safe after construction (read-only maps; the answers are memoised,
// as a question's words repeat across questions and the lookups cost a tenth
// of a search).
class WordNet
{
    Q_DISABLE_COPY_MOVE(WordNet)

public:
    // The shared instance over SUPPORTD_WORDNET_DIR or /usr/share/wordnet;
    // available() is false when the files are missing (retrieval then does
    // without general synonyms).
    static const WordNet &instance();

    explicit WordNet(const QString &directory);
    bool available() const { return m_available; }

    // Lower-case single-word synonyms of `word` (any inflection: "folders"
    // finds "folder") from its first `senses` senses per part of speech,
    // without the word itself.
    QStringList synonyms(const QString &word, int senses = 1) const;

private:
    struct Part
    {
        std::unique_ptr<QFile> indexFile;
        std::unique_ptr<QFile> dataFile;
        const char *index = nullptr;
        qint64 indexSize = 0;
        const char *data = nullptr;
        qint64 dataSize = 0;
    };
    QStringList lookUp(const QString &word, int senses) const;
    QList<qint64> senseOffsets(const Part &part, const QByteArray &lemma, int senses) const;
    QStringList synsetWords(const Part &part, qint64 offset) const;

    std::array<Part, 4> m_parts; // noun, verb, adj, adv
    bool m_available = false;

    static constexpr qsizetype kMaxRemembered = 50000; // then it starts again
    mutable QReadWriteLock m_rememberedLock;
    mutable QHash<QString, QStringList> m_remembered; // "senses:word"
};

// Xapian's headers use the names Qt's keywords macros take: include them first.
#include <xapian.h>

#include "lexicalindex.h"
#include "textanalyzer.h"

#include <QLoggingCategory>
#include <QDir>
#include <QTemporaryDir>

Q_DECLARE_LOGGING_CATEGORY(lcKb)

namespace {

// How much more a stem counts in the title and in a section heading than in
// the body (added to its within-document frequency).
constexpr int kTitleBoost = 3;
constexpr int kSectionBoost = 2;

// Chunks changed between commits: what Xapian buffers in memory.
constexpr int kCommitEvery = 256;

const std::string kAnyChannel = "XCall";

std::string channelTerm(const QString &channel)
{
    return "XC" + channel.toStdString();
}

// Glass refuses terms over 245 bytes (and then fails the whole document);
// a "word" that long is never what anyone searches for.
constexpr size_t kMaxTermBytes = 245;

void addTerms(Xapian::Document &doc, const QString &text, int wdf)
{
    for (const QString &term : text::terms(text)) {
        const std::string bytes = term.toStdString();
        if (bytes.size() <= kMaxTermBytes)
            doc.add_term(bytes, wdf);
    }
}

} // namespace

LexicalIndex::LexicalIndex()
{
    open();
}

LexicalIndex::~LexicalIndex()
{
    // Close the databases before their folder goes.
    m_db.reset();
    m_headings.reset();
}

void LexicalIndex::open()
{
    m_db.reset();
    m_headings.reset();
    m_uncommitted = 0;
    m_dir = std::make_unique<QTemporaryDir>(QDir::tempPath() + QStringLiteral("/supportd-kb-XXXXXX"));
    if (m_dir->isValid()) {
        try {
            // No fsync: the databases are rebuilt from kb_chunks, never reopened.
            const int flags = Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_SYNC;
            m_db = std::make_unique<Xapian::WritableDatabase>(m_dir->filePath(QStringLiteral("chunks")).toStdString(), flags);
            // Titles and headings are a small fraction of the text: in memory
            // they cost little and spare a Glass lookup on every search.
            m_headings = std::make_unique<Xapian::WritableDatabase>(std::string(), Xapian::DB_BACKEND_INMEMORY);
            return;
        } catch (const Xapian::Error &error) {
            qCWarning(lcKb) << "lexical index: cannot create a database in" << m_dir->path() << ":"
                            << error.get_msg().c_str() << "- keeping it in memory";
        }
    } else {
        qCWarning(lcKb) << "lexical index: no temporary folder (" << m_dir->errorString() << ") - keeping it in memory";
    }
    m_db = std::make_unique<Xapian::WritableDatabase>(std::string(), Xapian::DB_BACKEND_INMEMORY);
    m_headings = std::make_unique<Xapian::WritableDatabase>(std::string(), Xapian::DB_BACKEND_INMEMORY);
}

void LexicalIndex::changed()
{
    if (++m_uncommitted < kCommitEvery)
        return;
    m_uncommitted = 0;
    m_db->commit();
    m_headings->commit();
}

void LexicalIndex::add(int key, const QString &title, const QString &section, const QString &body,
                       const QStringList &channels)
{
    Xapian::Document doc;
    addTerms(doc, body, 1);
    addTerms(doc, title, kTitleBoost);
    addTerms(doc, section, kSectionBoost);
    Xapian::Document headings;
    addTerms(headings, title, 1);
    addTerms(headings, section, 1);
    for (Xapian::Document *target : {&doc, &headings}) {
        if (channels.isEmpty())
            target->add_boolean_term(kAnyChannel);
        for (const QString &channel : channels)
            target->add_boolean_term(channelTerm(channel));
    }
    QMutexLocker locker(&m_mutex);
    try {
        m_db->replace_document(Xapian::docid(key) + 1, doc);
        m_headings->replace_document(Xapian::docid(key) + 1, headings);
        changed();
    } catch (const Xapian::Error &error) {
        qCWarning(lcKb) << "lexical index: cannot add a chunk:" << error.get_msg().c_str();
    }
}

void LexicalIndex::remove(int key)
{
    QMutexLocker locker(&m_mutex);
    try {
        m_db->delete_document(Xapian::docid(key) + 1);
        m_headings->delete_document(Xapian::docid(key) + 1);
        changed();
    } catch (const Xapian::DocNotFoundError &) {
    } catch (const Xapian::Error &error) {
        qCWarning(lcKb) << "lexical index: cannot remove a chunk:" << error.get_msg().c_str();
    }
}

void LexicalIndex::clear()
{
    QMutexLocker locker(&m_mutex);
    open();
}

QList<LexicalIndex::Hit> LexicalIndex::search(const QList<QStringList> &concepts, const std::optional<QString> &channel,
                                              int limit, Field field) const
{
    std::vector<Xapian::Query> parts;
    for (const QStringList &stems : concepts) {
        std::vector<Xapian::Query> alternatives;
        for (const QString &stem : stems) {
            std::string term = stem.toStdString();
            if (term.size() <= kMaxTermBytes)
                alternatives.emplace_back(std::move(term));
        }
        if (!alternatives.empty())
            parts.emplace_back(Xapian::Query::OP_SYNONYM, alternatives.begin(), alternatives.end());
    }
    if (parts.empty() || limit <= 0)
        return {};
    Xapian::Query query(Xapian::Query::OP_OR, parts.begin(), parts.end());
    if (channel) {
        const Xapian::Query channels(Xapian::Query::OP_OR, Xapian::Query(kAnyChannel),
                                     Xapian::Query(channelTerm(*channel)));
        query = Xapian::Query(Xapian::Query::OP_FILTER, query, channels);
    }

    QList<Hit> hits;
    QMutexLocker locker(&m_mutex);
    try {
        if (m_uncommitted > 0) {
            m_uncommitted = 0;
            m_db->commit();
            m_headings->commit();
        }
        Xapian::Enquire enquire(field == Field::All ? *m_db : *m_headings);
        enquire.set_query(query);
        // k1 1.2 (term-frequency saturation), b 0.5 (half-strength length
        // normalisation: long answers are not penalised fully). Measured
        // against DPH, PL2, LM and BM25+ on StackFAQ: see README.
        enquire.set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, 0.5, 0.5));
        const Xapian::MSet matches = enquire.get_mset(0, Xapian::doccount(limit));
        for (auto it = matches.begin(); it != matches.end(); ++it)
            hits.append({int(*it) - 1, it.get_weight()});
    } catch (const Xapian::Error &error) {
        qCWarning(lcKb) << "lexical search failed:" << error.get_msg().c_str();
    }
    return hits;
}

// Xapian's headers use the names Qt's keywords macros take: include them first.
#include <xapian.h>

#include "lexicalindex.h"
#include "textanalyzer.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcKb)

namespace {

// How much more a stem counts in the title and in a section heading than in
// the body (added to its within-document frequency).
constexpr int kTitleBoost = 3;
constexpr int kSectionBoost = 2;

const std::string kAnyChannel = "XCall";

std::string channelTerm(const QString &channel)
{
    return "XC" + channel.toStdString();
}

void addTerms(Xapian::Document &doc, const QString &text, int wdf)
{
    for (const QString &term : text::terms(text))
        doc.add_term(term.toStdString(), wdf);
}

} // namespace

namespace {
std::unique_ptr<Xapian::WritableDatabase> newDatabase()
{
    return std::make_unique<Xapian::WritableDatabase>(std::string(), Xapian::DB_BACKEND_INMEMORY);
}
} // namespace

LexicalIndex::LexicalIndex() : m_db(newDatabase()), m_headings(newDatabase()) {}

LexicalIndex::~LexicalIndex() = default;

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
    } catch (const Xapian::DocNotFoundError &) {
    } catch (const Xapian::Error &error) {
        qCWarning(lcKb) << "lexical index: cannot remove a chunk:" << error.get_msg().c_str();
    }
}

void LexicalIndex::clear()
{
    QMutexLocker locker(&m_mutex);
    m_db = newDatabase();
    m_headings = newDatabase();
}

QList<LexicalIndex::Hit> LexicalIndex::search(const QList<QStringList> &concepts, const QString &channel, int limit,
                                              Field field) const
{
    std::vector<Xapian::Query> parts;
    for (const QStringList &stems : concepts) {
        std::vector<Xapian::Query> alternatives;
        for (const QString &stem : stems)
            alternatives.emplace_back(stem.toStdString());
        if (!alternatives.empty())
            parts.emplace_back(Xapian::Query::OP_SYNONYM, alternatives.begin(), alternatives.end());
    }
    if (parts.empty() || limit <= 0)
        return {};
    Xapian::Query query(Xapian::Query::OP_OR, parts.begin(), parts.end());
    const Xapian::Query channels(Xapian::Query::OP_OR, Xapian::Query(kAnyChannel), Xapian::Query(channelTerm(channel)));
    query = Xapian::Query(Xapian::Query::OP_FILTER, query, channels);

    QList<Hit> hits;
    QMutexLocker locker(&m_mutex);
    try {
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

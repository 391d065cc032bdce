#include "wordnet.h"

#include <QDir>
#include <QList>
#include <cstring>

namespace {

const char *const kPartNames[] = {"noun", "verb", "adj", "adv"};

// WordNet's "morphy" detachment rules: the base forms an inflected word may
// have, per part of speech (noun, verb, adjective; adverbs do not inflect).
const QList<QPair<QLatin1String, QLatin1String>> &suffixRules(int part)
{
    static const QList<QPair<QLatin1String, QLatin1String>> noun{
        {QLatin1String("s"), QLatin1String("")},     {QLatin1String("ses"), QLatin1String("s")},
        {QLatin1String("xes"), QLatin1String("x")},  {QLatin1String("zes"), QLatin1String("z")},
        {QLatin1String("ches"), QLatin1String("ch")}, {QLatin1String("shes"), QLatin1String("sh")},
        {QLatin1String("men"), QLatin1String("man")}, {QLatin1String("ies"), QLatin1String("y")}};
    static const QList<QPair<QLatin1String, QLatin1String>> verb{
        {QLatin1String("s"), QLatin1String("")},   {QLatin1String("ies"), QLatin1String("y")},
        {QLatin1String("es"), QLatin1String("e")}, {QLatin1String("es"), QLatin1String("")},
        {QLatin1String("ed"), QLatin1String("e")}, {QLatin1String("ed"), QLatin1String("")},
        {QLatin1String("ing"), QLatin1String("e")}, {QLatin1String("ing"), QLatin1String("")}};
    static const QList<QPair<QLatin1String, QLatin1String>> adjective{
        {QLatin1String("er"), QLatin1String("")}, {QLatin1String("est"), QLatin1String("")},
        {QLatin1String("er"), QLatin1String("e")}, {QLatin1String("est"), QLatin1String("e")}};
    static const QList<QPair<QLatin1String, QLatin1String>> none;
    switch (part) {
    case 0: return noun;
    case 1: return verb;
    case 2: return adjective;
    default: return none;
    }
}

// The start of the line holding byte `position`.
qint64 lineStart(const char *text, qint64 position)
{
    while (position > 0 && text[position - 1] != '\n')
        --position;
    return position;
}

} // namespace

const WordNet &WordNet::instance()
{
    static const WordNet wordNet(qEnvironmentVariableIsSet("SUPPORTD_WORDNET_DIR")
                                     ? qEnvironmentVariable("SUPPORTD_WORDNET_DIR")
                                     : QStringLiteral("/usr/share/wordnet"));
    return wordNet;
}

WordNet::WordNet(const QString &directory)
{
    const QDir dir(directory);
    m_available = true;
    for (int i = 0; i < 4; ++i) {
        Part &part = m_parts[size_t(i)];
        part.indexFile = std::make_unique<QFile>(dir.filePath(QStringLiteral("index.%1").arg(QLatin1String(kPartNames[i]))));
        part.dataFile = std::make_unique<QFile>(dir.filePath(QStringLiteral("data.%1").arg(QLatin1String(kPartNames[i]))));
        if (!part.indexFile->open(QIODevice::ReadOnly) || !part.dataFile->open(QIODevice::ReadOnly)) {
            m_available = false;
            return;
        }
        part.indexSize = part.indexFile->size();
        part.dataSize = part.dataFile->size();
        part.index = reinterpret_cast<const char *>(part.indexFile->map(0, part.indexSize));
        part.data = reinterpret_cast<const char *>(part.dataFile->map(0, part.dataSize));
        if (!part.index || !part.data) {
            m_available = false;
            return;
        }
    }
}

QList<qint64> WordNet::senseOffsets(const Part &part, const QByteArray &lemma, int senses) const
{
    // Binary search over lines; the licence header lines start with spaces,
    // which sort before every lemma.
    qint64 low = 0, high = part.indexSize;
    while (low < high) {
        const qint64 middle = lineStart(part.index, (low + high) / 2);
        const char *line = part.index + middle;
        const char *end = static_cast<const char *>(std::memchr(line, '\n', size_t(part.indexSize - middle)));
        const qint64 lineLength = end ? end - line : part.indexSize - middle;
        const char *space = static_cast<const char *>(std::memchr(line, ' ', size_t(lineLength)));
        const QByteArray key(line, space ? space - line : lineLength);
        const int order = line[0] == ' ' ? -1 : key.compare(lemma);
        if (order == 0) {
            // lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...
            const QList<QByteArray> fields = QByteArray(line, lineLength).split(' ');
            if (fields.size() < 4)
                return {};
            const int synsets = fields.at(2).toInt();
            const int pointers = fields.at(3).toInt();
            const qsizetype first = 4 + pointers + 2;
            QList<qint64> offsets;
            for (qsizetype i = first; i < fields.size() && i < first + qMin(synsets, senses); ++i)
                offsets.append(fields.at(i).toLongLong());
            return offsets;
        }
        if (order < 0)
            low = middle + lineLength + 1;
        else
            high = middle;
    }
    return {};
}

QStringList WordNet::synsetWords(const Part &part, qint64 offset) const
{
    if (offset < 0 || offset >= part.dataSize)
        return {};
    const char *line = part.data + offset;
    const char *end = static_cast<const char *>(std::memchr(line, '\n', size_t(part.dataSize - offset)));
    // synset_offset lex_filenum ss_type w_cnt word lex_id [word lex_id...] ...
    const QList<QByteArray> fields = QByteArray(line, end ? end - line : part.dataSize - offset).split(' ');
    if (fields.size() < 4)
        return {};
    bool ok = false;
    const int count = fields.at(3).toInt(&ok, 16);
    QStringList words;
    for (int i = 0; ok && i < count && 4 + 2 * i < fields.size(); ++i) {
        QByteArray word = fields.at(4 + 2 * i);
        const qsizetype marker = word.indexOf('('); // adjective markers: "big(a)"
        if (marker >= 0)
            word.truncate(marker);
        if (!word.contains('_') && !word.contains('-'))
            words.append(QString::fromLatin1(word).toLower());
    }
    return words;
}

QStringList WordNet::synonyms(const QString &word, int senses) const
{
    if (!m_available || word.size() < 3 || senses < 1)
        return {};
    const QString key = QString::number(senses) + QLatin1Char(':') + word;
    {
        QReadLocker locker(&m_rememberedLock);
        const auto found = m_remembered.constFind(key);
        if (found != m_remembered.constEnd())
            return *found;
    }
    QStringList result = lookUp(word, senses);
    QWriteLocker locker(&m_rememberedLock);
    if (m_remembered.size() >= kMaxRemembered)
        m_remembered.clear();
    m_remembered.insert(key, result);
    return result;
}

QStringList WordNet::lookUp(const QString &word, int senses) const
{
    const QByteArray asked = word.toLower().toLatin1();
    QStringList result;
    for (int i = 0; i < 4; ++i) {
        const Part &part = m_parts[size_t(i)];
        QList<QByteArray> forms{asked};
        for (const auto &[suffix, replacement] : suffixRules(i)) {
            if (asked.endsWith(QByteArray(suffix.data(), suffix.size())) && asked.size() > suffix.size() + 2)
                forms.append(asked.chopped(suffix.size()) + QByteArray(replacement.data(), replacement.size()));
        }
        for (const QByteArray &form : std::as_const(forms)) {
            const QList<qint64> offsets = senseOffsets(part, form, senses);
            for (const qint64 offset : offsets) {
                for (const QString &synonym : synsetWords(part, offset)) {
                    if (synonym != QLatin1String(asked) && synonym != QLatin1String(form) && !result.contains(synonym))
                        result.append(synonym);
                }
            }
            if (!offsets.isEmpty())
                break; // the first form WordNet knows is the base form
        }
    }
    return result;
}

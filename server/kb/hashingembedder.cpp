#include "hashingembedder.h"
#include "textanalyzer.h"

#include <QHash>
#include <cmath>

namespace {

// Bump when the features change: the model id is stored with every vector.
constexpr int kFeatureVersion = 1;

quint64 fnv1a(const QString &feature)
{
    quint64 hash = 14695981039346656037ULL;
    for (const QChar c : feature) {
        hash ^= c.unicode();
        hash *= 1099511628211ULL;
    }
    return hash;
}

} // namespace

HashingEmbedder::HashingEmbedder(int dimensions) : m_dimensions(qBound(64, dimensions, 4096)) {}

QString HashingEmbedder::modelId() const
{
    return QStringLiteral("hashing-v%1-%2").arg(kFeatureVersion).arg(m_dimensions);
}

QList<QVector<float>> HashingEmbedder::embed(const QStringList &texts, QString *)
{
    QList<QVector<float>> vectors;
    vectors.reserve(texts.size());
    for (const QString &text : texts)
        vectors.append(embedOne(text));
    return vectors;
}

QVector<float> HashingEmbedder::embedOne(const QString &input) const
{
    QHash<QString, double> counts;
    QString previousStem;
    for (const QString &word : text::words(input)) {
        if (text::isStopWord(word)) {
            previousStem.clear();
            continue;
        }
        const QString stem = text::stem(word);
        counts[QLatin1String("w:") + stem] += 1.0;
        if (!previousStem.isEmpty())
            counts[QLatin1String("b:") + previousStem + QLatin1Char(' ') + stem] += 0.5;
        previousStem = stem;
        if (text::isNumber(word))
            continue;
        // Character 3- and 4-grams of the word with its boundaries marked, so
        // a word's beginning and end count, together worth about one stem.
        const QString marked = QLatin1Char('<') + word + QLatin1Char('>');
        QList<QString> grams;
        for (int n = 3; n <= 4; ++n) {
            for (qsizetype i = 0; i + n <= marked.size(); ++i)
                grams.append(marked.mid(i, n));
        }
        const double share = grams.isEmpty() ? 0 : 1.0 / std::sqrt(double(grams.size()));
        for (const QString &gram : std::as_const(grams))
            counts[QLatin1String("g:") + gram] += share;
    }

    QVector<float> vector(m_dimensions, 0.0f);
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        const quint64 hash = fnv1a(it.key());
        const double weight = it.value() <= 1.0 ? it.value() : 1.0 + std::log(it.value()); // repetition adds little
        const int slot = int(hash % quint64(m_dimensions));
        vector[slot] += float((hash >> 63) ? -weight : weight);
    }
    double norm = 0;
    for (const float value : std::as_const(vector))
        norm += double(value) * value;
    if (norm > 0) {
        const float scale = float(1.0 / std::sqrt(norm));
        for (float &value : vector)
            value *= scale;
    }
    return vector;
}

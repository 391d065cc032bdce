#pragma once
#include "embedder.h"

// The offline default embedder: no network, no model download. A text
// becomes a bag of features (Snowball stems, stem pairs of neighbouring
// words, and character n-grams of each word) hashed into a fixed number of
// dimensions with a sign bit (the "hashing trick"), weighted sub-linearly and
// L2-normalised. Cosine similarity of two such vectors measures shared
// vocabulary that survives inflection, compounding and typos ("striked" meets
// "strikethrough", "adress" meets "address") — what BM25's exact terms miss.
// Deterministic across runs and machines (FNV-1a, not qHash), so stored
// vectors stay valid.
class HashingEmbedder : public Embedder
{
public:
    explicit HashingEmbedder(int dimensions = 512);
    QString modelId() const override;
    QList<QVector<float>> embed(const QStringList &texts, QString *error) override;

    QVector<float> embedOne(const QString &text) const;

private:
    int m_dimensions;
};

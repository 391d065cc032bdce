#include "documentindexer.h"
#include "chunker.h"
#include "embedder.h"

namespace kb {

std::optional<IndexedDocument> prepareDocument(const KbDocument &doc, Embedder &embedder,
                                               const QHash<QString, KbChunk> &known, QString *error)
{
    IndexedDocument indexed{doc, chunkDocument(doc)};
    const QString model = embedder.modelId();
    QStringList texts;
    QList<qsizetype> missing;
    for (qsizetype i = 0; i < indexed.chunks.size(); ++i) {
        KbChunk &chunk = indexed.chunks[i];
        chunk.embeddingModel = model;
        const auto previous = known.constFind(chunk.id);
        if (previous != known.constEnd() && previous->embeddingModel == model && !previous->embedding.isEmpty()) {
            chunk.embedding = previous->embedding;
            continue;
        }
        texts.append(KbIndex::embeddingText(doc.title, chunk));
        missing.append(i);
    }
    if (texts.isEmpty())
        return indexed;
    QString embedError;
    const QList<QVector<float>> vectors = embedder.embed(texts, &embedError);
    if (vectors.size() != texts.size()) {
        if (error)
            *error = embedError.isEmpty() ? QStringLiteral("the embedder returned no vectors") : embedError;
        return std::nullopt;
    }
    for (qsizetype i = 0; i < missing.size(); ++i)
        indexed.chunks[missing.at(i)].embedding = vectors.at(i);
    return indexed;
}

} // namespace kb

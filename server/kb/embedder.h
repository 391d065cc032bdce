#pragma once
#include <QList>
#include <QString>
#include <QStringList>
#include <QVector>

// Turns texts into vectors for similarity search. Implementations: the
// offline HashingEmbedder (the default: no network, no model download) and
// OpenAiEmbedder (any OpenAI-compatible /v1/embeddings endpoint).
// Implementations are thread-safe and may block (network): call them from
// worker threads or command-line code, never from an event-loop thread.
class Embedder
{
public:
    virtual ~Embedder() = default;
    // Identifies the model and its settings; stored with every vector, so a
    // change of model re-embeds instead of mixing incomparable vectors.
    virtual QString modelId() const = 0;
    // One L2-normalised vector per text, in order; an empty list and *error
    // (a short message fit for an operator, never a secret) on failure.
    virtual QList<QVector<float>> embed(const QStringList &texts, QString *error) = 0;
};

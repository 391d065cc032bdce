#pragma once
#include <QString>
#include <memory>

class Embedder;

namespace kb {

// The embedder configuration asks for: an OpenAI-compatible service when
// SUPPORTD_EMBEDDINGS_BASE_URL and _MODEL are set (see EmbeddingConfig),
// else the offline HashingEmbedder. Null with *error on a bad configuration.
std::shared_ptr<Embedder> configuredEmbedder(QString *error);

} // namespace kb

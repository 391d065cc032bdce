#include "embedderfactory.h"
#include "hashingembedder.h"
#include "openaiembedder.h"

namespace kb {

std::shared_ptr<Embedder> configuredEmbedder(QString *error)
{
    QString configError;
    const EmbeddingConfig config = EmbeddingConfig::fromEnvironment(&configError);
    if (!configError.isEmpty()) {
        if (error)
            *error = configError;
        return nullptr;
    }
    if (config.isConfigured())
        return std::make_shared<OpenAiEmbedder>(config);
    return std::make_shared<HashingEmbedder>();
}

} // namespace kb

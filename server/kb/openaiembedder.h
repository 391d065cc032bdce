#pragma once
#include "kb/embedder.h"

#include <QString>

// Where and how to reach an OpenAI-compatible embeddings service.
//
// baseUrl is the API root including its version, as the OpenAI SDKs take it:
// "http://127.0.0.1:8000/v1" or "https://api.openai.com/v1" (a trailing slash
// is fine). Requests go to <baseUrl>/embeddings.
struct EmbeddingConfig
{
    QString baseUrl;
    QString model;
    QString apiKey;      // empty: no Authorization header (local servers)
    int timeoutMs = 10000; // per HTTP request
    int batchSize = 64;  // texts per request
    int dimensions = 0;  // 0 = whatever the server returns

    // Reads SUPPORTD_EMBEDDINGS_BASE_URL, SUPPORTD_EMBEDDINGS_MODEL,
    // SUPPORTD_EMBEDDINGS_API_KEY or SUPPORTD_EMBEDDINGS_API_KEY_FILE (the
    // file's contents, trimmed) and SUPPORTD_EMBEDDINGS_TIMEOUT_MS. On a bad
    // value (unreadable key file, both key variables, a timeout that is not a
    // positive number, a URL that is not http(s)) it returns a default,
    // unconfigured config and sets *error.
    static EmbeddingConfig fromEnvironment(QString *error = nullptr);

    bool isConfigured() const;
    // <baseUrl>/embeddings, or empty when baseUrl is not an http(s) URL.
    QString endpointUrl() const;
};

// Embeds through POST <baseUrl>/embeddings with libcurl, blocking. Each call
// uses its own curl handle, so one instance serves any number of threads.
// A 429, a 5xx or a timeout is retried once after 250 ms. Error messages never
// contain the API key, the texts, or what the service answered.
class OpenAiEmbedder : public Embedder
{
public:
    explicit OpenAiEmbedder(EmbeddingConfig config);

    // "openai-compatible:<model>", plus ":<dimensions>" when dimensions are set.
    QString modelId() const override;
    QList<QVector<float>> embed(const QStringList &texts, QString *error) override;

    const EmbeddingConfig &config() const { return m_config; }

    static constexpr int kRetryBackoffMs = 250;

private:
    EmbeddingConfig m_config;
};

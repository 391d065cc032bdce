#pragma once
#include <QByteArray>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

#include <optional>

// One OpenAI-compatible chat model the LLM brain may call.
struct ModelConfig
{
    QString role;     // "primary" | "fallback"
    QUrl baseUrl;     // the API root with its version, e.g. https://api.openai.com/v1
    QString model;
    QByteArray apiKey; // from an environment variable or a file; never stored, logged or described
    int timeoutMs = 15000;
    int maxTokens = 512;
    double inputPricePer1k = 0, outputPricePer1k = 0; // USD per 1k tokens

    // A base URL (http(s), host, no credentials, query or fragment), a model,
    // positive limits, non-negative prices and a key without control characters.
    bool isValid() const;
    // <baseUrl>/chat/completions
    QUrl chatCompletionsUrl() const;
    // USD for one call.
    double costOf(int inputTokens, int outputTokens) const;
    // For /admin and logs: everything but the key ("api_key": "set" | "unset").
    QJsonObject describe() const;
};

// Which models the LLM brain uses. From the "llm" object of a JSON config file:
//   {"llm": {"primary":  {"base_url": "https://api.openai.com/v1", "model": "gpt-4o-mini",
//                         "api_key_env": "OPENAI_API_KEY" | "api_key_file": "/run/secrets/openai",
//                         "timeout_ms": 15000, "max_tokens": 512,
//                         "price_per_1k_input": 0.00015, "price_per_1k_output": 0.0006},
//            "fallback": {...}}}
// then from the environment, which wins: SUPPORTD_LLM_BASE_URL, _MODEL,
// _API_KEY or _API_KEY_FILE, _TIMEOUT_MS, _MAX_TOKENS, _PRICE_INPUT_PER_1K,
// _PRICE_OUTPUT_PER_1K, and the same with SUPPORTD_LLM_FALLBACK_ for the
// fallback. A model with neither base URL nor model is not configured; with no
// primary the rules brain stays the default.
struct LlmConfig
{
    std::optional<ModelConfig> primary, fallback;

    bool enabled() const { return primary.has_value(); }

    // Reads configFile (may be empty: environment only; other top-level keys
    // are ignored), then the environment. Returns false with a one-line error
    // naming the setting (never key material) on an unreadable or invalid
    // file, a bad URL, a non-numeric or out-of-range value, an unreadable or
    // empty key file, a key set twice, or a fallback without a primary.
    static bool load(const QString &configFile, const QProcessEnvironment &env, LlmConfig *out, QString *error);

    QJsonObject describe() const; // {"primary": {...} | null, "fallback": {...} | null}
};

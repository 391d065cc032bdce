#include "openaiembedder.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QThread>
#include <QUrl>

#include <curl/curl.h>

#include <cmath>
#include <memory>
#include <mutex>

Q_LOGGING_CATEGORY(lcEmbeddings, "supportd.embeddings")

namespace {

constexpr qsizetype kMaxResponseBytes = 64 * 1024 * 1024;
constexpr int kMaxConnectTimeoutMs = 5000;

void ensureCurlInitialised()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

size_t appendToBuffer(char *data, size_t size, size_t count, void *userData)
{
    auto *buffer = static_cast<QByteArray *>(userData);
    const size_t bytes = size * count;
    if (buffer->size() + qsizetype(bytes) > kMaxResponseBytes)
        return 0; // curl then fails with CURLE_WRITE_ERROR
    buffer->append(data, qsizetype(bytes));
    return bytes;
}

struct CurlDeleter
{
    void operator()(CURL *handle) const { curl_easy_cleanup(handle); }
};
struct SlistDeleter
{
    void operator()(curl_slist *list) const { curl_slist_free_all(list); }
};

bool hasControlCharacters(const QString &text)
{
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return true;
    }
    return false;
}

struct Attempt
{
    enum Outcome { Ok, Retryable, Failed };
    Outcome outcome = Failed;
    QByteArray body;
    QString error;
};

// One POST on an already configured handle. Only fixed, operator-facing
// messages come out of here: never the key, the request or the answer's body.
Attempt post(CURL *curl, const QByteArray &body, bool haveKey)
{
    Attempt attempt;
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.constData());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.size()));
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &attempt.body);

    const CURLcode code = curl_easy_perform(curl);
    switch (code) {
    case CURLE_OK:
        break;
    case CURLE_OPERATION_TIMEDOUT:
        attempt.outcome = Attempt::Retryable;
        attempt.error = QStringLiteral("embedding service timed out");
        return attempt;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
        attempt.error = QStringLiteral("could not reach the embedding service");
        return attempt;
    case CURLE_WRITE_ERROR:
        attempt.error = QStringLiteral("embedding service answered more than %1 MiB").arg(kMaxResponseBytes >> 20);
        return attempt;
    default:
        attempt.error = QStringLiteral("embedding service request failed (%1)").arg(QString::fromUtf8(curl_easy_strerror(code)));
        return attempt;
    }

    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    if (status >= 200 && status < 300) {
        attempt.outcome = Attempt::Ok;
    } else if (status == 401) {
        attempt.error = haveKey ? QStringLiteral("embedding service rejected the API key (401)")
                                : QStringLiteral("embedding service requires an API key (401)");
    } else if (status == 403) {
        attempt.error = QStringLiteral("embedding service refused access (403)");
    } else if (status == 404) {
        attempt.error = QStringLiteral("embedding service answered HTTP 404: check the base URL (like http://host:port/v1) and the model");
    } else if (status == 429) {
        attempt.outcome = Attempt::Retryable;
        attempt.error = QStringLiteral("embedding service is rate limiting (HTTP 429)");
    } else if (status >= 500) {
        attempt.outcome = Attempt::Retryable;
        attempt.error = QStringLiteral("embedding service failed with HTTP %1").arg(status);
    } else {
        attempt.error = QStringLiteral("embedding service rejected the request with HTTP %1").arg(status);
    }
    return attempt;
}

// Appends the batch's vectors, in input order and L2-normalised, to *out.
// *dimensions is 0 until the first vector fixes it; requested is what the
// config asked for (0: anything).
bool parseEmbeddings(const QByteArray &body, qsizetype expectedCount, int requested, int *dimensions,
                     QList<QVector<float>> *out, QString *error)
{
    const QString malformed = QStringLiteral("embedding service answered malformed JSON");
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    const QJsonValue dataValue = document.object().value(QLatin1String("data"));
    if (parseError.error != QJsonParseError::NoError || !document.isObject() || !dataValue.isArray()) {
        *error = malformed;
        return false;
    }
    const QJsonArray data = dataValue.toArray();
    if (data.size() != expectedCount) {
        *error = QStringLiteral("embedding service answered %1 vectors for %2 texts").arg(data.size()).arg(expectedCount);
        return false;
    }

    QList<QVector<float>> vectors(expectedCount);
    QList<bool> seen(expectedCount, false);
    for (qsizetype position = 0; position < data.size(); ++position) {
        const QJsonObject item = data.at(position).toObject();
        const QJsonValue indexValue = item.value(QLatin1String("index"));
        const QJsonValue embeddingValue = item.value(QLatin1String("embedding"));
        if (!embeddingValue.isArray() || !(indexValue.isUndefined() || indexValue.isDouble())) {
            *error = malformed; // also a base64 string from a server that ignored encoding_format
            return false;
        }
        const double indexNumber = indexValue.isUndefined() ? double(position) : indexValue.toDouble();
        if (indexNumber != std::floor(indexNumber) || indexNumber < 0 || indexNumber >= double(expectedCount)
            || seen.at(qsizetype(indexNumber))) {
            *error = QStringLiteral("embedding service answered duplicate or out-of-range indexes");
            return false;
        }
        const qsizetype index = qsizetype(indexNumber);
        seen[index] = true;

        const QJsonArray numbers = embeddingValue.toArray();
        if (numbers.isEmpty()) {
            *error = QStringLiteral("embedding service answered an empty vector");
            return false;
        }
        if (requested > 0 && numbers.size() != requested) {
            *error = QStringLiteral("embedding service answered %1-dimensional vectors, %2 dimensions were requested")
                         .arg(numbers.size()).arg(requested);
            return false;
        }
        if (*dimensions > 0 && numbers.size() != *dimensions) {
            *error = QStringLiteral("embedding service answered vectors of different dimensions (%1 and %2)")
                         .arg(*dimensions).arg(numbers.size());
            return false;
        }
        *dimensions = int(numbers.size());

        QVector<double> values;
        values.reserve(numbers.size());
        double squares = 0;
        for (const QJsonValue &number : numbers) {
            const double value = number.toDouble(std::nan(""));
            if (!number.isDouble() || !std::isfinite(value)) {
                *error = malformed;
                return false;
            }
            values.append(value);
            squares += value * value;
        }
        const double norm = std::sqrt(squares);
        if (!(norm > 0) || !std::isfinite(norm)) {
            *error = QStringLiteral("embedding service answered a vector that cannot be normalised");
            return false;
        }
        QVector<float> &vector = vectors[index];
        vector.reserve(values.size());
        for (const double value : values)
            vector.append(float(value / norm));
    }
    out->append(vectors);
    return true;
}

} // namespace

EmbeddingConfig EmbeddingConfig::fromEnvironment(QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return EmbeddingConfig{};
    };
    if (error)
        error->clear();

    EmbeddingConfig config;
    config.baseUrl = qEnvironmentVariable("SUPPORTD_EMBEDDINGS_BASE_URL").trimmed();
    config.model = qEnvironmentVariable("SUPPORTD_EMBEDDINGS_MODEL").trimmed();
    if (config.baseUrl.isEmpty() != config.model.isEmpty())
        return fail(QStringLiteral("set both SUPPORTD_EMBEDDINGS_BASE_URL and SUPPORTD_EMBEDDINGS_MODEL, or neither"));
    if (!config.baseUrl.isEmpty() && config.endpointUrl().isEmpty())
        return fail(QStringLiteral("SUPPORTD_EMBEDDINGS_BASE_URL must be an http:// or https:// URL like http://host:port/v1"));

    const QString key = qEnvironmentVariable("SUPPORTD_EMBEDDINGS_API_KEY").trimmed();
    const QString keyFile = qEnvironmentVariable("SUPPORTD_EMBEDDINGS_API_KEY_FILE");
    if (!key.isEmpty() && !keyFile.isEmpty())
        return fail(QStringLiteral("set SUPPORTD_EMBEDDINGS_API_KEY or SUPPORTD_EMBEDDINGS_API_KEY_FILE, not both"));
    if (!keyFile.isEmpty()) {
        QFile file(keyFile);
        if (!file.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("cannot read SUPPORTD_EMBEDDINGS_API_KEY_FILE %1: %2").arg(keyFile, file.errorString()));
        config.apiKey = QString::fromUtf8(file.read(64 * 1024)).trimmed();
        if (config.apiKey.isEmpty())
            return fail(QStringLiteral("SUPPORTD_EMBEDDINGS_API_KEY_FILE %1 is empty").arg(keyFile));
    } else {
        config.apiKey = key;
    }
    if (hasControlCharacters(config.apiKey))
        return fail(QStringLiteral("the embeddings API key contains control characters"));

    const QString timeout = qEnvironmentVariable("SUPPORTD_EMBEDDINGS_TIMEOUT_MS").trimmed();
    if (!timeout.isEmpty()) {
        bool ok = false;
        const int value = timeout.toInt(&ok);
        if (!ok || value <= 0)
            return fail(QStringLiteral("SUPPORTD_EMBEDDINGS_TIMEOUT_MS must be a positive number of milliseconds"));
        config.timeoutMs = value;
    }
    return config;
}

bool EmbeddingConfig::isConfigured() const
{
    return !baseUrl.trimmed().isEmpty() && !model.trimmed().isEmpty();
}

QString EmbeddingConfig::endpointUrl() const
{
    QString base = baseUrl.trimmed();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    const QUrl url(base, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")) || url.host().isEmpty()
        || url.hasQuery() || url.hasFragment())
        return {};
    return base + QStringLiteral("/embeddings");
}

OpenAiEmbedder::OpenAiEmbedder(EmbeddingConfig config)
    : m_config(std::move(config))
{
}

QString OpenAiEmbedder::modelId() const
{
    QString id = QStringLiteral("openai-compatible:") + m_config.model;
    if (m_config.dimensions > 0)
        id += QLatin1Char(':') + QString::number(m_config.dimensions);
    return id;
}

QList<QVector<float>> OpenAiEmbedder::embed(const QStringList &texts, QString *error)
{
    QString ignored;
    QString &message = error ? *error : ignored;
    message.clear();
    if (texts.isEmpty())
        return {};
    if (!m_config.isConfigured()) {
        message = QStringLiteral("embeddings are not configured (base URL and model)");
        return {};
    }
    const QByteArray url = m_config.endpointUrl().toUtf8();
    if (url.isEmpty()) {
        message = QStringLiteral("the embedding service URL is not an http(s) URL like http://host:port/v1");
        return {};
    }
    if (hasControlCharacters(m_config.apiKey)) {
        message = QStringLiteral("the embeddings API key contains control characters");
        return {};
    }

    ensureCurlInitialised();
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) {
        message = QStringLiteral("cannot start an HTTP client for the embedding service");
        return {};
    }
    const bool haveKey = !m_config.apiKey.isEmpty();
    curl_slist *rawHeaders = nullptr;
    rawHeaders = curl_slist_append(rawHeaders, "Content-Type: application/json");
    rawHeaders = curl_slist_append(rawHeaders, "Accept: application/json");
    rawHeaders = curl_slist_append(rawHeaders, "Expect:"); // no 100-continue round trip for large batches
    if (haveKey)
        rawHeaders = curl_slist_append(rawHeaders, QByteArray("Authorization: Bearer " + m_config.apiKey.toUtf8()).constData());
    std::unique_ptr<curl_slist, SlistDeleter> headers(rawHeaders);

    const long timeoutMs = qMax(1, m_config.timeoutMs);
    CURL *handle = curl.get();
    curl_easy_setopt(handle, CURLOPT_URL, url.constData());
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(handle, CURLOPT_POST, 1L);
    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, appendToBuffer);
    curl_easy_setopt(handle, CURLOPT_TIMEOUT_MS, timeoutMs);
    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, qMin(timeoutMs, long(kMaxConnectTimeoutMs)));
    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L); // required when several threads use curl
    curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L); // a redirect must not carry the key elsewhere
    curl_easy_setopt(handle, CURLOPT_USERAGENT, "supportd/" SUPPORT_VERSION);
#if LIBCURL_VERSION_NUM >= 0x075500
    curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    curl_easy_setopt(handle, CURLOPT_PROTOCOLS, long(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif

    const qsizetype batchSize = qMax(1, m_config.batchSize);
    int dimensions = 0;
    QList<QVector<float>> vectors;
    vectors.reserve(texts.size());
    for (qsizetype start = 0; start < texts.size(); start += batchSize) {
        const QStringList batch = texts.mid(start, batchSize);
        QJsonObject request{{QStringLiteral("model"), m_config.model},
                            {QStringLiteral("input"), QJsonArray::fromStringList(batch)},
                            {QStringLiteral("encoding_format"), QStringLiteral("float")}};
        if (m_config.dimensions > 0)
            request.insert(QStringLiteral("dimensions"), m_config.dimensions);
        const QByteArray body = QJsonDocument(request).toJson(QJsonDocument::Compact);

        Attempt attempt = post(handle, body, haveKey);
        if (attempt.outcome == Attempt::Retryable) {
            qCInfo(lcEmbeddings) << "retrying once:" << attempt.error;
            QThread::msleep(kRetryBackoffMs);
            attempt = post(handle, body, haveKey);
        }
        if (attempt.outcome != Attempt::Ok) {
            message = attempt.error;
            return {};
        }
        if (!parseEmbeddings(attempt.body, batch.size(), m_config.dimensions, &dimensions, &vectors, &message))
            return {};
    }
    return vectors;
}

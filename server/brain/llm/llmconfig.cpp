#include "llmconfig.h"

#include "auth/secrets.h"
#include "config/configfile.h"


#include <cmath>
#include <tuple>

namespace {

constexpr int kMaxTimeoutMs = 600000;
constexpr int kMaxMaxTokens = 1000000;

const QStringList &knownModelKeys()
{
    static const QStringList keys{QStringLiteral("base_url"),           QStringLiteral("model"),
                                  QStringLiteral("api_key_env"),        QStringLiteral("api_key_file"),
                                  QStringLiteral("timeout_ms"),         QStringLiteral("max_tokens"),
                                  QStringLiteral("price_per_1k_input"), QStringLiteral("price_per_1k_output")};
    return keys;
}

bool hasControlCharacters(const QByteArray &text)
{
    for (const char c : text) {
        if (uchar(c) < 0x20 || uchar(c) == 0x7f)
            return true;
    }
    return false;
}

// The API root as clients take it: http(s), a host, nothing that could carry
// credentials or confuse the path we append. Trailing slashes dropped.
std::optional<QUrl> parseBaseUrl(const QString &text)
{
    QString trimmed = text.trimmed();
    while (trimmed.endsWith(QLatin1Char('/')))
        trimmed.chop(1);
    const QUrl url(trimmed, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (trimmed.isEmpty() || !url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        || url.host().isEmpty() || !url.userInfo().isEmpty() || url.hasQuery() || url.hasFragment())
        return std::nullopt;
    return url;
}

QString baseUrlProblem(const QString &setting)
{
    // The value itself is not repeated: it might hold credentials.
    return QStringLiteral("%1 must be an http:// or https:// URL like https://api.openai.com/v1 "
                          "(no credentials, query or fragment)")
        .arg(setting);
}

struct IntRange
{
    int min;
    int max;
    const char *unit;
};

QString intProblem(const QString &setting, IntRange range)
{
    return QStringLiteral("%1 must be a whole number of %2 from %3 to %4").arg(setting, QLatin1String(range.unit)).arg(range.min).arg(range.max);
}

QString priceProblem(const QString &setting)
{
    return QStringLiteral("%1 must be a number of US dollars per 1000 tokens, 0 or more").arg(setting);
}

constexpr IntRange kTimeoutRange{1, kMaxTimeoutMs, "milliseconds"};
constexpr IntRange kMaxTokensRange{1, kMaxMaxTokens, "tokens"};

// Builds one model's config from its file object (may be empty) and then the
// environment variables with `prefix`.
class ModelLoader
{
public:
    ModelLoader(QString role, QString fileWhere, QString prefix, const QProcessEnvironment &env)
        : m_fileWhere(std::move(fileWhere))
        , m_prefix(std::move(prefix))
        , m_env(env)
    {
        m_config.role = std::move(role);
    }

    // Returns false with *error set; *out stays empty when no model is named.
    bool load(const QJsonObject &file, std::optional<ModelConfig> *out, QString *error)
    {
        m_error = error;
        QString keyEnvName, keyFile;
        if (!readFile(file, &keyEnvName, &keyFile) || !readEnvironment() || !readKey(keyEnvName, keyFile))
            return false;

        const bool haveUrl = !m_baseUrlText.isEmpty(), haveModel = !m_config.model.isEmpty();
        if (!haveUrl && !haveModel) {
            out->reset();
            return true;
        }
        if (haveUrl != haveModel)
            return fail(QStringLiteral("the %1 LLM model needs both a base URL (%2BASE_URL%3) and a model (%2MODEL%4), or neither")
                            .arg(m_config.role, m_prefix, fileHint(QStringLiteral("base_url")), fileHint(QStringLiteral("model"))));
        const auto url = parseBaseUrl(m_baseUrlText);
        if (!url)
            return fail(baseUrlProblem(m_baseUrlFrom));
        m_config.baseUrl = *url;
        if (hasControlCharacters(m_config.apiKey))
            return fail(QStringLiteral("the %1 LLM API key contains control characters").arg(m_config.role));
        *out = m_config;
        return true;
    }

private:
    bool fail(const QString &message)
    {
        *m_error = message;
        return false;
    }

    QString fileSetting(const QString &key) const { return m_fileWhere + QLatin1Char('.') + key; }
    QString fileHint(const QString &key) const
    {
        return m_fileWhere.isEmpty() ? QString() : QStringLiteral(" or ") + fileSetting(key);
    }

    bool readFile(const QJsonObject &file, QString *keyEnvName, QString *keyFile)
    {
        for (auto it = file.begin(); it != file.end(); ++it) {
            if (!knownModelKeys().contains(it.key()))
                return fail(QStringLiteral("%1: unknown setting \"%2\" (known: %3)")
                                .arg(m_fileWhere, it.key(), knownModelKeys().join(QStringLiteral(", "))));
        }
        auto string = [&](const QString &key, QString *target) {
            const QJsonValue value = file.value(key);
            if (value.isUndefined() || value.isNull())
                return true;
            if (!value.isString())
                return fail(QStringLiteral("%1 must be a string").arg(fileSetting(key)));
            *target = value.toString().trimmed();
            return true;
        };
        auto integer = [&](const QString &key, IntRange range, int *target) {
            const QJsonValue value = file.value(key);
            if (value.isUndefined() || value.isNull())
                return true;
            const double number = value.toDouble(std::nan(""));
            if (!value.isDouble() || number != std::floor(number) || number < range.min || number > range.max)
                return fail(intProblem(fileSetting(key), range));
            *target = int(number);
            return true;
        };
        auto price = [&](const QString &key, double *target) {
            const QJsonValue value = file.value(key);
            if (value.isUndefined() || value.isNull())
                return true;
            const double number = value.toDouble(std::nan(""));
            if (!value.isDouble() || !std::isfinite(number) || number < 0)
                return fail(priceProblem(fileSetting(key)));
            *target = number;
            return true;
        };
        if (!string(QStringLiteral("base_url"), &m_baseUrlText) || !string(QStringLiteral("model"), &m_config.model)
            || !string(QStringLiteral("api_key_env"), keyEnvName) || !string(QStringLiteral("api_key_file"), keyFile)
            || !integer(QStringLiteral("timeout_ms"), kTimeoutRange, &m_config.timeoutMs)
            || !integer(QStringLiteral("max_tokens"), kMaxTokensRange, &m_config.maxTokens)
            || !price(QStringLiteral("price_per_1k_input"), &m_config.inputPricePer1k)
            || !price(QStringLiteral("price_per_1k_output"), &m_config.outputPricePer1k))
            return false;
        m_baseUrlFrom = fileSetting(QStringLiteral("base_url"));
        if (!keyEnvName->isEmpty() && !keyFile->isEmpty())
            return fail(QStringLiteral("set %1 or %2, not both").arg(fileSetting(QStringLiteral("api_key_env")),
                                                                     fileSetting(QStringLiteral("api_key_file"))));
        return true;
    }

    bool readEnvironment()
    {
        auto variable = [&](const char *suffix, QString *name) {
            *name = m_prefix + QLatin1String(suffix);
            return m_env.value(*name).trimmed();
        };
        QString name;
        if (const QString value = variable("BASE_URL", &name); !value.isEmpty()) {
            m_baseUrlText = value;
            m_baseUrlFrom = name;
        }
        if (const QString value = variable("MODEL", &name); !value.isEmpty())
            m_config.model = value;
        for (const auto &[suffix, range, target] :
             {std::tuple{"TIMEOUT_MS", kTimeoutRange, &m_config.timeoutMs}, std::tuple{"MAX_TOKENS", kMaxTokensRange, &m_config.maxTokens}}) {
            const QString value = variable(suffix, &name);
            if (value.isEmpty())
                continue;
            bool ok = false;
            const int number = value.toInt(&ok);
            if (!ok || number < range.min || number > range.max)
                return fail(intProblem(name, range));
            *target = number;
        }
        for (const auto &[suffix, target] : {std::pair{"PRICE_INPUT_PER_1K", &m_config.inputPricePer1k},
                                             std::pair{"PRICE_OUTPUT_PER_1K", &m_config.outputPricePer1k}}) {
            const QString value = variable(suffix, &name);
            if (value.isEmpty())
                continue;
            bool ok = false;
            const double number = value.toDouble(&ok);
            if (!ok || !std::isfinite(number) || number < 0)
                return fail(priceProblem(name));
            *target = number;
        }
        return true;
    }

    // The environment's key wins over the file's key source.
    bool readKey(const QString &keyEnvName, const QString &keyFile)
    {
        QString problem;
        const QString variable = m_prefix + QStringLiteral("API_KEY");
        const auto fromEnvironment = secrets::fromEnvironment(m_env, variable, &problem);
        if (!fromEnvironment)
            return fail(problem);
        if (!m_env.value(variable + QStringLiteral("_FILE")).isEmpty() && fromEnvironment->isEmpty())
            return fail(QStringLiteral("%1_FILE names an empty file").arg(variable));
        if (!fromEnvironment->isEmpty()) {
            m_config.apiKey = fromEnvironment->toUtf8();
            return true;
        }
        if (!keyEnvName.isEmpty()) {
            const QString key = m_env.value(keyEnvName).trimmed();
            if (key.isEmpty())
                return fail(QStringLiteral("%1 names the environment variable %2, which is not set")
                                .arg(fileSetting(QStringLiteral("api_key_env")), keyEnvName));
            m_config.apiKey = key.toUtf8();
        } else if (!keyFile.isEmpty()) {
            const QString setting = fileSetting(QStringLiteral("api_key_file"));
            const auto key = secrets::fromFile(keyFile, setting, &problem);
            if (!key)
                return fail(problem);
            if (key->isEmpty())
                return fail(QStringLiteral("%1 names an empty file (%2)").arg(setting, keyFile));
            m_config.apiKey = key->toUtf8();
        }
        return true;
    }

    ModelConfig m_config;
    QString m_fileWhere; // "<file>: llm.primary"
    QString m_prefix;    // "SUPPORTD_LLM_"
    const QProcessEnvironment &m_env;
    QString m_baseUrlText;
    QString m_baseUrlFrom;
    QString *m_error = nullptr;
};

bool readLlmObject(const QString &configFile, QJsonObject *llm, QString *error)
{
    QJsonObject root;
    if (!configfile::read(configFile, &root, error))
        return false;
    const QJsonValue value = root.value(QLatin1String("llm"));
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isObject()) {
        *error = QStringLiteral("%1: \"llm\" must be an object with \"primary\" and optionally \"fallback\"").arg(configFile);
        return false;
    }
    *llm = value.toObject();
    for (auto it = llm->begin(); it != llm->end(); ++it) {
        if (it.key() != QLatin1String("primary") && it.key() != QLatin1String("fallback")) {
            *error = QStringLiteral("%1: unknown setting llm.%2 (known: primary, fallback)").arg(configFile, it.key());
            return false;
        }
        if (!it.value().isObject() && !it.value().isNull()) {
            *error = QStringLiteral("%1: llm.%2 must be an object").arg(configFile, it.key());
            return false;
        }
    }
    return true;
}

} // namespace

bool ModelConfig::isValid() const
{
    return parseBaseUrl(baseUrl.toString()).has_value() && !model.trimmed().isEmpty() && timeoutMs > 0 && maxTokens > 0
           && std::isfinite(inputPricePer1k) && inputPricePer1k >= 0 && std::isfinite(outputPricePer1k)
           && outputPricePer1k >= 0 && !hasControlCharacters(apiKey);
}

QUrl ModelConfig::chatCompletionsUrl() const
{
    QString base = baseUrl.toString(QUrl::FullyEncoded);
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    return QUrl(base + QStringLiteral("/chat/completions"));
}

double ModelConfig::costOf(int inputTokens, int outputTokens) const
{
    return qMax(0, inputTokens) / 1000.0 * inputPricePer1k + qMax(0, outputTokens) / 1000.0 * outputPricePer1k;
}

QJsonObject ModelConfig::describe() const
{
    return QJsonObject{{QStringLiteral("role"), role},
                       {QStringLiteral("base_url"), baseUrl.toString(QUrl::RemoveUserInfo)},
                       {QStringLiteral("model"), model},
                       {QStringLiteral("api_key"), apiKey.isEmpty() ? QStringLiteral("unset") : QStringLiteral("set")},
                       {QStringLiteral("timeout_ms"), timeoutMs},
                       {QStringLiteral("max_tokens"), maxTokens},
                       {QStringLiteral("price_per_1k_input"), inputPricePer1k},
                       {QStringLiteral("price_per_1k_output"), outputPricePer1k}};
}

bool LlmConfig::load(const QString &configFile, const QProcessEnvironment &env, LlmConfig *out, QString *error)
{
    QString ignored;
    QString &message = error ? *error : ignored;
    message.clear();

    QJsonObject llm;
    if (!readLlmObject(configFile, &llm, &message))
        return false;
    const QString where = configFile.isEmpty() ? QString() : configFile + QStringLiteral(": llm.");

    LlmConfig config;
    ModelLoader primary(QStringLiteral("primary"), where.isEmpty() ? QString() : where + QStringLiteral("primary"),
                        QStringLiteral("SUPPORTD_LLM_"), env);
    if (!primary.load(llm.value(QLatin1String("primary")).toObject(), &config.primary, &message))
        return false;
    ModelLoader fallback(QStringLiteral("fallback"), where.isEmpty() ? QString() : where + QStringLiteral("fallback"),
                         QStringLiteral("SUPPORTD_LLM_FALLBACK_"), env);
    if (!fallback.load(llm.value(QLatin1String("fallback")).toObject(), &config.fallback, &message))
        return false;
    if (config.fallback && !config.primary) {
        message = QStringLiteral("a fallback LLM model is configured without a primary one "
                                 "(SUPPORTD_LLM_BASE_URL and SUPPORTD_LLM_MODEL, or llm.primary in the config file)");
        return false;
    }
    *out = config;
    return true;
}

QJsonObject LlmConfig::describe() const
{
    return QJsonObject{{QStringLiteral("primary"), primary ? QJsonValue(primary->describe()) : QJsonValue()},
                       {QStringLiteral("fallback"), fallback ? QJsonValue(fallback->describe()) : QJsonValue()}};
}

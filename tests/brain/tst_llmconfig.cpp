#include "brain/llm/llmconfig.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

// Which LLM models supportd uses: the config file, the environment over it,
// and a clear one-line error (never with key material) for each bad input.

// No raw string literals here: moc 6.4 reads them as plain strings, and a
// quote count, "//" or backslash in one makes it skip the test class.

namespace {

const QByteArray kKey = "sk-test-5ecr3t-DO-NOT-LEAK";
const QByteArray kFallbackKey = "sk-fallback-h1dden-DO-NOT-LEAK";

using Variables = QList<QPair<QString, QString>>;

QProcessEnvironment environment(const Variables &variables)
{
    QProcessEnvironment env;
    for (const auto &[name, value] : variables)
        env.insert(name, value);
    return env;
}

} // namespace

class TestLlmConfig : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString writeFile(const QString &name, const QByteArray &contents)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(contents) != contents.size())
            qFatal("cannot write %s", qPrintable(path));
        return path;
    }

    QString fullConfigFile()
    {
        const QJsonObject primary{{QStringLiteral("base_url"), QStringLiteral("https://api.openai.com/v1/")},
                                  {QStringLiteral("model"), QStringLiteral("gpt-4o-mini")},
                                  {QStringLiteral("api_key_env"), QStringLiteral("OPENAI_API_KEY")},
                                  {QStringLiteral("timeout_ms"), 12000},
                                  {QStringLiteral("max_tokens"), 400},
                                  {QStringLiteral("price_per_1k_input"), 0.00015},
                                  {QStringLiteral("price_per_1k_output"), 0.0006}};
        const QJsonObject fallback{{QStringLiteral("base_url"), QStringLiteral("http://127.0.0.1:8000/v1")},
                                   {QStringLiteral("model"), QStringLiteral("local-llama")},
                                   {QStringLiteral("api_key_file"), m_dir.filePath(QStringLiteral("fallback.key"))},
                                   {QStringLiteral("timeout_ms"), 20000}};
        const QJsonObject file{{QStringLiteral("http"), QJsonObject{{QStringLiteral("port"), 8080}}},
                               {QStringLiteral("llm"), QJsonObject{{QStringLiteral("primary"), primary},
                                                                   {QStringLiteral("fallback"), fallback}}}};
        return writeFile(QStringLiteral("full.json"), QJsonDocument(file).toJson());
    }

    static QByteArray primaryFile(const QString &baseUrl, const QString &keySetting = {}, const QString &keyValue = {})
    {
        QJsonObject primary{{QStringLiteral("base_url"), baseUrl}, {QStringLiteral("model"), QStringLiteral("m")}};
        if (!keySetting.isEmpty())
            primary.insert(keySetting, keyValue);
        return QJsonDocument(QJsonObject{{QStringLiteral("llm"), QJsonObject{{QStringLiteral("primary"), primary}}}}).toJson();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        writeFile(QStringLiteral("fallback.key"), kFallbackKey + "\n");
        writeFile(QStringLiteral("primary.key"), "  " + kKey + "\r\n");
        writeFile(QStringLiteral("empty.key"), "\n");
    }

    void nothingConfiguredKeepsTheRulesBrain()
    {
        LlmConfig config;
        QString error;
        QVERIFY2(LlmConfig::load(QString(), QProcessEnvironment(), &config, &error), qPrintable(error));
        QVERIFY(!config.enabled());
        QVERIFY(!config.fallback);
        // A file without "llm", and a stray key alone, configure nothing either.
        const QString other = writeFile(QStringLiteral("other.json"), "{\"http\": {\"port\": 1}}");
        QVERIFY2(LlmConfig::load(other, environment({{QStringLiteral("SUPPORTD_LLM_API_KEY"), QString::fromUtf8(kKey)}}),
                                 &config, &error),
                 qPrintable(error));
        QVERIFY(!config.enabled());
    }

    void readsTheFile()
    {
        LlmConfig config;
        QString error;
        QVERIFY2(LlmConfig::load(fullConfigFile(), environment({{QStringLiteral("OPENAI_API_KEY"), QString::fromUtf8(kKey)}}),
                                 &config, &error),
                 qPrintable(error));
        QVERIFY(config.enabled());
        const ModelConfig &primary = *config.primary;
        QCOMPARE(primary.role, QStringLiteral("primary"));
        QCOMPARE(primary.baseUrl, QUrl(QStringLiteral("https://api.openai.com/v1")));
        QCOMPARE(primary.chatCompletionsUrl(), QUrl(QStringLiteral("https://api.openai.com/v1/chat/completions")));
        QCOMPARE(primary.model, QStringLiteral("gpt-4o-mini"));
        QCOMPARE(primary.apiKey, kKey);
        QCOMPARE(primary.timeoutMs, 12000);
        QCOMPARE(primary.maxTokens, 400);
        QCOMPARE(primary.inputPricePer1k, 0.00015);
        QCOMPARE(primary.outputPricePer1k, 0.0006);
        QVERIFY(primary.isValid());

        QVERIFY(config.fallback);
        const ModelConfig &fallback = *config.fallback;
        QCOMPARE(fallback.role, QStringLiteral("fallback"));
        QCOMPARE(fallback.chatCompletionsUrl(), QUrl(QStringLiteral("http://127.0.0.1:8000/v1/chat/completions")));
        QCOMPARE(fallback.apiKey, kFallbackKey); // trimmed
        QCOMPARE(fallback.timeoutMs, 20000);
        QCOMPARE(fallback.maxTokens, 512); // default
        QCOMPARE(fallback.inputPricePer1k, 0.0);
    }

    void environmentOverridesTheFile_data()
    {
        QTest::addColumn<QString>("variable");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("expected");

        QTest::newRow("base url") << "SUPPORTD_LLM_BASE_URL" << "https://llm.example/v1" << "base_url" << "https://llm.example/v1";
        QTest::newRow("model") << "SUPPORTD_LLM_MODEL" << "gpt-4.1" << "model" << "gpt-4.1";
        QTest::newRow("timeout") << "SUPPORTD_LLM_TIMEOUT_MS" << " 3000 " << "timeout_ms" << "3000";
        QTest::newRow("max tokens") << "SUPPORTD_LLM_MAX_TOKENS" << "64" << "max_tokens" << "64";
        QTest::newRow("input price") << "SUPPORTD_LLM_PRICE_INPUT_PER_1K" << "0.5" << "price_per_1k_input" << "0.5";
        QTest::newRow("output price") << "SUPPORTD_LLM_PRICE_OUTPUT_PER_1K" << "1.25" << "price_per_1k_output" << "1.25";
        QTest::newRow("fallback base url") << "SUPPORTD_LLM_FALLBACK_BASE_URL" << "https://backup.example/v1"
                                           << "fallback.base_url" << "https://backup.example/v1";
        QTest::newRow("fallback model") << "SUPPORTD_LLM_FALLBACK_MODEL" << "small" << "fallback.model" << "small";
        QTest::newRow("fallback timeout") << "SUPPORTD_LLM_FALLBACK_TIMEOUT_MS" << "900" << "fallback.timeout_ms" << "900";
        QTest::newRow("fallback max tokens") << "SUPPORTD_LLM_FALLBACK_MAX_TOKENS" << "77" << "fallback.max_tokens" << "77";
        QTest::newRow("fallback input price") << "SUPPORTD_LLM_FALLBACK_PRICE_INPUT_PER_1K" << "0.01"
                                              << "fallback.price_per_1k_input" << "0.01";
        QTest::newRow("fallback output price") << "SUPPORTD_LLM_FALLBACK_PRICE_OUTPUT_PER_1K" << "0.02"
                                               << "fallback.price_per_1k_output" << "0.02";
        QTest::newRow("empty is unset") << "SUPPORTD_LLM_MODEL" << "  " << "model" << "gpt-4o-mini";
    }

    void environmentOverridesTheFile()
    {
        QFETCH(QString, variable);
        QFETCH(QString, value);
        QFETCH(QString, field);
        QFETCH(QString, expected);

        LlmConfig config;
        QString error;
        QVERIFY2(LlmConfig::load(fullConfigFile(),
                                 environment({{QStringLiteral("OPENAI_API_KEY"), QString::fromUtf8(kKey)}, {variable, value}}),
                                 &config, &error),
                 qPrintable(error));
        QVERIFY(config.primary && config.fallback);
        const bool isFallback = field.startsWith(QLatin1String("fallback."));
        const QJsonObject described = (isFallback ? config.fallback : config.primary)->describe();
        const QJsonValue actual = described.value(isFallback ? field.mid(9) : field);
        QCOMPARE(actual.isDouble() ? QString::number(actual.toDouble()) : actual.toString(), expected);
        // The other model keeps its file values.
        if (isFallback)
            QCOMPARE(config.primary->model, QStringLiteral("gpt-4o-mini"));
        else
            QCOMPARE(config.fallback->model, QStringLiteral("local-llama"));
    }

    void environmentAloneWithFallbackPrefix()
    {
        LlmConfig config;
        QString error;
        const QProcessEnvironment env = environment({
            {QStringLiteral("SUPPORTD_LLM_BASE_URL"), QStringLiteral("https://api.openai.com/v1")},
            {QStringLiteral("SUPPORTD_LLM_MODEL"), QStringLiteral("gpt-4o-mini")},
            {QStringLiteral("SUPPORTD_LLM_API_KEY_FILE"), m_dir.filePath(QStringLiteral("primary.key"))},
            {QStringLiteral("SUPPORTD_LLM_FALLBACK_BASE_URL"), QStringLiteral("http://localhost:11434/v1")},
            {QStringLiteral("SUPPORTD_LLM_FALLBACK_MODEL"), QStringLiteral("llama3")},
            {QStringLiteral("SUPPORTD_LLM_FALLBACK_API_KEY"), QString::fromUtf8(kFallbackKey)},
        });
        QVERIFY2(LlmConfig::load(QString(), env, &config, &error), qPrintable(error));
        QCOMPARE(config.primary->apiKey, kKey);
        QCOMPARE(config.primary->timeoutMs, 15000);
        QCOMPARE(config.fallback->model, QStringLiteral("llama3"));
        QCOMPARE(config.fallback->apiKey, kFallbackKey);
        QCOMPARE(config.fallback->describe().value(QStringLiteral("role")).toString(), QStringLiteral("fallback"));

        // A primary alone; a fallback's key alone does not make a fallback.
        LlmConfig single;
        QVERIFY2(LlmConfig::load(QString(),
                                 environment({{QStringLiteral("SUPPORTD_LLM_BASE_URL"), QStringLiteral("http://127.0.0.1:9/v1")},
                                              {QStringLiteral("SUPPORTD_LLM_MODEL"), QStringLiteral("m")},
                                              {QStringLiteral("SUPPORTD_LLM_FALLBACK_API_KEY"), QStringLiteral("x")}}),
                                 &single, &error),
                 qPrintable(error));
        QVERIFY(single.enabled());
        QVERIFY(!single.fallback);
        QVERIFY(single.primary->apiKey.isEmpty());
        QCOMPARE(single.primary->describe().value(QStringLiteral("api_key")).toString(), QStringLiteral("unset"));
    }

    void environmentKeyWinsOverTheFilesKey()
    {
        LlmConfig config;
        QString error;
        QVERIFY2(LlmConfig::load(fullConfigFile(),
                                 environment({{QStringLiteral("OPENAI_API_KEY"), QStringLiteral("from-named-variable")},
                                              {QStringLiteral("SUPPORTD_LLM_API_KEY"), QString::fromUtf8(kKey)},
                                              {QStringLiteral("SUPPORTD_LLM_FALLBACK_API_KEY"), QStringLiteral("fb-env")}}),
                                 &config, &error),
                 qPrintable(error));
        QCOMPARE(config.primary->apiKey, kKey);
        QCOMPARE(config.fallback->apiKey, QByteArray("fb-env"));
        // The file's api_key_env is not even needed when the environment has a key.
        QVERIFY2(LlmConfig::load(fullConfigFile(), environment({{QStringLiteral("SUPPORTD_LLM_API_KEY"), QString::fromUtf8(kKey)}}),
                                 &config, &error),
                 qPrintable(error));
    }

    void describeAndCostNeverShowTheKey()
    {
        ModelConfig model;
        model.role = QStringLiteral("primary");
        model.baseUrl = QUrl(QStringLiteral("https://api.openai.com/v1"));
        model.model = QStringLiteral("gpt-4o-mini");
        model.apiKey = kKey;
        model.inputPricePer1k = 0.15;
        model.outputPricePer1k = 0.6;
        QVERIFY(model.isValid());
        const QByteArray described = QJsonDocument(model.describe()).toJson(QJsonDocument::Compact);
        QVERIFY2(!described.contains(kKey) && !described.contains("5ecr3t"), described.constData());
        QCOMPARE(model.describe().value(QStringLiteral("api_key")).toString(), QStringLiteral("set"));
        QCOMPARE(model.describe().value(QStringLiteral("model")).toString(), QStringLiteral("gpt-4o-mini"));
        QCOMPARE(model.describe().value(QStringLiteral("base_url")).toString(), QStringLiteral("https://api.openai.com/v1"));

        QCOMPARE(model.costOf(2000, 500), 2 * 0.15 + 0.5 * 0.6);
        QCOMPARE(model.costOf(0, 0), 0.0);
        QCOMPARE(model.costOf(-5, 1000), 0.6);

        ModelConfig broken = model;
        broken.apiKey = "sk-abc\r\nX-Injected: 1";
        QVERIFY(!broken.isValid());
        broken = model;
        broken.baseUrl = QUrl(QStringLiteral("ftp://api.openai.com/v1"));
        QVERIFY(!broken.isValid());
        broken = model;
        broken.model.clear();
        QVERIFY(!broken.isValid());
        QVERIFY(!ModelConfig().isValid());
    }

    void badInputsGiveAClearError_data()
    {
        QTest::addColumn<QByteArray>("file"); // empty: no config file; "-": a path that does not exist
        QTest::addColumn<Variables>("variables");
        QTest::addColumn<QString>("expected");

        const QString urlVar = QStringLiteral("SUPPORTD_LLM_BASE_URL");
        const QString modelVar = QStringLiteral("SUPPORTD_LLM_MODEL");
        const Variables primaryEnv{{urlVar, QStringLiteral("https://api.openai.com/v1")}, {modelVar, QStringLiteral("gpt-4o-mini")},
                                   {QStringLiteral("SUPPORTD_LLM_API_KEY"), QString::fromUtf8(kKey)}};
        auto with = [&](Variables variables, const QString &name, const QString &value) {
            variables.append({name, value});
            return variables;
        };
        const QByteArray keyFile = m_dir.filePath(QStringLiteral("primary.key")).toUtf8();

        QTest::newRow("missing file") << QByteArray("-") << Variables{} << "cannot read the config file";
        QTest::newRow("not json") << QByteArray("{\"llm\": {") << Variables{} << "is not valid JSON";
        QTest::newRow("not an object") << QByteArray("[1, 2]") << Variables{} << "must hold a JSON object";
        QTest::newRow("llm not object") << QByteArray("{\"llm\": \"gpt\"}") << Variables{} << "\"llm\" must be an object";
        QTest::newRow("llm typo") << QByteArray("{\"llm\": {\"primry\": {}}}") << Variables{} << "unknown setting llm.primry";
        QTest::newRow("primary not object") << QByteArray("{\"llm\": {\"primary\": []}}") << Variables{} << "llm.primary must be an object";
        QTest::newRow("model key typo") << QByteArray("{\"llm\": {\"primary\": {\"timeout\": 5}}}") << Variables{}
                                        << "llm.primary: unknown setting \"timeout\"";
        QTest::newRow("timeout as string") << QByteArray("{\"llm\": {\"primary\": {\"timeout_ms\": \"15000\"}}}") << Variables{}
                                           << "llm.primary.timeout_ms must be a whole number of milliseconds from 1 to 600000";
        QTest::newRow("timeout fraction") << QByteArray("{\"llm\": {\"primary\": {\"timeout_ms\": 1.5}}}") << Variables{}
                                          << "llm.primary.timeout_ms must be a whole number";
        QTest::newRow("max tokens zero") << QByteArray("{\"llm\": {\"fallback\": {\"max_tokens\": 0}}}") << Variables{}
                                         << "llm.fallback.max_tokens must be a whole number of tokens";
        QTest::newRow("negative price") << QByteArray("{\"llm\": {\"primary\": {\"price_per_1k_input\": -1}}}") << Variables{}
                                        << "llm.primary.price_per_1k_input must be a number of US dollars";
        QTest::newRow("model not string") << QByteArray("{\"llm\": {\"primary\": {\"model\": 4}}}") << Variables{}
                                          << "llm.primary.model must be a string";
        QTest::newRow("file url") << primaryFile(QStringLiteral("file:///etc"))
                                  << Variables{} << "llm.primary.base_url must be an http:// or https:// URL";
        QTest::newRow("file both key sources")
            << QByteArray("{\"llm\": {\"primary\": {\"api_key_env\": \"A\", \"api_key_file\": \"/x\"}}}") << Variables{}
            << "set " /* … api_key_env or … api_key_file, not both */;
        QTest::newRow("api_key_env unset")
            << primaryFile(QStringLiteral("https://a.example/v1"), QStringLiteral("api_key_env"), QStringLiteral("NOPE_KEY"))
            << Variables{} << "llm.primary.api_key_env names the environment variable NOPE_KEY, which is not set";
        QTest::newRow("api_key_file unreadable")
            << primaryFile(QStringLiteral("https://a.example/v1"), QStringLiteral("api_key_file"), QStringLiteral("/nonexistent/key"))
            << Variables{} << "cannot read " /* <file>: llm.primary.api_key_file (/nonexistent/key) */;
        QTest::newRow("api_key_file empty")
            << primaryFile(QStringLiteral("https://a.example/v1"), QStringLiteral("api_key_file"), m_dir.filePath(QStringLiteral("empty.key")))
            << Variables{} << "llm.primary.api_key_file names an empty file";

        QTest::newRow("env timeout not a number") << QByteArray() << with(primaryEnv, QStringLiteral("SUPPORTD_LLM_TIMEOUT_MS"), QStringLiteral("fast"))
                                                  << "SUPPORTD_LLM_TIMEOUT_MS must be a whole number of milliseconds from 1 to 600000";
        QTest::newRow("env timeout too large") << QByteArray() << with(primaryEnv, QStringLiteral("SUPPORTD_LLM_TIMEOUT_MS"), QStringLiteral("9999999"))
                                               << "SUPPORTD_LLM_TIMEOUT_MS must be a whole number";
        QTest::newRow("env fallback max tokens") << QByteArray()
                                                 << with(primaryEnv, QStringLiteral("SUPPORTD_LLM_FALLBACK_MAX_TOKENS"), QStringLiteral("-1"))
                                                 << "SUPPORTD_LLM_FALLBACK_MAX_TOKENS must be a whole number of tokens";
        QTest::newRow("env price not a number") << QByteArray()
                                                << with(primaryEnv, QStringLiteral("SUPPORTD_LLM_PRICE_INPUT_PER_1K"), QStringLiteral("cheap"))
                                                << "SUPPORTD_LLM_PRICE_INPUT_PER_1K must be a number of US dollars";
        QTest::newRow("env price infinite") << QByteArray()
                                            << with(primaryEnv, QStringLiteral("SUPPORTD_LLM_FALLBACK_PRICE_OUTPUT_PER_1K"), QStringLiteral("inf"))
                                            << "SUPPORTD_LLM_FALLBACK_PRICE_OUTPUT_PER_1K must be a number";
        QTest::newRow("env url scheme") << QByteArray() << with(primaryEnv, urlVar, QStringLiteral("ftp://api.openai.com/v1"))
                                        << "SUPPORTD_LLM_BASE_URL must be an http:// or https:// URL";
        QTest::newRow("env url with credentials")
            << QByteArray() << with(primaryEnv, urlVar, QStringLiteral("https://user:") + QString::fromUtf8(kKey) + QStringLiteral("@api.openai.com/v1"))
            << "SUPPORTD_LLM_BASE_URL must be an http:// or https:// URL";
        QTest::newRow("env url query") << QByteArray() << with(primaryEnv, urlVar, QStringLiteral("https://a.example/v1?key=1"))
                                       << "SUPPORTD_LLM_BASE_URL must be";
        QTest::newRow("model without url") << QByteArray() << Variables{{modelVar, QStringLiteral("gpt-4o-mini")}}
                                           << "the primary LLM model needs both a base URL (SUPPORTD_LLM_BASE_URL) and a model";
        QTest::newRow("fallback url without model")
            << QByteArray() << with(primaryEnv, QStringLiteral("SUPPORTD_LLM_FALLBACK_BASE_URL"), QStringLiteral("https://b.example/v1"))
            << "the fallback LLM model needs both a base URL (SUPPORTD_LLM_FALLBACK_BASE_URL) and a model";
        QTest::newRow("key and key file")
            << QByteArray() << with(primaryEnv, QStringLiteral("SUPPORTD_LLM_API_KEY_FILE"), QString::fromUtf8(keyFile))
            << "set SUPPORTD_LLM_API_KEY or SUPPORTD_LLM_API_KEY_FILE, not both";
        QTest::newRow("key file unreadable")
            << QByteArray()
            << Variables{{urlVar, QStringLiteral("https://a.example/v1")}, {modelVar, QStringLiteral("m")},
                         {QStringLiteral("SUPPORTD_LLM_API_KEY_FILE"), QStringLiteral("/nonexistent/key")}}
            << "cannot read SUPPORTD_LLM_API_KEY_FILE (/nonexistent/key)";
        QTest::newRow("key file empty")
            << QByteArray()
            << Variables{{urlVar, QStringLiteral("https://a.example/v1")}, {modelVar, QStringLiteral("m")},
                         {QStringLiteral("SUPPORTD_LLM_FALLBACK_BASE_URL"), QStringLiteral("https://b.example/v1")},
                         {QStringLiteral("SUPPORTD_LLM_FALLBACK_MODEL"), QStringLiteral("m")},
                         {QStringLiteral("SUPPORTD_LLM_FALLBACK_API_KEY_FILE"), m_dir.filePath(QStringLiteral("empty.key"))}}
            << "SUPPORTD_LLM_FALLBACK_API_KEY_FILE names an empty file";
        QTest::newRow("key file is a directory")
            << QByteArray()
            << Variables{{urlVar, QStringLiteral("https://a.example/v1")}, {modelVar, QStringLiteral("m")},
                         {QStringLiteral("SUPPORTD_LLM_API_KEY_FILE"), m_dir.path()}}
            << "SUPPORTD_LLM_API_KEY_FILE";
        QTest::newRow("key with control characters")
            << QByteArray()
            << Variables{{urlVar, QStringLiteral("https://a.example/v1")}, {modelVar, QStringLiteral("m")},
                         {QStringLiteral("SUPPORTD_LLM_API_KEY"), QString::fromUtf8(kKey) + QStringLiteral("\x01zz")}}
            << "the primary LLM API key contains control characters";
        QTest::newRow("fallback without primary")
            << QByteArray()
            << Variables{{QStringLiteral("SUPPORTD_LLM_FALLBACK_BASE_URL"), QStringLiteral("https://b.example/v1")},
                         {QStringLiteral("SUPPORTD_LLM_FALLBACK_MODEL"), QStringLiteral("m")}}
            << "a fallback LLM model is configured without a primary one";
    }

    void badInputsGiveAClearError()
    {
        QFETCH(QByteArray, file);
        QFETCH(Variables, variables);
        QFETCH(QString, expected);

        QString path;
        if (file == "-")
            path = m_dir.filePath(QStringLiteral("does-not-exist.json"));
        else if (!file.isEmpty())
            path = writeFile(QStringLiteral("bad.json"), file);

        LlmConfig config;
        config.primary = ModelConfig{};
        config.primary->model = QStringLiteral("untouched");
        QString error;
        QVERIFY(!LlmConfig::load(path, environment(variables), &config, &error));
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY2(!error.contains(QLatin1Char('\n')), qPrintable(error));
        QVERIFY2(!error.contains(QString::fromUtf8(kKey)) && !error.contains(QStringLiteral("5ecr3t")), qPrintable(error));
        QVERIFY2(!error.contains(QStringLiteral("h1dden")), qPrintable(error));
        QCOMPARE(config.primary->model, QStringLiteral("untouched")); // *out is left alone on failure
    }
};

QTEST_APPLESS_MAIN(TestLlmConfig)
#include "tst_llmconfig.moc"

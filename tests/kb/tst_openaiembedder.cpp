#include "fakes/fakeembeddingserver.h"
#include "kb/openaiembedder.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <thread>
#include <vector>

namespace {

const QString kKey = QStringLiteral("sk-test-5ecr3t-DO-NOT-LEAK");

QStringList numberedTexts(int count)
{
    QStringList texts;
    for (int i = 0; i < count; ++i)
        texts.append(QStringLiteral("text number %1 about tents").arg(i));
    return texts;
}

// Compares a client vector with the server's raw vector for the same text,
// normalised here.
bool matchesServerVector(const QVector<float> &actual, const QString &text, int dimensions)
{
    const QVector<double> raw = FakeEmbeddingServer::vectorFor(text, dimensions);
    double squares = 0;
    for (const double value : raw)
        squares += value * value;
    const double norm = std::sqrt(squares);
    if (actual.size() != raw.size())
        return false;
    for (qsizetype i = 0; i < raw.size(); ++i) {
        if (std::abs(double(actual.at(i)) - raw.at(i) / norm) > 1e-5)
            return false;
    }
    return true;
}

double length(const QVector<float> &vector)
{
    double squares = 0;
    for (const float value : vector)
        squares += double(value) * value;
    return std::sqrt(squares);
}

// Sets or unsets the embedding variables for one test, restoring them after.
class ScopedEnvironment
{
public:
    ScopedEnvironment(const QHash<QByteArray, QByteArray> &values)
    {
        for (const char *name : {"SUPPORTD_EMBEDDINGS_BASE_URL", "SUPPORTD_EMBEDDINGS_MODEL", "SUPPORTD_EMBEDDINGS_API_KEY",
                                 "SUPPORTD_EMBEDDINGS_API_KEY_FILE", "SUPPORTD_EMBEDDINGS_TIMEOUT_MS"}) {
            if (qEnvironmentVariableIsSet(name))
                m_saved.insert(name, qgetenv(name));
            if (values.contains(name))
                qputenv(name, values.value(name));
            else
                qunsetenv(name);
            m_names.append(name);
        }
    }
    ~ScopedEnvironment()
    {
        for (const QByteArray &name : m_names) {
            if (m_saved.contains(name))
                qputenv(name.constData(), m_saved.value(name));
            else
                qunsetenv(name.constData());
        }
    }

private:
    QList<QByteArray> m_names;
    QHash<QByteArray, QByteArray> m_saved;
};

} // namespace

class TestOpenAiEmbedder : public QObject
{
    Q_OBJECT

private:
    FakeEmbeddingServer *m_server = nullptr;

    EmbeddingConfig config(const QString &key = kKey) const
    {
        EmbeddingConfig config;
        config.baseUrl = m_server->baseUrl();
        config.model = QStringLiteral("text-embedding-3-small");
        config.apiKey = key;
        config.timeoutMs = 3000;
        return config;
    }

private slots:
    void init()
    {
        m_server = new FakeEmbeddingServer;
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
        m_server->setRequiredKey(kKey);
    }

    void cleanup()
    {
        delete m_server;
        m_server = nullptr;
    }

    void embedsInOrderAndNormalised()
    {
        const QStringList texts{QStringLiteral("How long does delivery take?"), QStringLiteral("Can I return boots?"),
                                QStringLiteral("Wo ist meine Bestellung? 📦"), QStringLiteral("refund")};
        OpenAiEmbedder embedder(config());
        QString error = QStringLiteral("stale");
        const QList<QVector<float>> vectors = embedder.embed(texts, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(vectors.size(), texts.size());
        for (qsizetype i = 0; i < texts.size(); ++i) {
            QVERIFY2(matchesServerVector(vectors.at(i), texts.at(i), 16), qPrintable(texts.at(i)));
            QVERIFY(std::abs(length(vectors.at(i)) - 1.0) < 1e-5);
        }

        QCOMPARE(m_server->requestCount(), 1);
        const FakeEmbeddingServer::Request request = m_server->requests().constFirst();
        QCOMPARE(request.method, QByteArray("POST"));
        QCOMPARE(request.path, QByteArray("/v1/embeddings"));
        QCOMPARE(request.contentType, QByteArray("application/json"));
        QCOMPARE(request.status, 200);
        QCOMPARE(request.body.value(QStringLiteral("model")).toString(), QStringLiteral("text-embedding-3-small"));
        QCOMPARE(request.body.value(QStringLiteral("encoding_format")).toString(), QStringLiteral("float"));
        QCOMPARE(request.body.value(QStringLiteral("input")).toArray(), QJsonArray::fromStringList(texts));
        QVERIFY(!request.body.contains(QStringLiteral("dimensions")));
    }

    void acceptsTrailingSlash()
    {
        EmbeddingConfig withSlash = config();
        withSlash.baseUrl += QLatin1Char('/');
        QCOMPARE(withSlash.endpointUrl(), m_server->baseUrl() + QStringLiteral("/embeddings"));
        QString error;
        QCOMPARE(OpenAiEmbedder(withSlash).embed({QStringLiteral("a")}, &error).size(), 1);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(m_server->requests().constFirst().path, QByteArray("/v1/embeddings"));
    }

    void sendsDimensions()
    {
        EmbeddingConfig withDimensions = config();
        withDimensions.dimensions = 8;
        OpenAiEmbedder embedder(withDimensions);
        QCOMPARE(embedder.modelId(), QStringLiteral("openai-compatible:text-embedding-3-small:8"));
        QString error;
        const auto vectors = embedder.embed({QStringLiteral("a"), QStringLiteral("b")}, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(m_server->requests().constFirst().body.value(QStringLiteral("dimensions")).toInt(), 8);
        QVERIFY(matchesServerVector(vectors.at(1), QStringLiteral("b"), 8));
    }

    void modelId()
    {
        EmbeddingConfig plain;
        plain.model = QStringLiteral("nomic-embed-text");
        QCOMPARE(OpenAiEmbedder(plain).modelId(), QStringLiteral("openai-compatible:nomic-embed-text"));
    }

    void batches_data()
    {
        QTest::addColumn<int>("count");
        QTest::addColumn<int>("batchSize");
        QTest::addColumn<QList<int>>("expectedBatches");
        QTest::newRow("150 by 64") << 150 << 64 << QList<int>{64, 64, 22};
        QTest::newRow("exactly one batch") << 64 << 64 << QList<int>{64};
        QTest::newRow("one text") << 1 << 64 << QList<int>{1};
        QTest::newRow("5 by 2") << 5 << 2 << QList<int>{2, 2, 1};
        QTest::newRow("batch size 0 means 1") << 2 << 0 << QList<int>{1, 1};
    }

    void batches()
    {
        QFETCH(int, count);
        QFETCH(int, batchSize);
        QFETCH(QList<int>, expectedBatches);
        EmbeddingConfig batched = config();
        batched.batchSize = batchSize;
        const QStringList texts = numberedTexts(count);
        QString error;
        const auto vectors = OpenAiEmbedder(batched).embed(texts, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(m_server->batchSizes(), expectedBatches);
        QCOMPARE(vectors.size(), texts.size());
        for (qsizetype i = 0; i < texts.size(); ++i)
            QVERIFY2(matchesServerVector(vectors.at(i), texts.at(i), 16), qPrintable(texts.at(i)));
    }

    void emptyInputSendsNothing()
    {
        QString error = QStringLiteral("stale");
        QVERIFY(OpenAiEmbedder(config()).embed({}, &error).isEmpty());
        QVERIFY(error.isEmpty());
        QCOMPARE(m_server->requestCount(), 0);
    }

    void authorizationHeader_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<bool>("expectHeader");
        QTest::newRow("with key") << kKey << true;
        QTest::newRow("without key") << QString() << false;
    }

    void authorizationHeader()
    {
        QFETCH(QString, key);
        QFETCH(bool, expectHeader);
        m_server->setRequiredKey(key);
        QString error;
        QCOMPARE(OpenAiEmbedder(config(key)).embed({QStringLiteral("hello")}, &error).size(), 1);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const FakeEmbeddingServer::Request request = m_server->requests().constFirst();
        QCOMPARE(request.hasAuthorization, expectHeader);
        if (expectHeader)
            QCOMPARE(request.authorization, "Bearer " + key.toUtf8());
    }

    void retriesOnce_data()
    {
        QTest::addColumn<int>("status");
        QTest::newRow("500") << 500;
        QTest::newRow("503") << 503;
        QTest::newRow("429") << 429;
    }

    void retriesOnce()
    {
        QFETCH(int, status);
        m_server->failNext(1, status);
        QElapsedTimer timer;
        timer.start();
        QString error;
        const auto vectors = OpenAiEmbedder(config()).embed({QStringLiteral("a"), QStringLiteral("b")}, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(vectors.size(), 2);
        QVERIFY(timer.elapsed() >= OpenAiEmbedder::kRetryBackoffMs - 10); // backed off before retrying
        const auto requests = m_server->requests();
        QCOMPARE(requests.size(), 2);
        QCOMPARE(requests.at(0).status, status);
        QCOMPARE(requests.at(1).status, 200);
    }

    void persistentFailure_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("expected");
        QTest::newRow("500") << 500 << QStringLiteral("HTTP 500");
        QTest::newRow("502") << 502 << QStringLiteral("HTTP 502");
        QTest::newRow("429") << 429 << QStringLiteral("HTTP 429");
    }

    void persistentFailure()
    {
        QFETCH(int, status);
        QFETCH(QString, expected);
        m_server->failNext(100, status);
        QString error;
        QVERIFY(OpenAiEmbedder(config()).embed({QStringLiteral("a")}, &error).isEmpty());
        QVERIFY2(error.contains(expected), qPrintable(error));
        QCOMPARE(m_server->requestCount(), 2); // tried, retried once, gave up
    }

    void failureInLaterBatchFailsTheCall()
    {
        EmbeddingConfig batched = config();
        batched.batchSize = 2;
        OpenAiEmbedder embedder(batched);
        QString error;
        QCOMPARE(embedder.embed(numberedTexts(2), &error).size(), 2);
        m_server->clearRequests();
        m_server->setMode(FakeEmbeddingServer::Mode::Malformed);
        QVERIFY(embedder.embed(numberedTexts(4), &error).isEmpty());
        QVERIFY(!error.isEmpty());
        QCOMPARE(m_server->requestCount(), 1); // stopped at the first bad batch
    }

    void unauthorized()
    {
        m_server->setRequiredKey(QStringLiteral("sk-the-right-one"));
        QString error;
        QVERIFY(OpenAiEmbedder(config()).embed({QStringLiteral("a")}, &error).isEmpty());
        QCOMPARE(error, QStringLiteral("embedding service rejected the API key (401)"));
        QCOMPARE(m_server->requestCount(), 1); // a 401 is not retried

        QVERIFY(OpenAiEmbedder(config(QString())).embed({QStringLiteral("a")}, &error).isEmpty());
        QVERIFY2(error.contains(QStringLiteral("requires an API key (401)")), qPrintable(error));
    }

    void timesOutInBoundedTime()
    {
        m_server->setMode(FakeEmbeddingServer::Mode::Slow);
        m_server->setDelayMs(5000);
        EmbeddingConfig quick = config();
        quick.timeoutMs = 300;
        QElapsedTimer timer;
        timer.start();
        QString error;
        QVERIFY(OpenAiEmbedder(quick).embed({QStringLiteral("a")}, &error).isEmpty());
        const qint64 elapsed = timer.elapsed();
        QCOMPARE(error, QStringLiteral("embedding service timed out"));
        // Two attempts of 300 ms and the 250 ms back-off, far below the server's 5 s.
        QVERIFY2(elapsed >= 2 * 300 + OpenAiEmbedder::kRetryBackoffMs - 20, qPrintable(QString::number(elapsed)));
        QVERIFY2(elapsed < 2500, qPrintable(QString::number(elapsed)));
        QTRY_COMPARE(m_server->requestCount(), 2);
    }

    void rejectsBadAnswers_data()
    {
        QTest::addColumn<FakeEmbeddingServer::Mode>("mode");
        QTest::addColumn<QString>("expected");
        QTest::newRow("malformed JSON") << FakeEmbeddingServer::Mode::Malformed
                                        << QStringLiteral("embedding service answered malformed JSON");
        QTest::newRow("wrong count") << FakeEmbeddingServer::Mode::WrongCount
                                     << QStringLiteral("embedding service answered 2 vectors for 3 texts");
        QTest::newRow("mixed dimensions") << FakeEmbeddingServer::Mode::MixedDimensions
                                          << QStringLiteral("embedding service answered vectors of different dimensions");
    }

    void rejectsBadAnswers()
    {
        QFETCH(FakeEmbeddingServer::Mode, mode);
        QFETCH(QString, expected);
        m_server->setMode(mode);
        QString error;
        QVERIFY(OpenAiEmbedder(config()).embed({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}, &error)
                    .isEmpty());
        QVERIFY2(error.startsWith(expected), qPrintable(error));
        QCOMPARE(m_server->requestCount(), 1); // a bad answer is not retried
    }

    void rejectsUnrequestedDimensions()
    {
        m_server->setHonourDimensions(false); // a server that ignores "dimensions" answers its default 16
        EmbeddingConfig withDimensions = config();
        withDimensions.dimensions = 8;
        QString error;
        QVERIFY(OpenAiEmbedder(withDimensions).embed({QStringLiteral("a")}, &error).isEmpty());
        QCOMPARE(error, QStringLiteral("embedding service answered 16-dimensional vectors, 8 dimensions were requested"));
    }

    void unreachableService()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 closedPort = probe.serverPort();
        probe.close();
        EmbeddingConfig unreachable = config();
        unreachable.baseUrl = QStringLiteral("http://127.0.0.1:%1/v1").arg(closedPort);
        QString error;
        QVERIFY(OpenAiEmbedder(unreachable).embed({QStringLiteral("a")}, &error).isEmpty());
        QCOMPARE(error, QStringLiteral("could not reach the embedding service"));
    }

    void rejectsBadConfiguration_data()
    {
        QTest::addColumn<QString>("baseUrl");
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no base URL") << QString() << "m" << QString() << "not configured";
        QTest::newRow("no model") << "http://127.0.0.1:1/v1" << QString() << QString() << "not configured";
        QTest::newRow("not http") << "ftp://127.0.0.1/v1" << "m" << QString() << "not an http(s) URL";
        QTest::newRow("no scheme") << "localhost:8080/v1" << "m" << QString() << "not an http(s) URL";
        QTest::newRow("garbage") << "::::" << "m" << QString() << "not an http(s) URL";
        QTest::newRow("header injection in key") << "http://127.0.0.1:1/v1" << "m" << "sk\r\nX-Evil: 1"
                                                 << "control characters";
    }

    void rejectsBadConfiguration()
    {
        QFETCH(QString, baseUrl);
        QFETCH(QString, model);
        QFETCH(QString, key);
        QFETCH(QString, expected);
        EmbeddingConfig bad;
        bad.baseUrl = baseUrl;
        bad.model = model;
        bad.apiKey = key;
        QString error;
        QVERIFY(OpenAiEmbedder(bad).embed({QStringLiteral("a")}, &error).isEmpty());
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY(key.isEmpty() || !error.contains(key));
    }

    // Every failure, with a fake that echoes the key and the request body in
    // its error answers: the client's message carries neither.
    void errorsNeverLeakSecrets_data()
    {
        QTest::addColumn<int>("failureStatus"); // 0: none
        QTest::addColumn<FakeEmbeddingServer::Mode>("mode");
        QTest::addColumn<QString>("requiredKey");
        QTest::newRow("401") << 0 << FakeEmbeddingServer::Mode::Ok << QStringLiteral("sk-other");
        QTest::newRow("500") << 500 << FakeEmbeddingServer::Mode::Ok << kKey;
        QTest::newRow("429") << 429 << FakeEmbeddingServer::Mode::Ok << kKey;
        QTest::newRow("malformed") << 0 << FakeEmbeddingServer::Mode::Malformed << kKey;
        QTest::newRow("wrong count") << 0 << FakeEmbeddingServer::Mode::WrongCount << kKey;
        QTest::newRow("mixed dimensions") << 0 << FakeEmbeddingServer::Mode::MixedDimensions << kKey;
        QTest::newRow("slow") << 0 << FakeEmbeddingServer::Mode::Slow << kKey;
    }

    void errorsNeverLeakSecrets()
    {
        QFETCH(int, failureStatus);
        QFETCH(FakeEmbeddingServer::Mode, mode);
        QFETCH(QString, requiredKey);
        m_server->setRequiredKey(requiredKey);
        m_server->setMode(mode);
        m_server->setDelayMs(2000);
        if (failureStatus)
            m_server->failNext(100, failureStatus);
        EmbeddingConfig secret = config();
        secret.timeoutMs = 200;
        const QString privateText = QStringLiteral("my card is 4111 1111 1111 1111");
        QString error;
        QVERIFY(OpenAiEmbedder(secret).embed({privateText, QStringLiteral("second")}, &error).isEmpty());
        QVERIFY(!error.isEmpty());
        QVERIFY2(!error.contains(kKey), qPrintable(error));
        QVERIFY2(!error.contains(QStringLiteral("sk-")), qPrintable(error));
        QVERIFY2(!error.contains(QStringLiteral("4111")), qPrintable(error));
        QVERIFY2(!error.contains(QStringLiteral("Incorrect API key")), qPrintable(error)); // the upstream body
        QVERIFY2(!error.contains(QStringLiteral("{")), qPrintable(error));
    }

    void concurrentCalls()
    {
        OpenAiEmbedder embedder(config());
        std::vector<int> sizes(4, -1);
        std::vector<QString> errors(4);
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&, t] {
                sizes[t] = int(embedder.embed(numberedTexts(10 + t), &errors[t]).size());
            });
        }
        for (std::thread &thread : threads)
            thread.join();
        for (int t = 0; t < 4; ++t) {
            QVERIFY2(errors[t].isEmpty(), qPrintable(errors[t]));
            QCOMPARE(sizes[t], 10 + t);
        }
        QCOMPARE(m_server->requestCount(), 4);
    }

    void fromEnvironment_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("keyFileContents"); // null: no key file variable
        QTest::addColumn<QString>("timeout");
        QTest::addColumn<QString>("expectedKey");
        QTest::addColumn<int>("expectedTimeout");
        QTest::addColumn<QString>("expectedError"); // a fragment; empty: no error
        QTest::newRow("inline key") << "sk-inline" << QString() << QString() << "sk-inline" << 10000 << QString();
        QTest::newRow("key file, trimmed") << QString() << "  sk-from-file\n\n" << "2500" << "sk-from-file" << 2500
                                           << QString();
        QTest::newRow("no key") << QString() << QString() << QString() << QString() << 10000 << QString();
        QTest::newRow("both") << "sk-inline" << "sk-file" << QString() << QString() << 10000 << "not both";
        QTest::newRow("empty key file") << QString() << " \n" << QString() << QString() << 10000 << "is empty";
        QTest::newRow("bad timeout") << QString() << QString() << "soon" << QString() << 10000 << "TIMEOUT_MS";
        QTest::newRow("negative timeout") << QString() << QString() << "-5" << QString() << 10000 << "TIMEOUT_MS";
    }

    void fromEnvironment()
    {
        QFETCH(QString, key);
        QFETCH(QString, keyFileContents);
        QFETCH(QString, timeout);
        QFETCH(QString, expectedKey);
        QFETCH(int, expectedTimeout);
        QFETCH(QString, expectedError);

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QHash<QByteArray, QByteArray> values{{"SUPPORTD_EMBEDDINGS_BASE_URL", "http://127.0.0.1:8000/v1/"},
                                             {"SUPPORTD_EMBEDDINGS_MODEL", "bge-small"}};
        if (!key.isEmpty())
            values.insert("SUPPORTD_EMBEDDINGS_API_KEY", key.toUtf8());
        if (!keyFileContents.isNull()) {
            const QString path = dir.filePath(QStringLiteral("key"));
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(keyFileContents.toUtf8());
            values.insert("SUPPORTD_EMBEDDINGS_API_KEY_FILE", path.toUtf8());
        }
        if (!timeout.isEmpty())
            values.insert("SUPPORTD_EMBEDDINGS_TIMEOUT_MS", timeout.toUtf8());
        ScopedEnvironment environment(values);

        QString error;
        const EmbeddingConfig config = EmbeddingConfig::fromEnvironment(&error);
        if (!expectedError.isEmpty()) {
            QVERIFY2(error.contains(expectedError), qPrintable(error));
            QVERIFY(!config.isConfigured());
            QVERIFY(key.isEmpty() || !error.contains(key));
            return;
        }
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(config.isConfigured());
        QCOMPARE(config.baseUrl, QStringLiteral("http://127.0.0.1:8000/v1/"));
        QCOMPARE(config.endpointUrl(), QStringLiteral("http://127.0.0.1:8000/v1/embeddings"));
        QCOMPARE(config.model, QStringLiteral("bge-small"));
        QCOMPARE(config.apiKey, expectedKey);
        QCOMPARE(config.timeoutMs, expectedTimeout);
    }

    void fromEnvironmentEdgeCases()
    {
        {
            ScopedEnvironment environment({});
            QString error = QStringLiteral("stale");
            QVERIFY(!EmbeddingConfig::fromEnvironment(&error).isConfigured());
            QVERIFY(error.isEmpty()); // not configured is not an error: the offline embedder is used
        }
        {
            ScopedEnvironment environment({{"SUPPORTD_EMBEDDINGS_BASE_URL", "http://127.0.0.1:8000/v1"}});
            QString error;
            EmbeddingConfig::fromEnvironment(&error);
            QVERIFY2(error.contains(QStringLiteral("SUPPORTD_EMBEDDINGS_MODEL")), qPrintable(error));
        }
        {
            ScopedEnvironment environment({{"SUPPORTD_EMBEDDINGS_BASE_URL", "file:///etc/passwd"},
                                           {"SUPPORTD_EMBEDDINGS_MODEL", "m"}});
            QString error;
            EmbeddingConfig::fromEnvironment(&error);
            QVERIFY2(error.contains(QStringLiteral("http://")), qPrintable(error));
        }
        {
            ScopedEnvironment environment({{"SUPPORTD_EMBEDDINGS_BASE_URL", "http://127.0.0.1:8000/v1"},
                                           {"SUPPORTD_EMBEDDINGS_MODEL", "m"},
                                           {"SUPPORTD_EMBEDDINGS_API_KEY_FILE", "/nonexistent/supportd-key"}});
            QString error;
            EmbeddingConfig::fromEnvironment(&error);
            QVERIFY2(error.contains(QStringLiteral("cannot read SUPPORTD_EMBEDDINGS_API_KEY_FILE /nonexistent/supportd-key")),
                     qPrintable(error));
        }
    }

    void configuredFromEnvironmentEmbeds()
    {
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("key")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(kKey.toUtf8() + '\n');
        file.close();
        ScopedEnvironment environment({{"SUPPORTD_EMBEDDINGS_BASE_URL", m_server->baseUrl().toUtf8()},
                                       {"SUPPORTD_EMBEDDINGS_MODEL", "text-embedding-3-small"},
                                       {"SUPPORTD_EMBEDDINGS_API_KEY_FILE", file.fileName().toUtf8()}});
        QString error;
        const EmbeddingConfig config = EmbeddingConfig::fromEnvironment(&error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(OpenAiEmbedder(config).embed({QStringLiteral("x")}, &error).size(), 1);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(m_server->requests().constFirst().authorization, "Bearer " + kKey.toUtf8());
    }
};

QTEST_GUILESS_MAIN(TestOpenAiEmbedder)
#include "tst_openaiembedder.moc"

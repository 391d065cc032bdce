#pragma once
#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QString>
#include <QThread>
#include <QVector>

class FakeEmbeddingWorker;

// An OpenAI-compatible embeddings service for tests: POST /v1/embeddings over
// real HTTP/1.1 (keep-alive) on 127.0.0.1, served from its own thread so a
// client may block the test's thread. Vectors are derived from a hash of each
// input (see vectorFor) and deliberately not normalised; the data items come
// back in shuffled order, as the protocol allows. Thread-safe.
class FakeEmbeddingServer
{
    Q_DISABLE_COPY_MOVE(FakeEmbeddingServer)

public:
    enum class Mode {
        Ok,
        Slow,            // answers after delayMs (set it above the client's timeout)
        Malformed,       // 200 with a body that is not JSON
        WrongCount,      // one vector fewer than inputs
        MixedDimensions, // the last vector one dimension short
    };

    // One request as the server saw it.
    struct Request
    {
        QByteArray method;
        QByteArray path;
        QByteArray contentType;
        bool hasAuthorization = false;
        QByteArray authorization;
        QJsonObject body;   // empty when the body was not a JSON object
        int inputCount = 0;
        int status = 0;     // what the server answered
    };

    FakeEmbeddingServer();
    ~FakeEmbeddingServer();

    bool start(QString *error = nullptr);
    quint16 port() const;
    // "http://127.0.0.1:<port>/v1": the base URL a client is configured with.
    QString baseUrl() const;

    void setMode(Mode mode);
    void setDelayMs(int delayMs);
    // Requests must carry "Authorization: Bearer <key>"; empty: no check.
    void setRequiredKey(const QString &key);
    // Dimensions when the request names none.
    void setDefaultDimensions(int dimensions);
    // false: ignore the request's "dimensions", as some servers do.
    void setHonourDimensions(bool honour);
    // The next `times` requests get this status (500, 503, 429, ...) with an
    // OpenAI-style error body, whatever the mode.
    void failNext(int times, int status = 500);

    QList<Request> requests() const;
    int requestCount() const;
    QList<int> batchSizes() const;
    void clearRequests();

    // The raw (unnormalised) vector the server answers for a text.
    static QVector<double> vectorFor(const QString &text, int dimensions);

private:
    friend class FakeEmbeddingWorker;
    struct Settings
    {
        Mode mode = Mode::Ok;
        int delayMs = 2000;
        QString requiredKey;
        int defaultDimensions = 16;
        bool honourDimensions = true;
        int failuresLeft = 0;
        int failureStatus = 500;
    };
    Settings settings() const;
    int takeFailure(); // the failure status to answer now, or 0
    void record(const Request &request);

    mutable QMutex m_mutex;
    Settings m_settings;
    QList<Request> m_requests;
    QThread m_thread;
    FakeEmbeddingWorker *m_worker = nullptr;
    quint16 m_port = 0;
};

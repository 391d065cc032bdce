#pragma once
#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMutex>
#include <QString>
#include <QThread>

class FakeHelpdeskWorker;

// A helpdesk that receives supportd's ticket webhook the way a real receiver
// would: POST /hooks/tickets over HTTP/1.1 on 127.0.0.1, served from its own
// thread, checking X-Support-Signature ("sha256=" + hex HMAC-SHA256(secret,
// timestamp + "." + body), compared in constant time) and that
// X-Support-Timestamp is within 5 minutes; a bad or missing signature gets
// 401. Accepted tickets get 201 {"id": "HD-<n>"}. Thread-safe.
class FakeHelpdesk
{
    Q_DISABLE_COPY_MOVE(FakeHelpdesk)

public:
    enum class Mode {
        Ok,
        Reject, // 400 {"error": ...}: a payload the helpdesk will never take
        Slow,   // answers (201) after delayMs
    };

    struct Request
    {
        QByteArray method;
        QByteArray path;
        QByteArray contentType;
        QByteArray timestamp;
        QByteArray signature;
        bool signatureValid = false;
        QByteArray rawBody;
        QJsonObject body;
        int status = 0; // what the helpdesk answered
    };

    explicit FakeHelpdesk(QByteArray secret);
    ~FakeHelpdesk();

    bool start(QString *error = nullptr);
    quint16 port() const;
    QString url() const; // "http://127.0.0.1:<port>/hooks/tickets"

    void setMode(Mode mode);
    void setDelayMs(int delayMs);
    // The next `times` requests get this status (500, 503, 429...), whatever the mode.
    void failNext(int times, int status = 500);

    QList<Request> requests() const;
    int requestCount() const;
    // Ticket ids the helpdesk accepted (201), in order.
    QStringList acceptedTicketIds() const;

private:
    friend class FakeHelpdeskWorker;
    struct Settings
    {
        Mode mode = Mode::Ok;
        int delayMs = 3000;
        int failuresLeft = 0;
        int failureStatus = 500;
    };
    Settings settings() const;
    int takeFailure();
    int record(const Request &request); // returns the request's number (1-based)

    const QByteArray m_secret;
    mutable QMutex m_mutex;
    Settings m_settings;
    QList<Request> m_requests;
    QThread m_thread;
    FakeHelpdeskWorker *m_worker = nullptr;
    quint16 m_port = 0;
};

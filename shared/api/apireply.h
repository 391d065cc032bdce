#pragma once
#include "apierror.h"

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>

class QNetworkReply;

namespace Api {

// One call in flight. finished() is emitted exactly once, on the client's
// thread, after which error(), httpStatus() and json() hold the outcome; the
// reply then deletes itself (connect to finished() to read it, never keep it).
class ApiReply : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiReply)

public:
    ~ApiReply() override;

    bool isFinished() const { return m_finished; }
    const ApiError &error() const { return m_error; }
    int httpStatus() const { return m_status; }
    const QByteArray &body() const { return m_body; }
    QJsonObject json() const { return m_json; }

    // Gives up on the call: finished() follows with an Aborted error.
    void abort();

signals:
    void finished();

private:
    friend class ApiClient;
    ApiReply(QNetworkReply *reply, QObject *parent);
    void onNetworkFinished();
    void finish(const ApiError &error);

    QPointer<QNetworkReply> m_reply;
    ApiError m_error;
    int m_status = 0;
    QByteArray m_body;
    QJsonObject m_json;
    QString m_tlsErrors;
    bool m_finished = false;
    bool m_aborted = false;
};

} // namespace Api

#include "apireply.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QNetworkReply>
#include <QSslError>

namespace Api {

ApiReply::ApiReply(QNetworkReply *reply, QObject *parent) : QObject(parent), m_reply(reply)
{
    connect(reply, &QNetworkReply::finished, this, &ApiReply::onNetworkFinished);
    connect(reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError> &errors) {
        QStringList texts;
        for (const QSslError &error : errors)
            texts.append(error.errorString());
        m_tlsErrors = texts.join(QStringLiteral("; "));
    });
}

ApiReply::~ApiReply()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void ApiReply::abort()
{
    if (m_finished || !m_reply)
        return;
    m_aborted = true;
    m_reply->abort(); // finished() follows synchronously
}

void ApiReply::onNetworkFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply)
        return;
    m_status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->isOpen())
        m_body = reply->readAll();
    const QNetworkReply::NetworkError netError = reply->error();
    const QString netText = reply->errorString();
    reply->deleteLater();
    m_reply.clear();

    ApiError error;
    if (m_aborted) {
        error.kind = ApiError::Kind::Aborted;
        error.code = QStringLiteral("aborted");
    } else if (m_status == 0) {
        // No HTTP answer at all.
        switch (netError) {
        case QNetworkReply::OperationCanceledError:
        case QNetworkReply::TimeoutError:
            error.kind = ApiError::Kind::Timeout;
            error.code = QStringLiteral("timeout");
            break;
        case QNetworkReply::SslHandshakeFailedError:
            error.kind = ApiError::Kind::Tls;
            error.code = QStringLiteral("tls");
            error.message = m_tlsErrors.isEmpty() ? netText : m_tlsErrors;
            break;
        default:
            error.kind = m_tlsErrors.isEmpty() ? ApiError::Kind::Network : ApiError::Kind::Tls;
            error.code = m_tlsErrors.isEmpty() ? QStringLiteral("network") : QStringLiteral("tls");
            error.message = m_tlsErrors.isEmpty() ? netText : m_tlsErrors;
            break;
        }
    } else if (m_status < 200 || m_status >= 300) {
        error.kind = ApiError::Kind::Http;
        error.httpStatus = m_status;
        const QJsonObject object = QJsonDocument::fromJson(m_body).object().value(QStringLiteral("error")).toObject();
        error.code = object.value(QStringLiteral("code")).toString();
        error.message = object.value(QStringLiteral("message")).toString();
        if (error.code.isEmpty())
            error.code = QStringLiteral("http_%1").arg(m_status);
        if (error.message.isEmpty())
            error.message = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
    } else if (!m_body.isEmpty()) {
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(m_body, &parseError);
        if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
            error.kind = ApiError::Kind::Protocol;
            error.httpStatus = m_status;
            error.code = QStringLiteral("bad_json");
            error.message = parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                                          : QStringLiteral("not a JSON object");
        } else {
            m_json = document.object();
        }
    }
    finish(error);
}

void ApiReply::finish(const ApiError &error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_error = error;
    emit finished();
    deleteLater();
}

} // namespace Api

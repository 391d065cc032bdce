#include "apiclient.h"
#include "eventwait.h"

#include <QJsonDocument>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QRegularExpression>

ApiClient::ApiClient(quint16 port) : m_port(port)
{
    m_manager.setProxy(QNetworkProxy::NoProxy);
}

QNetworkReply *ApiClient::start(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body,
                                const Headers &headers, const QByteArray &contentType)
{
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(pathAndQuery)));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (!body.isEmpty() || method == "POST")
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    for (const auto &header : headers)
        request.setRawHeader(header.first, header.second);
    return m_manager.sendCustomRequest(request, method, body);
}

HttpResult ApiClient::finish(QNetworkReply *reply, int timeoutMs)
{
    HttpResult result;
    if (!waitUntil([reply] { return reply->isFinished(); }, timeoutMs)) {
        reply->abort();
        reply->deleteLater();
        return result;
    }
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.reason = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray();
    result.headers = reply->rawHeaderPairs();
    result.body = reply->readAll();
    reply->deleteLater();
    return result;
}

HttpResult ApiClient::get(const QString &pathAndQuery, const Headers &headers)
{
    return finish(start("GET", pathAndQuery, {}, headers));
}

HttpResult ApiClient::post(const QString &path, const QJsonObject &body, const Headers &headers)
{
    return postBytes(path, QJsonDocument(body).toJson(QJsonDocument::Compact), "application/json", headers);
}

HttpResult ApiClient::postBytes(const QString &path, const QByteArray &body, const QByteArray &contentType,
                                const Headers &headers)
{
    return finish(start("POST", path, body, headers, contentType));
}

HttpResult ApiClient::sendMessage(const QString &text, const QString &threadId, const QString &threadToken)
{
    QJsonObject body{{QStringLiteral("user_msg"), text}};
    if (!threadId.isEmpty())
        body.insert(QStringLiteral("thread_id"), threadId);
    return post(QStringLiteral("/api/agent/messages"), body,
                threadToken.isEmpty() ? Headers{} : ApiClient::threadToken(threadToken));
}

HttpResult ApiClient::readThread(const QString &threadId, const QString &threadToken, const QString &query)
{
    return get(QStringLiteral("/api/agent/thread/") + threadId + query,
               threadToken.isEmpty() ? Headers{} : ApiClient::threadToken(threadToken));
}

QString ApiClient::login(const QString &username, const QString &password)
{
    const HttpResult result = post(QStringLiteral("/api/auth/login"),
                                   {{QStringLiteral("username"), username}, {QStringLiteral("password"), password}});
    return result.status == 200 ? result.json().value(QStringLiteral("token")).toString() : QString();
}

QString leakIn(const QByteArray &body)
{
    // SQL keywords in capitals (as statements are written); the rest in any case.
    static const QRegularExpression sql(QStringLiteral("\\b(SELECT|INSERT|UPDATE|DELETE FROM|CREATE TABLE)\\b"));
    static const QRegularExpression other(
        QStringLiteral("sqlite|postgres|/tmp|/work/|/home/|\\.cpp|\\.h:\\d|QSql|std::|terminate called|"
                       "backtrace|stack trace|#0 |0x[0-9a-f]{6,}"),
        QRegularExpression::CaseInsensitiveOption);
    const QString text = QString::fromUtf8(body);
    for (const QRegularExpression *pattern : {&sql, &other}) {
        const QRegularExpressionMatch match = pattern->match(text);
        if (match.hasMatch())
            return match.captured();
    }
    return {};
}

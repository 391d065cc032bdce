#pragma once
#include "httpresult.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QString>

class QNetworkReply;

// Well-formed requests to a supportd on localhost through QNetworkAccessManager.
// Each client has its own connection pool, so several clients give truly
// concurrent connections.
class ApiClient
{
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    explicit ApiClient(quint16 port);

    HttpResult get(const QString &pathAndQuery, const Headers &headers = {});
    HttpResult post(const QString &path, const QJsonObject &body, const Headers &headers = {});
    HttpResult postBytes(const QString &path, const QByteArray &body, const QByteArray &contentType,
                         const Headers &headers = {});

    // Starts a request without waiting; finish() waits for it.
    QNetworkReply *start(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body = {},
                         const Headers &headers = {}, const QByteArray &contentType = "application/json");
    static HttpResult finish(QNetworkReply *reply, int timeoutMs = 15000);

    // The agent API: a message to a new thread (no id) or to an existing one.
    HttpResult sendMessage(const QString &text, const QString &threadId = {}, const QString &threadToken = {});
    HttpResult readThread(const QString &threadId, const QString &threadToken, const QString &query = {});
    // Signs an operator in; the bearer token, or empty.
    QString login(const QString &username, const QString &password);

    static Headers bearer(const QString &token) { return {{"Authorization", "Bearer " + token.toLatin1()}}; }
    static Headers threadToken(const QString &token) { return {{"X-Thread-Token", token.toLatin1()}}; }

private:
    QNetworkAccessManager m_manager;
    quint16 m_port;
};

// What an error body must never show: SQL, engine names, paths, source files,
// stack traces. Returns the first such thing found, or an empty string.
QString leakIn(const QByteArray &body);

#pragma once
#include "apireply.h"
#include "apitypes.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QSslConfiguration>
#include <QUrl>

namespace Api {

// An asynchronous client of supportd's operator API (/api/auth, /admin/agent)
// over QNetworkAccessManager. Every call returns at once with an ApiReply and
// later calls `done` with the parsed shared/model types or an ApiError; the
// callback runs in `context`'s thread and is dropped when `context` is
// destroyed first. Nothing here blocks.
class ApiClient : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiClient)

public:
    explicit ApiClient(QObject *parent = nullptr);

    void setBaseUrl(const QUrl &url);
    QUrl baseUrl() const { return m_baseUrl; }
    void setToken(const QString &token) { m_token = token; }
    QString token() const { return m_token; }
    // No progress for this long fails the call with a Timeout error (default 15 s).
    void setTimeout(int msecs) { m_timeoutMs = msecs; }
    int timeout() const { return m_timeoutMs; }
    // For servers with a private CA: the certificates to trust besides the system's.
    void setSslConfiguration(const QSslConfiguration &configuration) { m_ssl = configuration; }
    QSslConfiguration sslConfiguration() const { return m_ssl; }

    // The URL of a path on the server (ws:// or wss:// when websocket is true).
    QUrl urlFor(const QString &pathAndQuery, bool websocket = false) const;

    // Auth. login() does not need a token; on success the client keeps the new one.
    ApiReply *login(const QString &username, const QString &password, QObject *context, Callback<LoginInfo> done);
    ApiReply *logout(QObject *context, Callback<Done> done);

    // Threads and the operator's actions on them.
    ApiReply *listThreads(const ThreadQuery &query, QObject *context, Callback<ThreadPage> done);
    ApiReply *getThread(const QString &threadId, QObject *context, Callback<ThreadDetail> done);
    ApiReply *takeOver(const QString &threadId, QObject *context, Callback<Thread> done);
    ApiReply *reply(const QString &threadId, const QString &text, QObject *context, Callback<Message> done);
    ApiReply *handBack(const QString &threadId, QObject *context, Callback<Thread> done);
    ApiReply *closeThread(const QString &threadId, QObject *context, Callback<Thread> done);

    // Traces, tools, metrics, tickets.
    ApiReply *listTraces(const TraceQuery &query, QObject *context, Callback<TracePage> done);
    ApiReply *getTrace(const QString &traceId, QObject *context, Callback<Trace> done);
    ApiReply *listTools(QObject *context, Callback<QJsonArray> done);
    ApiReply *metrics(int days, QObject *context, Callback<QJsonObject> done);
    // With hours > 0 also the hourly series over the last `hours` hours (1-720).
    ApiReply *metrics(int days, int hours, QObject *context, Callback<QJsonObject> done);
    ApiReply *listTickets(const TicketQuery &query, QObject *context, Callback<QList<Ticket>> done);

    // Knowledge base (editor role).
    ApiReply *listKbDocuments(const QString &titleFilter, int limit, int offset, QObject *context,
                              Callback<KbDocumentPage> done);
    ApiReply *getKbDocument(const QString &docId, QObject *context, Callback<KbDocument> done);
    ApiReply *putKbDocument(const KbDocument &document, QObject *context, Callback<KbDocument> done);
    ApiReply *deleteKbDocument(const QString &docId, QObject *context, Callback<Done> done);
    // Ranked chunks with each ranking's scores, as the server sends them.
    ApiReply *previewKb(const QString &query, const QString &channel, int topK, QObject *context,
                        Callback<QJsonArray> done);

    // Any call: the raw reply (for routes without a typed wrapper yet).
    ApiReply *send(const QByteArray &method, const QString &pathAndQuery, const QJsonObject *body = nullptr);

signals:
    // A call other than login was refused with 401: the token has expired or was revoked.
    void unauthorized();

private:
    template <typename T, typename Parse>
    ApiReply *call(const QByteArray &method, const QString &path, const QJsonObject *body, QObject *context,
                   Callback<T> done, Parse parse);

    QNetworkAccessManager m_manager;
    QUrl m_baseUrl;
    QString m_token;
    QSslConfiguration m_ssl = QSslConfiguration::defaultConfiguration();
    int m_timeoutMs = 15000;
};

} // namespace Api

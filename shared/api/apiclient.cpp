#include "apiclient.h"

#include "model/jsonutil.h"

#include <QJsonDocument>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrlQuery>

namespace Api {

namespace {

QString percent(const QString &segment)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(segment));
}

template <typename T>
std::optional<QList<T>> listFrom(const QJsonArray &array, QString *error)
{
    QList<T> items;
    items.reserve(array.size());
    for (const QJsonValue &value : array) {
        auto item = T::fromJson(value.toObject(), error);
        if (!item)
            return std::nullopt;
        items.append(std::move(*item));
    }
    return items;
}

std::optional<Thread> threadIn(const QJsonObject &object, QString *error)
{
    if (!object.value(QStringLiteral("thread")).isObject()) {
        *error = QStringLiteral("no thread in the answer");
        return std::nullopt;
    }
    return Thread::fromJson(object.value(QStringLiteral("thread")).toObject(), error);
}

} // namespace

ApiClient::ApiClient(QObject *parent) : QObject(parent)
{
    // Our own answers are small JSON; keep connections alive between calls.
    m_manager.setAutoDeleteReplies(false);
}

void ApiClient::setBaseUrl(const QUrl &url)
{
    m_baseUrl = url.adjusted(QUrl::StripTrailingSlash);
}

QUrl ApiClient::urlFor(const QString &pathAndQuery, bool websocket) const
{
    QUrl url = m_baseUrl;
    const int question = pathAndQuery.indexOf(QLatin1Char('?'));
    url.setPath(m_baseUrl.path() + (question < 0 ? pathAndQuery : pathAndQuery.left(question)),
                QUrl::TolerantMode);
    if (question >= 0)
        url.setQuery(pathAndQuery.mid(question + 1));
    if (websocket)
        url.setScheme(m_baseUrl.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
    return url;
}

ApiReply *ApiClient::send(const QByteArray &method, const QString &pathAndQuery, const QJsonObject *body)
{
    QNetworkRequest request(urlFor(pathAndQuery));
    request.setTransferTimeout(m_timeoutMs);
    request.setSslConfiguration(m_ssl);
    request.setRawHeader("Accept", "application/json");
    if (!m_token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    QByteArray payload;
    if (body) {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        payload = QJsonDocument(*body).toJson(QJsonDocument::Compact);
    }
    QNetworkReply *networkReply = body || method != "GET" ? m_manager.sendCustomRequest(request, method, payload)
                                                          : m_manager.get(request);
    auto *reply = new ApiReply(networkReply, this);
    const bool isLogin = pathAndQuery == QLatin1String("/api/auth/login");
    // Runs before any caller's callback (connected first): a login keeps its
    // token, any other refused call says the session is over.
    connect(reply, &ApiReply::finished, this, [this, reply, isLogin] {
        if (isLogin && !reply->error().isError())
            m_token = reply->json().value(QStringLiteral("token")).toString();
        else if (!isLogin && reply->error().isUnauthorized())
            emit unauthorized();
    });
    return reply;
}

template <typename T, typename Parse>
ApiReply *ApiClient::call(const QByteArray &method, const QString &path, const QJsonObject *body, QObject *context,
                          Callback<T> done, Parse parse)
{
    ApiReply *reply = send(method, path, body);
    connect(reply, &ApiReply::finished, context ? context : this, [reply, done = std::move(done), parse] {
        Result<T> result;
        result.error = reply->error();
        if (!result.error.isError()) {
            QString error;
            result.value = parse(reply->json(), &error);
            if (!result.value) {
                result.error.kind = ApiError::Kind::Protocol;
                result.error.httpStatus = reply->httpStatus();
                result.error.code = QStringLiteral("bad_answer");
                result.error.message = error;
            }
        }
        if (done)
            done(result);
    });
    return reply;
}

ApiReply *ApiClient::login(const QString &username, const QString &password, QObject *context,
                           Callback<LoginInfo> done)
{
    const QJsonObject body{{QStringLiteral("username"), username}, {QStringLiteral("password"), password}};
    m_token.clear();
    ApiReply *reply = call<LoginInfo>("POST", QStringLiteral("/api/auth/login"), &body, context, std::move(done),
                                      [](const QJsonObject &object, QString *error) -> std::optional<LoginInfo> {
                                          json::Reader reader(object);
                                          LoginInfo info;
                                          info.token = reader.string(QStringLiteral("token"), true);
                                          info.expiresAt = json::parseTime(reader.string(QStringLiteral("expires_at")));
                                          const auto role = operatorRoleFromString(reader.string(QStringLiteral("role")));
                                          if (!reader.ok() || info.token.isEmpty()) {
                                              *error = reader.ok() ? QStringLiteral("empty token") : reader.error();
                                              return std::nullopt;
                                          }
                                          info.role = role.value_or(OperatorRole::Agent);
                                          return info;
                                      });
    return reply;
}

ApiReply *ApiClient::logout(QObject *context, Callback<Done> done)
{
    const QJsonObject body;
    return call<Done>("POST", QStringLiteral("/api/auth/logout"), &body, context, std::move(done),
                      [](const QJsonObject &, QString *) { return std::optional<Done>(Done{}); });
}

ApiReply *ApiClient::listThreads(const ThreadQuery &query, QObject *context, Callback<ThreadPage> done)
{
    QUrlQuery params;
    if (!query.status.isEmpty())
        params.addQueryItem(QStringLiteral("status"), query.status);
    params.addQueryItem(QStringLiteral("limit"), QString::number(query.limit));
    params.addQueryItem(QStringLiteral("offset"), QString::number(query.offset));
    return call<ThreadPage>("GET", QStringLiteral("/admin/agent/threads?") + params.toString(QUrl::FullyEncoded),
                            nullptr, context, std::move(done),
                            [](const QJsonObject &object, QString *error) -> std::optional<ThreadPage> {
                                auto threads = listFrom<Thread>(object.value(QStringLiteral("threads")).toArray(), error);
                                if (!threads)
                                    return std::nullopt;
                                ThreadPage page;
                                page.threads = std::move(*threads);
                                page.limit = object.value(QStringLiteral("limit")).toInt();
                                page.offset = object.value(QStringLiteral("offset")).toInt();
                                return page;
                            });
}

ApiReply *ApiClient::getThread(const QString &threadId, QObject *context, Callback<ThreadDetail> done)
{
    return call<ThreadDetail>("GET", QStringLiteral("/admin/agent/threads/") + percent(threadId), nullptr, context,
                              std::move(done), [](const QJsonObject &object, QString *error) -> std::optional<ThreadDetail> {
                                  auto thread = threadIn(object, error);
                                  auto messages = listFrom<Message>(object.value(QStringLiteral("messages")).toArray(), error);
                                  auto feedback = listFrom<Feedback>(object.value(QStringLiteral("feedback")).toArray(), error);
                                  if (!thread || !messages || !feedback)
                                      return std::nullopt;
                                  ThreadDetail detail;
                                  detail.thread = std::move(*thread);
                                  detail.messages = std::move(*messages);
                                  detail.feedback = std::move(*feedback);
                                  detail.actions = object.value(QStringLiteral("actions")).toArray();
                                  return detail;
                              });
}

ApiReply *ApiClient::takeOver(const QString &threadId, QObject *context, Callback<Thread> done)
{
    const QJsonObject body;
    return call<Thread>("POST", QStringLiteral("/admin/agent/threads/%1/takeover").arg(percent(threadId)), &body,
                        context, std::move(done), threadIn);
}

ApiReply *ApiClient::reply(const QString &threadId, const QString &text, QObject *context, Callback<Message> done)
{
    const QJsonObject body{{QStringLiteral("text"), text}};
    return call<Message>("POST", QStringLiteral("/admin/agent/threads/%1/reply").arg(percent(threadId)), &body,
                         context, std::move(done), [](const QJsonObject &object, QString *error) -> std::optional<Message> {
                             if (!object.value(QStringLiteral("message")).isObject()) {
                                 *error = QStringLiteral("no message in the answer");
                                 return std::nullopt;
                             }
                             return Message::fromJson(object.value(QStringLiteral("message")).toObject(), error);
                         });
}

ApiReply *ApiClient::handBack(const QString &threadId, QObject *context, Callback<Thread> done)
{
    const QJsonObject body;
    return call<Thread>("POST", QStringLiteral("/admin/agent/threads/%1/handback").arg(percent(threadId)), &body,
                        context, std::move(done), threadIn);
}

ApiReply *ApiClient::closeThread(const QString &threadId, QObject *context, Callback<Thread> done)
{
    const QJsonObject body;
    return call<Thread>("POST", QStringLiteral("/admin/agent/threads/%1/close").arg(percent(threadId)), &body,
                        context, std::move(done), threadIn);
}

ApiReply *ApiClient::listTraces(const TraceQuery &query, QObject *context, Callback<TracePage> done)
{
    QUrlQuery params;
    for (const auto &[name, value] : {std::pair(QStringLiteral("outcome"), query.outcome),
                                      std::pair(QStringLiteral("thread_id"), query.threadId),
                                      std::pair(QStringLiteral("route"), query.route),
                                      std::pair(QStringLiteral("before"), query.before)}) {
        if (!value.isEmpty())
            params.addQueryItem(name, value);
    }
    params.addQueryItem(QStringLiteral("limit"), QString::number(query.limit));
    return call<TracePage>(
        "GET", QStringLiteral("/admin/agent/traces?") + params.toString(QUrl::FullyEncoded), nullptr, context,
        std::move(done), [](const QJsonObject &object, QString *error) -> std::optional<TracePage> {
            auto traces = listFrom<Trace>(object.value(QStringLiteral("traces")).toArray(), error);
            if (!traces)
                return std::nullopt;
            return TracePage{std::move(*traces), object.value(QStringLiteral("next_before")).toString()};
        });
}

ApiReply *ApiClient::getTrace(const QString &traceId, QObject *context, Callback<Trace> done)
{
    return call<Trace>("GET", QStringLiteral("/admin/agent/traces/") + percent(traceId), nullptr, context,
                       std::move(done), [](const QJsonObject &object, QString *error) {
                           return Trace::fromJson(object, error);
                       });
}

ApiReply *ApiClient::listTools(QObject *context, Callback<QJsonArray> done)
{
    return call<QJsonArray>("GET", QStringLiteral("/admin/agent/tools"), nullptr, context, std::move(done),
                            [](const QJsonObject &object, QString *) {
                                return std::optional<QJsonArray>(object.value(QStringLiteral("tools")).toArray());
                            });
}

ApiReply *ApiClient::metrics(int days, QObject *context, Callback<QJsonObject> done)
{
    return metrics(days, 0, context, std::move(done));
}

ApiReply *ApiClient::metrics(int days, int hours, QObject *context, Callback<QJsonObject> done)
{
    QString path = QStringLiteral("/admin/agent/metrics?days=%1").arg(days);
    if (hours > 0)
        path += QStringLiteral("&hours=%1").arg(hours);
    return call<QJsonObject>("GET", path, nullptr, context, std::move(done),
                             [](const QJsonObject &object, QString *) { return std::optional<QJsonObject>(object); });
}

ApiReply *ApiClient::listTickets(const TicketQuery &query, QObject *context, Callback<QList<Ticket>> done)
{
    QUrlQuery params;
    if (!query.status.isEmpty())
        params.addQueryItem(QStringLiteral("status"), query.status);
    if (!query.threadId.isEmpty())
        params.addQueryItem(QStringLiteral("thread_id"), query.threadId);
    params.addQueryItem(QStringLiteral("limit"), QString::number(query.limit));
    params.addQueryItem(QStringLiteral("offset"), QString::number(query.offset));
    return call<QList<Ticket>>("GET", QStringLiteral("/admin/agent/tickets?") + params.toString(QUrl::FullyEncoded),
                               nullptr, context, std::move(done), [](const QJsonObject &object, QString *error) {
                                   return listFrom<Ticket>(object.value(QStringLiteral("tickets")).toArray(), error);
                               });
}

ApiReply *ApiClient::listKbDocuments(const QString &titleFilter, int limit, int offset, QObject *context,
                                     Callback<KbDocumentPage> done)
{
    QUrlQuery params;
    if (!titleFilter.isEmpty())
        params.addQueryItem(QStringLiteral("q"), titleFilter);
    params.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    params.addQueryItem(QStringLiteral("offset"), QString::number(offset));
    return call<KbDocumentPage>(
        "GET", QStringLiteral("/admin/agent/kb?") + params.toString(QUrl::FullyEncoded), nullptr, context,
        std::move(done), [](const QJsonObject &object, QString *error) -> std::optional<KbDocumentPage> {
            KbDocumentPage page;
            for (const QJsonValue &value : object.value(QStringLiteral("documents")).toArray()) {
                const QJsonObject item = value.toObject();
                auto document = KbDocument::fromJson(item, error);
                if (!document)
                    return std::nullopt;
                page.chunkCounts.insert(document->id, item.value(QStringLiteral("chunk_count")).toInt());
                page.documents.append(std::move(*document));
            }
            page.total = object.value(QStringLiteral("total")).toInt();
            return page;
        });
}

ApiReply *ApiClient::getKbDocument(const QString &docId, QObject *context, Callback<KbDocument> done)
{
    return call<KbDocument>("GET", QStringLiteral("/admin/agent/kb/") + percent(docId), nullptr, context,
                            std::move(done), [](const QJsonObject &object, QString *error) {
                                return KbDocument::fromJson(object, error);
                            });
}

ApiReply *ApiClient::putKbDocument(const KbDocument &document, QObject *context, Callback<KbDocument> done)
{
    QJsonObject body = document.toJson(true);
    body.remove(QStringLiteral("updated_at"));
    if (document.source.isEmpty())
        body.remove(QStringLiteral("source"));
    return call<KbDocument>("PUT", QStringLiteral("/admin/agent/kb/") + percent(document.id), &body, context,
                            std::move(done), [document](const QJsonObject &object, QString *error) {
                                // The answer is the stored document; fall back to what was sent.
                                if (object.contains(QStringLiteral("doc_id")))
                                    return KbDocument::fromJson(object, error);
                                return std::optional<KbDocument>(document);
                            });
}

ApiReply *ApiClient::deleteKbDocument(const QString &docId, QObject *context, Callback<Done> done)
{
    return call<Done>("DELETE", QStringLiteral("/admin/agent/kb/") + percent(docId), nullptr, context,
                      std::move(done), [](const QJsonObject &, QString *) { return std::optional<Done>(Done{}); });
}

ApiReply *ApiClient::previewKb(const QString &query, const QString &channel, int topK, QObject *context,
                               Callback<QJsonArray> done)
{
    QJsonObject body{{QStringLiteral("query"), query}, {QStringLiteral("top_k"), topK}};
    if (!channel.isEmpty())
        body.insert(QStringLiteral("channel"), channel);
    return call<QJsonArray>("POST", QStringLiteral("/admin/agent/kb/preview"), &body, context, std::move(done),
                            [](const QJsonObject &object, QString *) {
                                return std::optional<QJsonArray>(object.value(QStringLiteral("results")).toArray());
                            });
}

} // namespace Api

#pragma once
#include "cors.h"
#include "httpreply.h"
#include "httprequest.h"

#include <QList>
#include <QStringList>
#include <functional>
#include <optional>

class QWebSocket;

// Maps method + path pattern to a handler. Patterns are literal segments and
// {name} captures ("/api/agent/thread/{id}"). A path that matches with another
// method gives 405 with Allow; no match gives 404 - both as JSON.
class Router
{
public:
    using Handler = std::function<void(const HttpRequest &, const HttpReply &)>;

    void add(const QByteArray &method, const QString &pattern, Handler handler);

    struct Match
    {
        const Handler *handler = nullptr;
        QHash<QString, QString> params;
        QByteArrayList allowedMethods; // filled when the path matched but the method did not
    };
    Match match(const QByteArray &method, const QString &path) const;

    // WebSocket endpoints: a GET with "Upgrade: websocket" to the pattern.
    // QtHttpServer 6.4 decides the upgrade inside handleRequest, so check runs
    // there, on the I/O thread, and must be quick: a response refuses the
    // upgrade with it (401, say), none lets it through. accept then gets the
    // connected socket on the same thread, parented to the server (it is
    // deleted when it disconnects).
    using UpgradeCheck = std::function<std::optional<HttpResponse>(const HttpRequest &)>;
    using WebSocketHandler = std::function<void(QWebSocket *socket, const HttpRequest &request)>;
    void addWebSocket(const QString &pattern, UpgradeCheck check, WebSocketHandler accept);

    struct WebSocketRoute
    {
        QStringList segments;
        UpgradeCheck check;
        WebSocketHandler accept;
    };
    struct WebSocketMatch
    {
        const WebSocketRoute *route = nullptr;
        QHash<QString, QString> params;
    };
    WebSocketMatch matchWebSocket(const QString &path) const;

    // Cross-origin access, which HttpServer applies before matching a route.
    void setCorsPolicy(CorsPolicy policy) { m_cors = std::move(policy); }
    const CorsPolicy &corsPolicy() const { return m_cors; }

private:
    struct Route
    {
        QByteArray method;
        QStringList segments;
        Handler handler;
    };
    static bool matchSegments(const QStringList &pattern, const QStringList &path, QHash<QString, QString> *params);

    QList<Route> m_routes;
    QList<WebSocketRoute> m_webSocketRoutes;
    CorsPolicy m_cors;
};

#pragma once
#include "httpreply.h"
#include "httprequest.h"

#include <QList>
#include <QStringList>
#include <functional>

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

private:
    struct Route
    {
        QByteArray method;
        QStringList segments;
        Handler handler;
    };
    static bool matchSegments(const QStringList &pattern, const QStringList &path, QHash<QString, QString> *params);

    QList<Route> m_routes;
};

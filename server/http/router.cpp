#include "router.h"

void Router::add(const QByteArray &method, const QString &pattern, Handler handler)
{
    m_routes.append({method, pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts), std::move(handler)});
}

bool Router::matchSegments(const QStringList &pattern, const QStringList &path, QHash<QString, QString> *params)
{
    if (pattern.size() != path.size())
        return false;
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        const QString &expected = pattern.at(i);
        if (expected.startsWith(QLatin1Char('{')) && expected.endsWith(QLatin1Char('}')))
            params->insert(expected.mid(1, expected.size() - 2), path.at(i));
        else if (expected != path.at(i))
            return false;
    }
    return true;
}

Router::Match Router::match(const QByteArray &method, const QString &path) const
{
    Match result;
    const QStringList segments = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (const Route &route : m_routes) {
        QHash<QString, QString> params;
        if (!matchSegments(route.segments, segments, &params))
            continue;
        if (route.method == method || (method == "HEAD" && route.method == "GET")) {
            result.handler = &route.handler;
            result.params = std::move(params);
            result.allowedMethods.clear();
            return result;
        }
        if (!result.allowedMethods.contains(route.method))
            result.allowedMethods.append(route.method);
    }
    return result;
}

void Router::addWebSocket(const QString &pattern, UpgradeCheck check, WebSocketHandler accept)
{
    m_webSocketRoutes.append({pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts), std::move(check), std::move(accept)});
}

Router::WebSocketMatch Router::matchWebSocket(const QString &path) const
{
    WebSocketMatch result;
    const QStringList segments = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    for (const WebSocketRoute &route : m_webSocketRoutes) {
        QHash<QString, QString> params;
        if (matchSegments(route.segments, segments, &params)) {
            result.route = &route;
            result.params = std::move(params);
            break;
        }
    }
    return result;
}

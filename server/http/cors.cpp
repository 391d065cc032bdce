#include "cors.h"

#include <QUrl>

namespace {

const QByteArray kAllowedMethods = "GET, POST, OPTIONS";
const QByteArray kAllowedHeaders = "Content-Type, X-Thread-Token, X-Device-Id, Authorization, Last-Event-ID";
const QByteArray kExposedHeaders = "Retry-After";

} // namespace

CorsPolicy::CorsPolicy(const QStringList &origins, const QStringList &pathPrefixes) : m_pathPrefixes(pathPrefixes)
{
    for (const QString &origin : origins)
        m_origins.insert(origin.toUtf8());
}

std::optional<QString> CorsPolicy::normalizeOrigin(const QString &text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")) || url.host().isEmpty()
        || !url.userInfo().isEmpty() || url.hasQuery() || url.hasFragment()
        || (!url.path().isEmpty() && url.path() != QLatin1String("/")))
        return std::nullopt;
    const int defaultPort = scheme == QLatin1String("https") ? 443 : 80;
    const int port = url.port(defaultPort);
    QString origin = scheme + QLatin1String("://") + url.host(QUrl::FullyEncoded).toLower();
    if (port != defaultPort)
        origin += QLatin1Char(':') + QString::number(port);
    return origin;
}

bool CorsPolicy::covers(const QString &path) const
{
    for (const QString &prefix : m_pathPrefixes) {
        if (path.startsWith(prefix))
            return true;
    }
    return false;
}

bool CorsPolicy::allows(const QByteArray &origin) const
{
    return !origin.isEmpty() && m_origins.contains(origin);
}

bool CorsPolicy::isPreflight(const HttpRequest &request)
{
    return request.method == "OPTIONS" && request.headers.contains("origin")
           && request.headers.contains("access-control-request-method");
}

HttpResponse CorsPolicy::preflight(const HttpRequest &request) const
{
    const QByteArray origin = request.header("origin");
    if (!allows(origin))
        return HttpResponse::error(403, QStringLiteral("origin_not_allowed"),
                                   QStringLiteral("this origin may not call the API"))
            .withHeader("Vary", "Origin");
    return HttpResponse::noContent()
        .withHeader("Access-Control-Allow-Origin", origin)
        .withHeader("Access-Control-Allow-Methods", kAllowedMethods)
        .withHeader("Access-Control-Allow-Headers", kAllowedHeaders)
        .withHeader("Access-Control-Max-Age", QByteArray::number(kMaxAgeSeconds))
        .withHeader("Vary", "Origin");
}

CorsPolicy::Headers CorsPolicy::responseHeaders(const HttpRequest &request) const
{
    // Vary on every answer here: a cache must not hand one origin's answer to another.
    Headers headers{{"Vary", "Origin"}};
    const QByteArray origin = request.header("origin");
    if (allows(origin)) {
        headers.append({"Access-Control-Allow-Origin", origin});
        headers.append({"Access-Control-Expose-Headers", kExposedHeaders});
    }
    return headers;
}

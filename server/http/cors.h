#pragma once
#include "httprequest.h"
#include "httpresponse.h"

#include <QList>
#include <QPair>
#include <QSet>
#include <QStringList>
#include <optional>

// Cross-origin access for the websites that embed the chat widget, and for
// them only. Applied by HttpServer before the router, to the paths it covers:
// a preflight (OPTIONS with Origin and Access-Control-Request-Method) from a
// listed origin gets 204 with the grants, from any other origin 403; an actual
// request from a listed origin gets Access-Control-Allow-Origin on its
// answer, and any other origin gets no CORS headers (the browser then keeps
// the answer from the page). No wildcard and no credentials: the thread token
// travels in a header the page's script sets.
class CorsPolicy
{
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    static constexpr int kMaxAgeSeconds = 600;

    CorsPolicy() = default;
    // origins as normalizeOrigin() returns them; pathPrefixes like "/api/agent/".
    CorsPolicy(const QStringList &origins, const QStringList &pathPrefixes);

    // "scheme://host[:port]" in lower case without a default port, or nothing
    // when text is not an http(s) origin (a path, query, user or "*" included).
    static std::optional<QString> normalizeOrigin(const QString &text);

    bool covers(const QString &path) const;
    bool allows(const QByteArray &origin) const;
    static bool isPreflight(const HttpRequest &request);
    // The answer to a preflight for a covered path.
    HttpResponse preflight(const HttpRequest &request) const;
    // Headers the answer to an actual request on a covered path carries.
    Headers responseHeaders(const HttpRequest &request) const;

private:
    QSet<QByteArray> m_origins;
    QStringList m_pathPrefixes;
};

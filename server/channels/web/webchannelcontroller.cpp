#include "webchannelcontroller.h"

namespace {

// The page runs no script of its own and loads nothing from elsewhere; the
// widget's styles are a constructed style sheet, which style-src allows.
const QByteArray kPagePolicy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                               "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

} // namespace

WebChannelController::WebChannelController(Services &services)
    : ApiController(services),
      m_page(QStringLiteral(":/web/demo.html"), "text/html; charset=utf-8", "no-cache"),
      m_pageStyles(QStringLiteral(":/web/demo.css"), "text/css; charset=utf-8", "no-cache"),
      // Sites embed /widget.js under a fixed name: a short lifetime, then revalidation by ETag.
      m_widget(QStringLiteral(":/web/widget.js"), "text/javascript; charset=utf-8", "public, max-age=300")
{
    m_page.withHeader("Content-Security-Policy", kPagePolicy).withHeader("Referrer-Policy", "same-origin");
    m_widget.withHeader("Cross-Origin-Resource-Policy", "cross-origin");
}

void WebChannelController::registerRoutes(Router &router)
{
    const auto serve = [&router](const QString &path, const StaticAsset *asset) {
        router.add("GET", path, [asset](const HttpRequest &request, const HttpReply &reply) {
            reply.send(asset->respond(request));
        });
    };
    serve(QStringLiteral("/"), &m_page);
    serve(QStringLiteral("/demo.css"), &m_pageStyles);
    serve(QStringLiteral("/widget.js"), &m_widget);
}

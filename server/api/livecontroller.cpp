#include "livecontroller.h"

#include "auth/authservice.h"
#include "live/eventbus.h"
#include "live/livesocket.h"

#include <QWebSocket>
#include <cmath>

namespace {

HttpResponse unauthorized(const QString &message)
{
    return HttpResponse::error(401, QStringLiteral("unauthorized"), message).withHeader("WWW-Authenticate", "Bearer");
}

} // namespace

std::optional<qint64> LiveController::parseSince(const QString &text)
{
    if (text.isEmpty())
        return -1;
    bool ok = false;
    qint64 value = text.toLongLong(&ok);
    if (!ok) {
        // A JavaScript client may print a large id as 1.76e+15; accept it when exact.
        const double number = text.toDouble(&ok);
        if (!ok || number != std::floor(number) || number > 9007199254740992.0)
            return std::nullopt;
        value = qint64(number);
    }
    if (value < 0)
        return std::nullopt;
    return value;
}

void LiveController::registerRoutes(Router &router)
{
    EventBus &bus = m_services.events;
    router.addWebSocket(
        QStringLiteral("/api/live"), [this](const HttpRequest &request) { return checkUpgrade(request); },
        [&bus](QWebSocket *socket, const HttpRequest &request) {
            const qint64 since = parseSince(request.query.queryItemValue(QStringLiteral("since"))).value_or(-1);
            new LiveSocket(socket, bus, since, request.query.queryItemValue(QStringLiteral("epoch")));
        });
    // The same path without the upgrade: say what it takes.
    router.add("GET", QStringLiteral("/api/live"), [this](const HttpRequest &request, const HttpReply &reply) {
        asOperator(request, reply, OperatorRole::Agent, [](const Operator &) {
            return HttpResponse::error(426, QStringLiteral("upgrade_required"),
                                       QStringLiteral("open /api/live as a WebSocket"))
                .withHeader("Upgrade", "websocket");
        });
    });
}

std::optional<HttpResponse> LiveController::checkUpgrade(const HttpRequest &request) const
{
    const QString token = bearerToken(request);
    if (token.isEmpty())
        return unauthorized(QStringLiteral("sign in first"));
    const std::optional<qint64> since = parseSince(request.query.queryItemValue(QStringLiteral("since")));
    if (!since)
        return HttpResponse::error(400, QStringLiteral("bad_request"), QStringLiteral("since must be an event id"));
    if (request.query.queryItemValue(QStringLiteral("epoch")).size() > 64)
        return HttpResponse::error(400, QStringLiteral("bad_request"), QStringLiteral("epoch is too long"));
    // QtHttpServer 6.4 decides the upgrade in the I/O thread's handleRequest,
    // so this one lookup (an indexed read) runs there; see docs/architecture.md.
    std::optional<Operator> op;
    try {
        op = m_services.auth.authenticate(token);
    } catch (...) {
        op.reset();
    }
    if (!op)
        return unauthorized(QStringLiteral("the session is invalid or has expired"));
    if (!roleAtLeast(op->role, OperatorRole::Agent))
        return HttpResponse::error(403, QStringLiteral("forbidden"), QStringLiteral("this needs the agent role"));
    return std::nullopt;
}

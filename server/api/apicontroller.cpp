#include "apicontroller.h"

#include "auth/authservice.h"
#include "auth/ratelimits.h"

#include <QThreadPool>
#include <exception>

void ApiController::onWorker(const HttpReply &reply, std::function<HttpResponse()> work) const
{
    m_services.workers.start([reply, work = std::move(work)] {
        try {
            reply.send(work());
        } catch (...) {
            reply.send(HttpResponse::error(500, QStringLiteral("internal_error"), QStringLiteral("something went wrong")));
        }
    });
}

HttpResponse ApiController::rateLimited(qint64 retryAfterSeconds, const QString &message)
{
    return HttpResponse::error(429, QStringLiteral("rate_limited"), message)
        .withHeader("Retry-After", QByteArray::number(qMax<qint64>(1, retryAfterSeconds)));
}

QString ApiController::bearerToken(const HttpRequest &request)
{
    const QByteArray header = request.header("authorization");
    if (!header.startsWith("Bearer "))
        return {};
    return QString::fromLatin1(header.mid(7).trimmed());
}

void ApiController::asOperator(const HttpRequest &request, const HttpReply &reply, OperatorRole needed,
                               std::function<HttpResponse(const Operator &)> action) const
{
    const QString token = bearerToken(request);
    if (token.isEmpty()) {
        reply.send(HttpResponse::error(401, QStringLiteral("unauthorized"), QStringLiteral("sign in first"))
                       .withHeader("WWW-Authenticate", "Bearer"));
        return;
    }
    AuthService &auth = m_services.auth;
    RateLimits &limits = m_services.rateLimits;
    onWorker(reply, [&auth, &limits, token, needed, action = std::move(action)] {
        const auto op = auth.authenticate(token);
        if (!op)
            return HttpResponse::error(401, QStringLiteral("unauthorized"), QStringLiteral("the session is invalid or has expired"))
                .withHeader("WWW-Authenticate", "Bearer");
        // Each operator has a budget of their own (after authentication: a
        // stranger cannot spend an operator's).
        if (const RateLimits::Verdict verdict = limits.admitOperatorRequest(op->username); !verdict.allowed)
            return rateLimited(verdict.retryAfterSeconds(), QStringLiteral("too many requests, slow down"));
        if (!roleAtLeast(op->role, needed))
            return HttpResponse::error(403, QStringLiteral("forbidden"),
                                       QStringLiteral("this needs the %1 role").arg(operatorRoleToString(needed)));
        return action(*op);
    });
}

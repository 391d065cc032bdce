#include "authcontroller.h"

#include "auth/authservice.h"
#include "auth/clientidentity.h"
#include "http/jsonbody.h"
#include "model/jsonutil.h"

#include <QThreadPool>

void AuthController::registerRoutes(Router &router)
{
    router.add("POST", QStringLiteral("/api/auth/login"),
               [this](const HttpRequest &request, const HttpReply &reply) { login(request, reply); });
    router.add("POST", QStringLiteral("/api/auth/logout"),
               [this](const HttpRequest &request, const HttpReply &reply) { logout(request, reply); });
}

void AuthController::login(const HttpRequest &request, const HttpReply &reply)
{
    const JsonBody body = readJsonBody(request);
    if (body.error) {
        reply.send(*body.error);
        return;
    }
    json::Reader reader(body.object);
    const QString username = reader.string(QStringLiteral("username"), true);
    const QString password = reader.string(QStringLiteral("password"), true);
    if (!reader.ok()) {
        reply.send(HttpResponse::error(400, QStringLiteral("bad_request"), reader.error()));
        return;
    }
    if (username.isEmpty() || username.size() > 64 || password.isEmpty() || password.size() > 1024) {
        reply.send(HttpResponse::error(401, QStringLiteral("invalid_credentials"), QStringLiteral("wrong user name or password")));
        return;
    }
    AuthService &auth = m_services.auth;
    // Failed logins are counted per client: behind a trusted proxy, the address
    // it forwards, so one client's guesses do not lock out everyone behind it.
    const QString client =
        ClientIdentity::clientAddress(request.remoteAddress, request.header("x-forwarded-for"), m_services.trustedProxies)
            .toString();
    m_services.passwordPool.start([&auth, reply, username, password, client] {
        const AuthService::LoginResult result = auth.login(username, password, client);
        switch (result.status) {
        case AuthService::LoginResult::Status::Ok:
            reply.send(HttpResponse::json({{QStringLiteral("token"), result.token},
                                           {QStringLiteral("expires_at"), json::formatTime(result.expiresAt)},
                                           {QStringLiteral("role"), operatorRoleToString(result.role)}}));
            return;
        case AuthService::LoginResult::Status::Throttled:
            reply.send(HttpResponse::error(429, QStringLiteral("too_many_attempts"),
                                           QStringLiteral("too many failed sign-ins, try again later"))
                           .withHeader("Retry-After", QByteArray::number(qMax<qint64>(1, (result.retryAfterMs + 999) / 1000))));
            return;
        case AuthService::LoginResult::Status::InvalidCredentials:
            reply.send(HttpResponse::error(401, QStringLiteral("invalid_credentials"), QStringLiteral("wrong user name or password")));
            return;
        case AuthService::LoginResult::Status::Unavailable:
            reply.send(HttpResponse::error(503, QStringLiteral("unavailable"), QStringLiteral("please retry")));
            return;
        }
    });
}

void AuthController::logout(const HttpRequest &request, const HttpReply &reply)
{
    asOperator(request, reply, OperatorRole::Agent, [this, token = bearerToken(request)](const Operator &) {
        m_services.auth.logout(token);
        return HttpResponse::noContent();
    });
}

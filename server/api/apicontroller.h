#pragma once
#include "services.h"

#include "http/httpreply.h"
#include "http/httprequest.h"
#include "http/router.h"
#include "model/operator.h"

#include <functional>

// Shared pieces of the controllers: running blocking work on a worker thread
// and answering from there, and checking an operator's bearer token and role
// before an admin action runs.
class ApiController
{
public:
    explicit ApiController(Services &services) : m_services(services) {}
    virtual ~ApiController() = default;
    virtual void registerRoutes(Router &router) = 0;

protected:
    // Runs work() on the worker pool and sends what it returns.
    void onWorker(const HttpReply &reply, std::function<HttpResponse()> work) const;
    // On a worker: authenticates the bearer token, checks the role, then runs action.
    void asOperator(const HttpRequest &request, const HttpReply &reply, OperatorRole needed,
                    std::function<HttpResponse(const Operator &)> action) const;
    static QString bearerToken(const HttpRequest &request);
    // 429 with Retry-After (whole seconds, at least 1) for a refused budget.
    static HttpResponse rateLimited(qint64 retryAfterSeconds, const QString &message);

    Services &m_services;
};

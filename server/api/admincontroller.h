#pragma once
#include "apicontroller.h"

// Operator routes over conversations, traces, tools and metrics. Every route
// needs a bearer token; reading conversations and tools needs the agent role,
// the metrics (they include cost) the admin role.
class AdminController : public ApiController
{
public:
    using ApiController::ApiController;
    void registerRoutes(Router &router) override;

private:
    void listThreads(const HttpRequest &request, const HttpReply &reply);
    void getThread(const HttpRequest &request, const HttpReply &reply);
    void getTrace(const HttpRequest &request, const HttpReply &reply);
    void listTools(const HttpRequest &request, const HttpReply &reply);
    void getMetrics(const HttpRequest &request, const HttpReply &reply);
};

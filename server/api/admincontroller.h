#pragma once
#include "apicontroller.h"

// Operator routes over conversations, tickets, traces, tools and metrics, and
// the actions on a thread (take over, reply as a person, hand back, close).
// Every route needs a bearer token; conversations, tickets and tools need the
// agent role, the metrics (they include cost) the admin role.
class AdminController : public ApiController
{
public:
    using ApiController::ApiController;
    void registerRoutes(Router &router) override;

private:
    void listThreads(const HttpRequest &request, const HttpReply &reply);
    void getThread(const HttpRequest &request, const HttpReply &reply);
    void takeOver(const HttpRequest &request, const HttpReply &reply);
    void replyAsHuman(const HttpRequest &request, const HttpReply &reply);
    void handBack(const HttpRequest &request, const HttpReply &reply);
    void closeThread(const HttpRequest &request, const HttpReply &reply);
    void listTickets(const HttpRequest &request, const HttpReply &reply);
    void listTraces(const HttpRequest &request, const HttpReply &reply);
    void getTrace(const HttpRequest &request, const HttpReply &reply);
    void listTools(const HttpRequest &request, const HttpReply &reply);
    void getMetrics(const HttpRequest &request, const HttpReply &reply);
};

#pragma once
#include "apicontroller.h"

// The shopper-facing agent API: send a message, read a thread, rate a reply.
// A thread is reached only with its token (X-Thread-Token); a wrong or
// missing token answers exactly like an unknown thread (404).
class AgentController : public ApiController
{
public:
    using ApiController::ApiController;
    void registerRoutes(Router &router) override;

    static constexpr int kMaxMessageCharacters = 4000;

private:
    void postMessage(const HttpRequest &request, const HttpReply &reply);
    void getThread(const HttpRequest &request, const HttpReply &reply);
    void postFeedback(const HttpRequest &request, const HttpReply &reply);
};

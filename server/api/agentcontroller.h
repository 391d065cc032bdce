#pragma once
#include "apicontroller.h"

// The shopper-facing agent API: send a message, read a thread (or follow it
// as Server-Sent Events), rate a reply. A thread is reached only with its
// token (X-Thread-Token; the event stream also takes ?token=, as EventSource
// cannot set headers); a wrong or missing token answers exactly like an
// unknown thread (404).
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
    void streamThreadEvents(const HttpRequest &request, const HttpReply &reply);
};

#pragma once
#include "apicontroller.h"

// The shopper-facing agent API: send a message, read a thread (or follow it
// as Server-Sent Events), rate a reply. A thread is reached only with its
// token (X-Thread-Token; the event stream also takes ?token=, as EventSource
// cannot set headers); a wrong or missing token answers exactly like an
// unknown thread (404).
//
// Sending a message is rate-limited per client (address plus X-Device-Id) or,
// with a valid "Authorization: Bearer <JWT>" from the website, per signed-in
// user. A valid token binds the thread to that user and lets get_order serve
// their own orders; a token of another user on a bound thread is refused
// (403); an invalid token or none leaves the message anonymous.
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

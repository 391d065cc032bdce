#pragma once
#include "apicontroller.h"

// Operator sign-in and sign-out (bearer tokens for the console and admin API).
class AuthController : public ApiController
{
public:
    using ApiController::ApiController;
    void registerRoutes(Router &router) override;

private:
    void login(const HttpRequest &request, const HttpReply &reply);
    void logout(const HttpRequest &request, const HttpReply &reply);
};

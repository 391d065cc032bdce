#pragma once
#include "apicontroller.h"

// GET /healthz: the process serves. GET /readyz: the database answers and the
// knowledge base is indexed (503 with the reason otherwise).
class HealthController : public ApiController
{
public:
    using ApiController::ApiController;
    void registerRoutes(Router &router) override;
};

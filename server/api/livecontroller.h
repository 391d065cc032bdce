#pragma once
#include "apicontroller.h"

// GET /api/live: the operator console's WebSocket of live events (agent role,
// bearer token checked before the upgrade). Optional ?since=<event id>&epoch=
// replays what a reconnecting console missed; see LiveSocket.
class LiveController : public ApiController
{
public:
    using ApiController::ApiController;
    void registerRoutes(Router &router) override;

    // Reads ?since= (or a Last-Event-ID value): -1 when absent, nullopt when invalid.
    static std::optional<qint64> parseSince(const QString &text);

private:
    std::optional<HttpResponse> checkUpgrade(const HttpRequest &request) const;
};

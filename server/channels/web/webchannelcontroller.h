#pragma once
#include "staticasset.h"

#include "api/apicontroller.h"

// The website channel's files, compiled in from resources/widget:
//   GET /           the demo store page with the chat widget on it
//   GET /demo.css   its styles
//   GET /widget.js  the widget, for any site to embed (its styles are inside)
// The widget then talks to the agent API (/api/agent/...), which other
// sites reach through CORS (WebConfig).
class WebChannelController : public ApiController
{
public:
    explicit WebChannelController(Services &services);
    void registerRoutes(Router &router) override;

private:
    StaticAsset m_page;
    StaticAsset m_pageStyles;
    StaticAsset m_widget;
};

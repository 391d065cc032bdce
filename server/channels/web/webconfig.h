#pragma once
#include "http/cors.h"

#include <QProcessEnvironment>
#include <QStringList>

// Settings of the website channel: which sites may call the shopper API from
// their pages (CORS). From the "web" object of the `serve --config` file:
//   {"web": {"origins": ["https://shop.example", "http://localhost:8000"]}}
// then SUPPORTD_SITE_ORIGINS (comma-separated), which replaces the file's
// list when set. The demo page supportd serves itself is same-origin and needs
// no entry. With no origins, no other site may call the API from a browser.
struct WebConfig
{
    QStringList origins; // normalised: scheme://host[:port]

    // Returns false with a one-line error naming the setting on an unreadable
    // or invalid file, or an entry that is not an http(s) origin.
    static bool load(const QString &configFile, const QProcessEnvironment &env, WebConfig *out, QString *error);

    // The widget's API: every /api/agent/ route (messages, thread, events, feedback).
    CorsPolicy corsPolicy() const;
};

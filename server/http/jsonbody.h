#pragma once
#include "httprequest.h"
#include "httpresponse.h"

#include <QJsonObject>
#include <optional>

// Reads a request body that must be a JSON object: 415 when the content type
// is not JSON, 422 when the bytes are not valid UTF-8, 400 when the JSON is
// malformed or not an object.
struct JsonBody
{
    QJsonObject object;
    std::optional<HttpResponse> error;
};
JsonBody readJsonBody(const HttpRequest &request);

// Text a person typed: no unpaired surrogates (what invalid UTF-8 decodes to
// inside JSON escapes) and no control characters other than tab and newlines.
// Returns an empty string when acceptable, else what is wrong.
QString checkText(const QString &text);

// Characters as a person counts them: a surrogate pair (an emoji, say) is one,
// though QString::size() counts two.
qsizetype characterCount(const QString &text);

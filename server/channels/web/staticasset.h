#pragma once
#include "http/httprequest.h"
#include "http/httpresponse.h"

#include <QByteArray>
#include <QString>

// A file compiled into supportd (Qt resources) and served as it is: loaded
// once, with a strong ETag from its content, so a browser revalidates with
// If-None-Match and gets 304 without the body.
class StaticAsset
{
public:
    // resourcePath like ":/web/widget.js"; the asset is empty when it is missing.
    StaticAsset(const QString &resourcePath, QByteArray contentType, QByteArray cacheControl);

    bool isEmpty() const { return m_body.isEmpty(); }
    QByteArray etag() const { return m_etag; }
    // Extra headers on every answer (a Content-Security-Policy, say).
    StaticAsset &withHeader(const QByteArray &name, const QByteArray &value);
    // 200 with the body, or 304 when If-None-Match names this version.
    HttpResponse respond(const HttpRequest &request) const;

private:
    bool matches(const QByteArray &ifNoneMatch) const;

    QByteArray m_body;
    QByteArray m_contentType;
    QByteArray m_etag;
    QList<QPair<QByteArray, QByteArray>> m_headers;
};

#include "staticasset.h"

#include <QCryptographicHash>
#include <QFile>

StaticAsset::StaticAsset(const QString &resourcePath, QByteArray contentType, QByteArray cacheControl)
    : m_contentType(std::move(contentType))
{
    QFile file(resourcePath);
    if (file.open(QIODevice::ReadOnly))
        m_body = file.readAll();
    m_etag = '"' + QCryptographicHash::hash(m_body, QCryptographicHash::Sha256).toHex().left(32) + '"';
    m_headers.append({"Cache-Control", cacheControl});
    m_headers.append({"ETag", m_etag});
}

StaticAsset &StaticAsset::withHeader(const QByteArray &name, const QByteArray &value)
{
    m_headers.append({name, value});
    return *this;
}

bool StaticAsset::matches(const QByteArray &ifNoneMatch) const
{
    // A list of entity tags or "*"; If-None-Match compares weakly, so W/ is ignored.
    for (QByteArray tag : ifNoneMatch.split(',')) {
        tag = tag.trimmed();
        if (tag.startsWith("W/"))
            tag = tag.mid(2);
        if (tag == "*" || tag == m_etag)
            return true;
    }
    return false;
}

HttpResponse StaticAsset::respond(const HttpRequest &request) const
{
    HttpResponse response;
    const QByteArray ifNoneMatch = request.header("if-none-match");
    if (!ifNoneMatch.isEmpty() && matches(ifNoneMatch)) {
        response.status = 304;
        response.contentType.clear();
    } else {
        response.contentType = m_contentType;
        response.body = m_body;
    }
    response.headers = m_headers;
    return response;
}

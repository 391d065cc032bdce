#include "jsonbody.h"

#include <QJsonDocument>
#include <QStringDecoder>

namespace {

bool isJsonContentType(const QByteArray &header)
{
    const QByteArray value = header.trimmed().toLower();
    const qsizetype semicolon = value.indexOf(';');
    const QByteArray mime = (semicolon < 0 ? value : value.left(semicolon)).trimmed();
    if (mime != "application/json")
        return false;
    if (semicolon < 0)
        return true;
    // Any parameter may carry the charset, not only the first.
    const QList<QByteArray> params = value.mid(semicolon + 1).split(';');
    for (const QByteArray &param : params) {
        const QByteArray compact = param.trimmed().replace(' ', "");
        if (compact.startsWith("charset=") && compact != "charset=utf-8" && compact != "charset=\"utf-8\"")
            return false;
    }
    return true;
}

} // namespace

JsonBody readJsonBody(const HttpRequest &request)
{
    JsonBody result;
    if (!isJsonContentType(request.header("content-type"))) {
        result.error = HttpResponse::error(415, QStringLiteral("unsupported_media_type"),
                                           QStringLiteral("send the body as application/json"));
        return result;
    }
    if (request.body.trimmed().isEmpty()) {
        result.error = HttpResponse::error(400, QStringLiteral("bad_request"), QStringLiteral("the body is empty"));
        return result;
    }
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder.decode(request.body); // decode() is lazy: it only runs when converted
    if (decoder.hasError()) {
        result.error = HttpResponse::error(422, QStringLiteral("invalid_utf8"),
                                           QStringLiteral("the body is not valid UTF-8"));
        return result;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        result.error = HttpResponse::error(400, QStringLiteral("malformed_json"),
                                           QStringLiteral("malformed JSON at offset %1: %2")
                                               .arg(parseError.offset)
                                               .arg(parseError.errorString()));
        return result;
    }
    if (!document.isObject()) {
        result.error = HttpResponse::error(400, QStringLiteral("bad_request"),
                                           QStringLiteral("the body must be a JSON object"));
        return result;
    }
    result.object = document.object();
    return result;
}

QString checkText(const QString &text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate()) {
            if (i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
                ++i;
                continue;
            }
            return QStringLiteral("is not valid UTF-8");
        }
        if (c.isLowSurrogate())
            return QStringLiteral("is not valid UTF-8");
        const char16_t u = c.unicode();
        if ((u < 0x20 && u != u'\t' && u != u'\n' && u != u'\r') || (u >= 0x7f && u < 0xa0))
            return QStringLiteral("contains control characters");
    }
    return {};
}

qsizetype characterCount(const QString &text)
{
    qsizetype count = text.size();
    for (qsizetype i = 1; i < text.size(); ++i) {
        if (text.at(i).isLowSurrogate() && text.at(i - 1).isHighSurrogate())
            --count;
    }
    return count;
}

#include "testjwt.h"

#include "auth/crypto.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

namespace {

QByteArray b64(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

} // namespace

QByteArray mintTestJwt(const QByteArray &secret, const QString &issuer, const QString &subject, const QString &email,
                       const QString &audience)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QJsonObject header{{QStringLiteral("typ"), QStringLiteral("JWT")}, {QStringLiteral("alg"), QStringLiteral("HS256")}};
    const QJsonObject claims{{QStringLiteral("iss"), issuer},   {QStringLiteral("aud"), audience},
                             {QStringLiteral("sub"), subject},  {QStringLiteral("email"), email},
                             {QStringLiteral("name"), subject}, {QStringLiteral("iat"), now},
                             {QStringLiteral("exp"), now + 300}};
    const QByteArray input = b64(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
                             + b64(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    return input + '.' + b64(QByteArray::fromHex(crypto::hmacSha256Hex(secret, input).toLatin1()));
}

#pragma once
#include <QByteArray>
#include <QString>

// An HS256 JWT as the WordPress plugin mints it: iss the site URL, aud, sub
// the user id as a string, email, name, iat now and exp = iat + 300.
QByteArray mintTestJwt(const QByteArray &secret, const QString &issuer, const QString &subject, const QString &email,
                       const QString &audience = QStringLiteral("supportd"));

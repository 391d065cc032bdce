#pragma once
#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QString>
#include <QUrlQuery>

// A copy of one request that is safe to hand to a worker thread (QHttpServerRequest
// is tied to its socket and lives only during the dispatch).
struct HttpRequest
{
    QByteArray method;                 // "GET", "POST", ...
    QString path;                      // decoded path, no query
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // names lower-cased
    QByteArray body;
    QHostAddress remoteAddress;
    QHash<QString, QString> params;    // captured from the route pattern

    QByteArray header(const QByteArray &lowerCaseName) const { return headers.value(lowerCaseName); }
    QString param(const QString &name) const { return params.value(name); }
    QString clientAddress() const { return remoteAddress.toString(); }
};

#include "tokenstore.h"
#include "session.h"

#include <QUrl>

QString TokenStore::keyFor(const QString &serverUrl, const QString &username)
{
    return username + QLatin1Char('@') + Session::normalizedUrl(serverUrl).toString();
}

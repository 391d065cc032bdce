#include "configfile.h"

#include <QFile>
#include <QJsonDocument>

bool configfile::read(const QString &path, QJsonObject *root, QString *error)
{
    *root = QJsonObject();
    if (path.isEmpty())
        return true;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the config file %1: %2").arg(path, file.errorString());
        return false;
    }
    const QByteArray contents = file.read(kMaxBytes + 1);
    if (contents.size() > kMaxBytes) {
        *error = QStringLiteral("the config file %1 is larger than 1 MiB").arg(path);
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(contents, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("the config file %1 is not valid JSON (%2 at byte %3), so not a JSON object")
                     .arg(path, parseError.errorString())
                     .arg(parseError.offset);
        return false;
    }
    if (!document.isObject()) {
        *error = QStringLiteral("the config file %1 is not a JSON object (it must hold a JSON object)").arg(path);
        return false;
    }
    *root = document.object();
    return true;
}

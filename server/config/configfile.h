#pragma once
#include <QJsonObject>
#include <QString>

// The `supportd serve --config F` file: one JSON object whose sections
// ("llm", "web", "rate_limits", "trusted_proxies") each component reads
// itself. Its errors name the file and Qt's parse error and offset, never a
// piece of the file, which may hold secrets.
namespace configfile {

constexpr qint64 kMaxBytes = 1024 * 1024;

// The file's object in `root`; an empty path reads as an empty object. False,
// with `error` set, when the file is unreadable, larger than 1 MiB, not valid
// JSON or not an object.
bool read(const QString &path, QJsonObject *root, QString *error);

} // namespace configfile

#include "secrets.h"

#include <QFile>

namespace secrets {

namespace {
constexpr qint64 kMaxSecretBytes = 4096;
}

std::optional<QString> fromFile(const QString &path, const QString &what, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1 (%2)").arg(what, path);
        return std::nullopt;
    }
    const QByteArray contents = file.read(kMaxSecretBytes + 1);
    if (contents.size() > kMaxSecretBytes) {
        *error = QStringLiteral("%1 (%2) is larger than %3 bytes: not a secret").arg(what, path).arg(kMaxSecretBytes);
        return std::nullopt;
    }
    return QString::fromUtf8(contents).trimmed();
}

std::optional<QString> fromEnvironment(const QProcessEnvironment &env, const QString &name, QString *error)
{
    const QString direct = env.value(name);
    const QString fileVariable = name + QStringLiteral("_FILE");
    const QString path = env.value(fileVariable);
    if (!direct.isEmpty() && !path.isEmpty()) {
        *error = QStringLiteral("set %1 or %2, not both").arg(name, fileVariable);
        return std::nullopt;
    }
    if (path.isEmpty())
        return direct.trimmed();
    return fromFile(path, fileVariable, error);
}

} // namespace secrets

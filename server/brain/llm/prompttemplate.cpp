#include "prompttemplate.h"

#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>

namespace {
const QString kRoot = QStringLiteral(":/prompts/");

int versionNumber(const QString &version)
{
    static const QRegularExpression pattern(QStringLiteral("/v(\\d+)$"));
    const auto match = pattern.match(version);
    return match.hasMatch() ? match.captured(1).toInt() : -1;
}
} // namespace

QStringList PromptTemplate::versions()
{
    QStringList found;
    QDirIterator it(kRoot, {QStringLiteral("v*.md")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QString path = it.next().mid(kRoot.size());
        path.chop(3); // ".md"
        found.append(path);
    }
    std::sort(found.begin(), found.end(), [](const QString &a, const QString &b) {
        const QString nameA = a.section(QLatin1Char('/'), 0, 0), nameB = b.section(QLatin1Char('/'), 0, 0);
        return nameA != nameB ? nameA < nameB : versionNumber(a) < versionNumber(b);
    });
    return found;
}

std::optional<PromptTemplate> PromptTemplate::load(const QString &nameOrVersion, QString *error)
{
    QString version = nameOrVersion;
    if (!version.contains(QLatin1Char('/'))) {
        version.clear();
        for (const QString &candidate : versions()) {
            if (candidate.section(QLatin1Char('/'), 0, 0) == nameOrVersion)
                version = candidate; // sorted: the last is the newest
        }
    }
    QFile file(kRoot + version + QStringLiteral(".md"));
    if (version.isEmpty() || versionNumber(version) < 0 || !file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("no prompt template %1 (known: %2)")
                         .arg(nameOrVersion, versions().join(QStringLiteral(", ")));
        return std::nullopt;
    }
    PromptTemplate result;
    result.m_version = version;
    result.m_text = QString::fromUtf8(file.readAll()).trimmed();
    return result;
}

QString PromptTemplate::render(const QHash<QString, QString> &values) const
{
    QString text = m_text;
    for (auto it = values.begin(); it != values.end(); ++it)
        text.replace(QStringLiteral("{{") + it.key() + QStringLiteral("}}"), it.value());
    return text;
}

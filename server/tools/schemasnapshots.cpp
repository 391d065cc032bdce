#include "schemasnapshots.h"

#include "schemacompat.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>
#include <algorithm>

QString SchemaSnapshots::path(const QString &tool, const QString &version) const
{
    return QDir(m_dir).filePath(tool + QLatin1Char('/') + version + QStringLiteral(".json"));
}

QStringList SchemaSnapshots::tools() const
{
    QStringList names = QDir(m_dir).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    names.sort();
    return names;
}

QStringList SchemaSnapshots::versions(const QString &tool) const
{
    QList<schemacompat::Version> found;
    for (const QString &file : QDir(QDir(m_dir).filePath(tool)).entryList({QStringLiteral("*.json")}, QDir::Files)) {
        if (const auto version = schemacompat::Version::parse(file.chopped(5)))
            found.append(*version);
    }
    std::sort(found.begin(), found.end());
    QStringList list;
    for (const auto &version : std::as_const(found))
        list.append(version.toString());
    return list;
}

std::optional<QJsonObject> SchemaSnapshots::read(const QString &tool, const QString &version, QString *error) const
{
    QFile file(path(tool, version));
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString());
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject()) {
        if (error)
            *error = QStringLiteral("%1 is not a JSON object (%2)").arg(file.fileName(), parseError.errorString());
        return std::nullopt;
    }
    return document.object();
}

QByteArray SchemaSnapshots::format(const QJsonObject &spec)
{
    return QJsonDocument(spec).toJson(QJsonDocument::Indented);
}

SchemaSnapshots::Outcome SchemaSnapshots::write(const QJsonObject &spec, bool force) const
{
    const QString tool = spec.value(QStringLiteral("name")).toString();
    const QString version = spec.value(QStringLiteral("version")).toString();
    Outcome outcome;
    outcome.path = path(tool, version);
    const auto current = schemacompat::Version::parse(version);
    if (tool.isEmpty() || tool.contains(QLatin1Char('/')) || !current) {
        outcome.message = QStringLiteral("tool '%1' has no usable name or MAJOR.MINOR version ('%2')").arg(tool, version);
        return outcome;
    }

    if (QFile::exists(outcome.path)) {
        QString error;
        const auto existing = read(tool, version, &error);
        if (existing && *existing == spec) {
            outcome.status = Outcome::Status::Unchanged;
            return outcome;
        }
        if (!force) {
            outcome.message = QStringLiteral("tool %1 version %2 changed: bump the version (or --force while %2 is unreleased)")
                                  .arg(tool, version);
            return outcome;
        }
    }

    // The step from the newest older snapshot must follow the versioning rule.
    QString previous;
    for (const QString &candidate : versions(tool)) {
        if (*schemacompat::Version::parse(candidate) < *current)
            previous = candidate;
    }
    if (!previous.isEmpty()) {
        QString error;
        const auto older = read(tool, previous, &error);
        if (!older) {
            outcome.message = error;
            return outcome;
        }
        schemacompat::Report report;
        const QString problem = schemacompat::checkVersionRule(*older, spec, &report);
        if (!problem.isEmpty() && !force) {
            outcome.message = problem;
            return outcome;
        }
        QStringList changes;
        for (const schemacompat::Change &change : std::as_const(report.changes))
            changes.append((change.breaking ? QStringLiteral("breaking: ") : QStringLiteral("additive: ")) + change.toString());
        outcome.message = QStringLiteral("since %1: %2").arg(previous, changes.join(QStringLiteral("; ")));
        if (!problem.isEmpty())
            outcome.message += QStringLiteral(" (forced past: %1)").arg(problem);
    }

    if (!QDir().mkpath(QFileInfo(outcome.path).absolutePath())) {
        outcome.message = QStringLiteral("cannot create the folder for %1").arg(outcome.path);
        return outcome;
    }
    QSaveFile file(outcome.path);
    if (!file.open(QIODevice::WriteOnly) || file.write(format(spec)) < 0 || !file.commit()) {
        outcome.message = QStringLiteral("cannot write %1: %2").arg(outcome.path, file.errorString());
        return outcome;
    }
    outcome.status = Outcome::Status::Written;
    return outcome;
}

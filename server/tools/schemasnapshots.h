#pragma once
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>

// The committed tool schemas: <dir>/<tool>/<version>.json, each a Tool::spec()
// as indented JSON (keys sorted, as QJsonDocument writes them). A version's
// file never changes once written: a change is a new version, and the step
// from the previous version must follow schemacompat's rule.
class SchemaSnapshots
{
public:
    explicit SchemaSnapshots(QString dir) : m_dir(std::move(dir)) {}

    QString path(const QString &tool, const QString &version) const;
    QStringList tools() const;                        // folders, sorted
    QStringList versions(const QString &tool) const; // oldest first; other file names ignored
    std::optional<QJsonObject> read(const QString &tool, const QString &version, QString *error = nullptr) const;
    static QByteArray format(const QJsonObject &spec);

    struct Outcome
    {
        enum class Status { Written, Unchanged, Refused };
        Status status = Status::Refused;
        QString path;
        QString message; // why it was refused, or what changed since the previous version
    };
    // Writes spec as its version's file. Refused (unless force) when that file
    // exists with other content, or when the step from the previous snapshot
    // breaks the versioning rule.
    Outcome write(const QJsonObject &spec, bool force) const;

private:
    QString m_dir;
};

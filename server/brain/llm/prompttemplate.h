#pragma once
#include <QHash>
#include <QString>
#include <QStringList>
#include <optional>

// A versioned prompt template from resources/prompts/<name>/v<N>.md, compiled
// into the program. Released versions are never edited; the version ("agent/v1")
// goes into every trace of a turn it shaped.
class PromptTemplate
{
public:
    // The named version ("agent/v1"), or the newest of a template ("agent").
    static std::optional<PromptTemplate> load(const QString &nameOrVersion, QString *error = nullptr);
    // Every compiled-in version, e.g. {"agent/v1", "agent/v2"}.
    static QStringList versions();

    const QString &version() const { return m_version; }
    const QString &text() const { return m_text; }
    // The text with each {{key}} replaced; unknown placeholders stay as they are.
    QString render(const QHash<QString, QString> &values) const;

private:
    QString m_version;
    QString m_text;
};

#pragma once
#include <QObject>
#include <QStringList>
#include <QTranslator>

// The console's language: the system locale by default, or one chosen in
// the settings. Switching installs the translators again; every widget
// then gets a LanguageChange event and sets its texts anew.
class Language : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Language)

public:
    explicit Language(QObject *parent = nullptr);

    // "" follows the system; otherwise "en", "de" or "fr".
    static QStringList available() { return {QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("fr")}; }
    static QString nativeName(const QString &code);

    QString chosen() const { return m_chosen; }
    QString effective() const { return m_effective; }
    // Applies and remembers the choice in the settings.
    void choose(const QString &code);
    // Applies the remembered choice (at start).
    void applySaved();

private:
    void apply(const QString &code);

    QTranslator m_console;
    QTranslator m_qt;
    QString m_chosen;
    QString m_effective;
};

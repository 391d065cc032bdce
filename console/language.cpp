#include "language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>

Language::Language(QObject *parent) : QObject(parent) {}

QString Language::nativeName(const QString &code)
{
    if (code.isEmpty())
        return tr("System language");
    if (code == QLatin1String("de"))
        return QStringLiteral("Deutsch");
    if (code == QLatin1String("fr"))
        return QStringLiteral("Fran\u00e7ais");
    return QStringLiteral("English");
}

void Language::applySaved()
{
    apply(QSettings().value(QStringLiteral("ui/language")).toString());
}

void Language::choose(const QString &code)
{
    QSettings().setValue(QStringLiteral("ui/language"), code);
    apply(code);
}

void Language::apply(const QString &code)
{
    m_chosen = code;
    QString effective = code;
    if (effective.isEmpty()) {
        effective = QStringLiteral("en");
        for (const QString &name : QLocale::system().uiLanguages()) {
            const QString language = name.section(QLatin1Char('-'), 0, 0).section(QLatin1Char('_'), 0, 0);
            if (available().contains(language)) {
                effective = language;
                break;
            }
        }
    }
    m_effective = effective;
    QCoreApplication::removeTranslator(&m_console);
    QCoreApplication::removeTranslator(&m_qt);
    if (effective == QLatin1String("en")) {
        // The source strings are English; tell widgets to set them again.
        QEvent change(QEvent::LanguageChange);
        QCoreApplication::sendEvent(QCoreApplication::instance(), &change);
        return;
    }
    // Our own strings come compiled in (qt_add_translations, RESOURCE_PREFIX /i18n).
    if (m_console.load(QStringLiteral(":/i18n/supportconsole_%1.qm").arg(effective)))
        QCoreApplication::installTranslator(&m_console);
    // Qt's standard buttons and dialogs, from the system's Qt translations, if installed.
    if (m_qt.load(QStringLiteral("qtbase_%1").arg(effective), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&m_qt);
    QLocale::setDefault(QLocale(effective));
}

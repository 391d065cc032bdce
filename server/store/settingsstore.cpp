#include "settingsstore.h"
#include "database.h"

#include <QSqlQuery>

std::optional<QString> SettingsStore::value(const QString &key)
{
    QSqlQuery &query = m_db.statement(QStringLiteral("SELECT value FROM settings WHERE key = ?"));
    query.addBindValue(key);
    std::optional<QString> result;
    if (m_db.exec(query) && query.next())
        result = query.value(0).toString();
    query.finish();
    return result;
}

bool SettingsStore::setValue(const QString &key, const QString &value)
{
    return m_db.write(QStringLiteral("INSERT INTO settings (key, value) VALUES (?, ?)"
                                     " ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
                      {key, notNull(value)}, "set setting");
}

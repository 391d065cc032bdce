#pragma once
#include <QString>
#include <optional>

class Database;

// Small facts about this installation (e.g. whether the sample KB was imported).
class SettingsStore
{
public:
    explicit SettingsStore(Database &database) : m_db(database) {}
    std::optional<QString> value(const QString &key);
    bool setValue(const QString &key, const QString &value);

private:
    Database &m_db;
};

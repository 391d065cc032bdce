#pragma once
// Small helpers shared by every codec: timestamps, string lists, and a
// strict reader that reports the first wrong or missing field by name.

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>

namespace json {

// Timestamps travel as ISO-8601 UTC with milliseconds; in memory they are
// milliseconds since the epoch (cheap to store and compare on both databases).
QString formatTime(qint64 msecsSinceEpoch);
qint64 parseTime(const QString &iso); // 0 when empty or invalid

QJsonArray fromStringList(const QStringList &list);
QStringList toStringList(const QJsonArray &array);

// Reads fields of one object with exact types. The first problem is kept in
// error() (e.g. "field 'rating' must be a string"); later reads still return
// defaults so a caller can check once at the end.
class Reader
{
public:
    explicit Reader(const QJsonObject &object) : m_object(object) {}

    QString string(const QString &key, bool required = false);
    std::optional<QString> optionalString(const QString &key);
    qint64 integer(const QString &key, bool required = false, qint64 fallback = 0);
    bool boolean(const QString &key, bool required = false, bool fallback = false);
    QStringList stringList(const QString &key, bool required = false);
    QJsonObject object(const QString &key, bool required = false);
    QJsonArray array(const QString &key, bool required = false);

    bool ok() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }

private:
    bool present(const QString &key, bool required);
    void fail(const QString &message);

    QJsonObject m_object;
    QString m_error;
};

} // namespace json

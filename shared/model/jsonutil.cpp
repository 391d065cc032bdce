#include "jsonutil.h"

#include <QDateTime>
#include <cmath>

namespace json {

QString formatTime(qint64 msecsSinceEpoch)
{
    if (msecsSinceEpoch <= 0)
        return {};
    return QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch, Qt::UTC).toString(Qt::ISODateWithMs);
}

qint64 parseTime(const QString &iso)
{
    if (iso.isEmpty())
        return 0;
    const QDateTime time = QDateTime::fromString(iso, Qt::ISODateWithMs);
    return time.isValid() ? time.toMSecsSinceEpoch() : 0;
}

QJsonArray fromStringList(const QStringList &list)
{
    QJsonArray array;
    for (const QString &item : list)
        array.append(item);
    return array;
}

QStringList toStringList(const QJsonArray &array)
{
    QStringList list;
    list.reserve(array.size());
    for (const QJsonValue &value : array)
        list.append(value.toString());
    return list;
}

void Reader::fail(const QString &message)
{
    if (m_error.isEmpty())
        m_error = message;
}

bool Reader::present(const QString &key, bool required)
{
    const auto it = m_object.constFind(key);
    if (it == m_object.constEnd() || it->isNull()) {
        if (required)
            fail(QStringLiteral("field '%1' is required").arg(key));
        return false;
    }
    return true;
}

QString Reader::string(const QString &key, bool required)
{
    if (!present(key, required))
        return {};
    const QJsonValue value = m_object.value(key);
    if (!value.isString()) {
        fail(QStringLiteral("field '%1' must be a string").arg(key));
        return {};
    }
    return value.toString();
}

std::optional<QString> Reader::optionalString(const QString &key)
{
    if (!present(key, false))
        return std::nullopt;
    const QJsonValue value = m_object.value(key);
    if (!value.isString()) {
        fail(QStringLiteral("field '%1' must be a string").arg(key));
        return std::nullopt;
    }
    return value.toString();
}

qint64 Reader::integer(const QString &key, bool required, qint64 fallback)
{
    if (!present(key, required))
        return fallback;
    const QJsonValue value = m_object.value(key);
    const double number = value.toDouble(std::nan(""));
    if (!value.isDouble() || std::floor(number) != number || std::abs(number) > 9.0e15) {
        fail(QStringLiteral("field '%1' must be an integer").arg(key));
        return fallback;
    }
    return static_cast<qint64>(number);
}

bool Reader::boolean(const QString &key, bool required, bool fallback)
{
    if (!present(key, required))
        return fallback;
    const QJsonValue value = m_object.value(key);
    if (!value.isBool()) {
        fail(QStringLiteral("field '%1' must be a boolean").arg(key));
        return fallback;
    }
    return value.toBool();
}

QStringList Reader::stringList(const QString &key, bool required)
{
    if (!present(key, required))
        return {};
    const QJsonValue value = m_object.value(key);
    if (!value.isArray()) {
        fail(QStringLiteral("field '%1' must be an array of strings").arg(key));
        return {};
    }
    QStringList list;
    for (const QJsonValue &item : value.toArray()) {
        if (!item.isString()) {
            fail(QStringLiteral("field '%1' must be an array of strings").arg(key));
            return {};
        }
        list.append(item.toString());
    }
    return list;
}

QJsonObject Reader::object(const QString &key, bool required)
{
    if (!present(key, required))
        return {};
    const QJsonValue value = m_object.value(key);
    if (!value.isObject()) {
        fail(QStringLiteral("field '%1' must be an object").arg(key));
        return {};
    }
    return value.toObject();
}

QJsonArray Reader::array(const QString &key, bool required)
{
    if (!present(key, required))
        return {};
    const QJsonValue value = m_object.value(key);
    if (!value.isArray()) {
        fail(QStringLiteral("field '%1' must be an array").arg(key));
        return {};
    }
    return value.toArray();
}

} // namespace json

#include "schemacompat.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QStringList>
#include <cmath>

namespace schemacompat {
namespace {

enum class Side { Input, Output };

const QString kVersion = QStringLiteral("version");

QString show(const QJsonValue &value)
{
    if (value.isString())
        return QLatin1Char('\'') + value.toString() + QLatin1Char('\'');
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 15);
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return QStringLiteral("(none)");
}

QSet<QString> stringSet(const QJsonValue &array)
{
    QSet<QString> set;
    for (const QJsonValue &value : array.toArray())
        set.insert(value.toString());
    return set;
}

QStringList sorted(const QSet<QString> &set)
{
    QStringList list(set.begin(), set.end());
    list.sort();
    return list;
}

class Comparer
{
public:
    Comparer(Report &report, std::optional<Version> newVersion) : m_report(report), m_newVersion(newVersion) {}

    void schema(const QJsonObject &older, const QJsonObject &newer, const QString &where, Side side)
    {
        const QString oldType = older.value(QStringLiteral("type")).toString();
        const QString newType = newer.value(QStringLiteral("type")).toString();
        if (oldType != newType) {
            add(true, where, QStringLiteral("type changed from %1 to %2").arg(oldType, newType));
            return; // nothing below compares across types
        }
        for (const QString &annotation : {QStringLiteral("description"), QStringLiteral("title")}) {
            if (older.value(annotation) != newer.value(annotation))
                add(false, where, annotation + QStringLiteral(" changed"));
        }
        if (older.value(QStringLiteral("default")) != newer.value(QStringLiteral("default")))
            add(false, where, QStringLiteral("default changed from %1 to %2")
                                  .arg(show(older.value(QStringLiteral("default"))), show(newer.value(QStringLiteral("default")))));
        deprecation(older, newer, where);
        enumeration(older, newer, where, side);
        lowerBound(older, newer, QStringLiteral("minLength"), where, side);
        lowerBound(older, newer, QStringLiteral("minimum"), where, side);
        upperBound(older, newer, QStringLiteral("maxLength"), where, side);
        upperBound(older, newer, QStringLiteral("maximum"), where, side);
        if (newType == QLatin1String("object"))
            object(older, newer, where, side);
        if (newType == QLatin1String("array"))
            items(older, newer, where, side);
    }

private:
    void add(bool breaking, const QString &where, const QString &what) { m_report.changes.append({breaking, where, what}); }
    // A constraint got stricter (fewer values valid) or looser: breaking for
    // what the tool reads, harmless for what it writes, and the reverse.
    void tighter(Side side, const QString &where, const QString &what) { add(side == Side::Input, where, what); }
    void looser(Side side, const QString &where, const QString &what) { add(side == Side::Output, where, what); }

    void deprecation(const QJsonObject &older, const QJsonObject &newer, const QString &where)
    {
        const bool was = older.value(QStringLiteral("deprecated")).toBool();
        const bool is = newer.value(QStringLiteral("deprecated")).toBool();
        if (!was && is)
            add(false, where, QStringLiteral("deprecated since %1, removable after %2")
                                  .arg(newer.value(QStringLiteral("since")).toString(),
                                       newer.value(QStringLiteral("remove_after")).toString()));
        else if (was && !is)
            add(false, where, QStringLiteral("no longer deprecated"));
        else if (was && is
                 && (older.value(QStringLiteral("remove_after")) != newer.value(QStringLiteral("remove_after"))
                     || older.value(QStringLiteral("x-replaced-by")) != newer.value(QStringLiteral("x-replaced-by"))))
            add(false, where, QStringLiteral("deprecation details changed"));
    }

    void enumeration(const QJsonObject &older, const QJsonObject &newer, const QString &where, Side side)
    {
        const bool had = older.contains(QStringLiteral("enum"));
        const bool has = newer.contains(QStringLiteral("enum"));
        if (!had && !has)
            return;
        if (!had) {
            tighter(side, where, QStringLiteral("now restricted to an enum"));
            return;
        }
        if (!has) {
            looser(side, where, QStringLiteral("no longer restricted to an enum"));
            return;
        }
        const QSet<QString> oldValues = stringSet(older.value(QStringLiteral("enum")));
        const QSet<QString> newValues = stringSet(newer.value(QStringLiteral("enum")));
        for (const QString &value : sorted(oldValues - newValues))
            tighter(side, where, QStringLiteral("enum value '%1' removed").arg(value));
        for (const QString &value : sorted(newValues - oldValues))
            looser(side, where, QStringLiteral("enum value '%1' added").arg(value));
    }

    void lowerBound(const QJsonObject &older, const QJsonObject &newer, const QString &keyword, const QString &where, Side side)
    {
        const double was = older.value(keyword).toDouble(-INFINITY);
        const double is = newer.value(keyword).toDouble(-INFINITY);
        if (is > was)
            tighter(side, where, QStringLiteral("%1 raised from %2 to %3").arg(keyword, show(older.value(keyword)), show(newer.value(keyword))));
        else if (is < was)
            looser(side, where, QStringLiteral("%1 lowered from %2 to %3").arg(keyword, show(older.value(keyword)), show(newer.value(keyword))));
    }

    void upperBound(const QJsonObject &older, const QJsonObject &newer, const QString &keyword, const QString &where, Side side)
    {
        const double was = older.value(keyword).toDouble(INFINITY);
        const double is = newer.value(keyword).toDouble(INFINITY);
        if (is < was)
            tighter(side, where, QStringLiteral("%1 lowered from %2 to %3").arg(keyword, show(older.value(keyword)), show(newer.value(keyword))));
        else if (is > was)
            looser(side, where, QStringLiteral("%1 raised from %2 to %3").arg(keyword, show(older.value(keyword)), show(newer.value(keyword))));
    }

    void object(const QJsonObject &older, const QJsonObject &newer, const QString &where, Side side)
    {
        const auto at = [&where](const QString &name) { return where.isEmpty() ? name : where + QLatin1Char('.') + name; };
        const bool wasClosed = older.value(QStringLiteral("additionalProperties")) == QJsonValue(false);
        const bool isClosed = newer.value(QStringLiteral("additionalProperties")) == QJsonValue(false);
        if (!wasClosed && isClosed)
            tighter(side, where, QStringLiteral("no longer accepts undeclared fields"));
        else if (wasClosed && !isClosed)
            looser(side, where, QStringLiteral("now accepts undeclared fields"));

        const QJsonObject oldProperties = older.value(QStringLiteral("properties")).toObject();
        const QJsonObject newProperties = newer.value(QStringLiteral("properties")).toObject();
        const QSet<QString> oldRequired = stringSet(older.value(QStringLiteral("required")));
        const QSet<QString> newRequired = stringSet(newer.value(QStringLiteral("required")));
        for (auto it = oldProperties.begin(); it != oldProperties.end(); ++it) {
            if (newProperties.contains(it.key()))
                continue;
            const QJsonObject removed = it.value().toObject();
            if (!removed.value(QStringLiteral("deprecated")).toBool()) {
                add(true, at(it.key()), QStringLiteral("removed without a deprecation window"));
                continue;
            }
            const auto removeAfter = Version::parse(removed.value(QStringLiteral("remove_after")).toString());
            if (removeAfter && m_newVersion && *m_newVersion < *removeAfter)
                add(true, at(it.key()), QStringLiteral("removed before its remove_after %1").arg(removeAfter->toString()));
            else
                add(false, at(it.key()), QStringLiteral("removed after its deprecation window"));
        }
        for (auto it = newProperties.begin(); it != newProperties.end(); ++it) {
            if (oldProperties.contains(it.key()))
                continue;
            if (newRequired.contains(it.key()))
                // A reader never breaks on one more field it may ignore.
                add(side == Side::Input, at(it.key()), QStringLiteral("new required field"));
            else
                add(false, at(it.key()), QStringLiteral("new optional field"));
        }
        for (auto it = oldProperties.begin(); it != oldProperties.end(); ++it) {
            if (!newProperties.contains(it.key()))
                continue;
            if (!oldRequired.contains(it.key()) && newRequired.contains(it.key()))
                tighter(side, at(it.key()), QStringLiteral("now required"));
            else if (oldRequired.contains(it.key()) && !newRequired.contains(it.key()))
                looser(side, at(it.key()), QStringLiteral("no longer required"));
            schema(it.value().toObject(), newProperties.value(it.key()).toObject(), at(it.key()), side);
        }
    }

    void items(const QJsonObject &older, const QJsonObject &newer, const QString &where, Side side)
    {
        const bool had = older.value(QStringLiteral("items")).isObject();
        const bool has = newer.value(QStringLiteral("items")).isObject();
        if (had && has)
            schema(older.value(QStringLiteral("items")).toObject(), newer.value(QStringLiteral("items")).toObject(),
                   where + QStringLiteral("[]"), side);
        else if (!had && has)
            tighter(side, where, QStringLiteral("elements now declared"));
        else if (had && !has)
            looser(side, where, QStringLiteral("elements no longer declared"));
    }

    Report &m_report;
    std::optional<Version> m_newVersion;
};

} // namespace

std::optional<Version> Version::parse(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^(0|[1-9][0-9]{0,5})\\.(0|[1-9][0-9]{0,5})$"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    return Version{match.captured(1).toInt(), match.captured(2).toInt()};
}

QString Version::toString() const
{
    return QStringLiteral("%1.%2").arg(major).arg(minor);
}

QString Change::toString() const
{
    return where.isEmpty() ? what : where + QStringLiteral(": ") + what;
}

QList<Change> Report::breaking() const
{
    QList<Change> list;
    for (const Change &change : changes) {
        if (change.breaking)
            list.append(change);
    }
    return list;
}

QList<Change> Report::additive() const
{
    QList<Change> list;
    for (const Change &change : changes) {
        if (!change.breaking)
            list.append(change);
    }
    return list;
}

Report compare(const QJsonObject &older, const QJsonObject &newer)
{
    Report report;
    QJsonObject oldContent = older, newContent = newer;
    oldContent.remove(kVersion);
    newContent.remove(kVersion);
    report.identical = oldContent == newContent;
    if (report.identical)
        return report;
    Comparer comparer(report, Version::parse(newer.value(kVersion).toString()));
    if (older.value(QStringLiteral("name")) != newer.value(QStringLiteral("name")))
        report.changes.append({true, QStringLiteral("name"), QStringLiteral("tool renamed")});
    if (older.value(QStringLiteral("description")) != newer.value(QStringLiteral("description")))
        report.changes.append({false, QStringLiteral("description"), QStringLiteral("changed")});
    comparer.schema(older.value(QStringLiteral("input_schema")).toObject(), newer.value(QStringLiteral("input_schema")).toObject(),
                    QStringLiteral("input"), Side::Input);
    comparer.schema(older.value(QStringLiteral("output_schema")).toObject(), newer.value(QStringLiteral("output_schema")).toObject(),
                    QStringLiteral("output"), Side::Output);
    if (report.changes.isEmpty()) // a difference in something we do not model still needs a version
        report.changes.append({false, QString(), QStringLiteral("other content changed")});
    return report;
}

QString checkVersionRule(const QJsonObject &older, const QJsonObject &newer, Report *reportOut)
{
    const QString name = newer.value(QStringLiteral("name")).toString();
    const QString oldText = older.value(kVersion).toString();
    const QString newText = newer.value(kVersion).toString();
    const auto oldVersion = Version::parse(oldText);
    const auto newVersion = Version::parse(newText);
    Report report = compare(older, newer);
    if (reportOut)
        *reportOut = report;
    if (!oldVersion || !newVersion)
        return QStringLiteral("%1: versions must read MAJOR.MINOR (got '%2' and '%3')").arg(name, oldText, newText);
    if (report.identical) {
        if (*oldVersion == *newVersion)
            return {};
        return QStringLiteral("%1 %2 and %3 have the same content: identical schemas keep their version")
            .arg(name, oldText, newText);
    }
    if (!(*oldVersion < *newVersion))
        return QStringLiteral("%1 changed since %2 but its version %3 is not higher: bump the version")
            .arg(name, oldText, newText);
    const QList<Change> breaking = report.breaking();
    if (!breaking.isEmpty() && newVersion->major <= oldVersion->major) {
        QStringList list;
        for (const Change &change : breaking)
            list.append(change.toString());
        return QStringLiteral("%1 %2 → %3 has breaking changes, which need a major version (%4.0): %5")
            .arg(name, oldText, newText, QString::number(oldVersion->major + 1), list.join(QStringLiteral("; ")));
    }
    return {};
}

} // namespace schemacompat

#pragma once
#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

// Compatibility of two versions of a tool's spec (Tool::spec(): name, version,
// description, input_schema, output_schema), as the snapshots under
// resources/schemas/ hold them.
//
// Input and output are judged from the side that must cope with the change:
// the tool reads inputs (a brain written for the older version must still be
// served), the brain reads outputs (it must still understand them). So making
// an input stricter is breaking and looser additive; for an output it is the
// other way round. Breaking:
//   - a field removed without a deprecation window (it was not deprecated, or
//     the new version is below its remove_after),
//   - a field's type changed,
//   - input: a new required field, an optional field made required, an enum
//     value removed (or an enum introduced), a bound tightened (minLength,
//     maxLength, minimum, maximum added or narrowed), an open object closed;
//   - output: the same loosenings mirrored (an enum value added, a bound
//     widened or removed, a required field made optional).
// Additive: everything else that differs (new optional input fields, any new
// output field, deprecations, descriptions, defaults).
//
// The rule: breaking changes need a major bump, additive ones at least a minor
// bump, and identical content keeps its version.
namespace schemacompat {

struct Version
{
    int major = 0;
    int minor = 0;

    static std::optional<Version> parse(const QString &text); // "1.0", "2.13"
    QString toString() const;
    bool operator<(const Version &other) const
    {
        return major != other.major ? major < other.major : minor < other.minor;
    }
    bool operator==(const Version &other) const { return major == other.major && minor == other.minor; }
};

struct Change
{
    bool breaking = false;
    QString where; // "input.top_k", "output.results[].title", "description"
    QString what;  // "maximum lowered from 8 to 5"
    QString toString() const;
};

struct Report
{
    bool identical = true; // everything but the version is equal
    QList<Change> changes;

    QList<Change> breaking() const;
    QList<Change> additive() const;
    bool hasBreaking() const { return !breaking().isEmpty(); }
};

Report compare(const QJsonObject &older, const QJsonObject &newer);

// Empty when newer's version is right for what changed since older, else why not.
QString checkVersionRule(const QJsonObject &older, const QJsonObject &newer, Report *report = nullptr);

} // namespace schemacompat

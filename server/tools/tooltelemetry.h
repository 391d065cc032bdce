#pragma once
#include "schema.h"

#include <QHash>
#include <QJsonObject>
#include <QMutex>
#include <QString>

// Counters of tool use, keyed by tool, argument and channel: calls, failures,
// validation failures, and what tolerant parsing had to do (deprecated
// arguments used, coercions, unknown fields dropped). They show which brains
// still send old shapes before a deprecated field is removed. Thread-safe:
// every worker records into the registry's one instance.
class ToolTelemetry
{
public:
    struct Counters
    {
        qint64 calls = 0;
        qint64 failures = 0;           // every call that did not succeed, validation included
        qint64 validationFailures = 0;
        qint64 deprecatedUses = 0;
        qint64 coercions = 0;
        qint64 unknownDropped = 0;
        qint64 retries = 0;           // attempts after the first (tools/resilience)
        qint64 circuitRejections = 0; // calls that failed fast on an open circuit

        Counters &operator+=(const Counters &other);
        bool operator==(const Counters &other) const;
        QJsonObject toJson() const;
    };

    // One invocation of a known tool: the validation of its arguments and whether it failed.
    void record(const QString &tool, const QString &channel, const ValidationResult &validation, bool failed);
    // What resilience did for that call: retries made, and whether the open circuit refused it.
    void recordResilience(const QString &tool, const QString &channel, int retries, bool circuitRejected);

    // argument empty: the calls themselves; channel empty: summed over channels.
    Counters counters(const QString &tool, const QString &argument = {}, const QString &channel = {}) const;
    // {calls, failures, ..., "by_channel": {web: {...}}, "by_argument": {top_k: {..., "by_channel": {...}}}}
    QJsonObject snapshot(const QString &tool) const;
    // {tool: snapshot(tool)}
    QJsonObject snapshot() const;
    void reset();

    // Arguments are named by the brain (an unknown field is counted under its
    // name), so the distinct names kept per tool are capped; the rest share "(other)".
    static constexpr int kMaxArgumentsPerTool = 64;

private:
    struct Key
    {
        QString tool, argument, channel;
        bool operator==(const Key &other) const
        {
            return tool == other.tool && argument == other.argument && channel == other.channel;
        }
    };
    friend size_t qHash(const Key &key, size_t seed) { return qHashMulti(seed, key.tool, key.argument, key.channel); }

    Counters &slot(const QString &tool, const QString &argument, const QString &channel);

    mutable QMutex m_mutex;
    QHash<Key, Counters> m_counters;
    QHash<QString, QSet<QString>> m_arguments; // per tool
};

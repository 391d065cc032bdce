#include "tooltelemetry.h"

#include <QMutexLocker>
#include <QRegularExpression>
#include <QSet>
#include <algorithm>

namespace {

const QString kOther = QStringLiteral("(other)");

// "items[3].quantity" and "items[0].quantity" are one argument.
QString argumentName(const QString &path)
{
    static const QRegularExpression index(QStringLiteral("\\[[0-9]+\\]"));
    QString name = path;
    return name.replace(index, QStringLiteral("[]"));
}

QString channelName(const QString &channel)
{
    return channel.isEmpty() ? QStringLiteral("unspecified") : channel;
}

QJsonObject argumentJson(const ToolTelemetry::Counters &counters)
{
    QJsonObject object = counters.toJson();
    object.remove(QStringLiteral("calls"));
    object.remove(QStringLiteral("failures"));
    object.remove(QStringLiteral("retries"));
    object.remove(QStringLiteral("circuit_open_rejections"));
    return object;
}

} // namespace

ToolTelemetry::Counters &ToolTelemetry::Counters::operator+=(const Counters &other)
{
    calls += other.calls;
    failures += other.failures;
    validationFailures += other.validationFailures;
    deprecatedUses += other.deprecatedUses;
    coercions += other.coercions;
    unknownDropped += other.unknownDropped;
    retries += other.retries;
    circuitRejections += other.circuitRejections;
    return *this;
}

bool ToolTelemetry::Counters::operator==(const Counters &other) const
{
    return calls == other.calls && failures == other.failures && validationFailures == other.validationFailures
        && deprecatedUses == other.deprecatedUses && coercions == other.coercions && unknownDropped == other.unknownDropped
        && retries == other.retries && circuitRejections == other.circuitRejections;
}

QJsonObject ToolTelemetry::Counters::toJson() const
{
    return {{QStringLiteral("calls"), calls},
            {QStringLiteral("failures"), failures},
            {QStringLiteral("validation_failures"), validationFailures},
            {QStringLiteral("deprecated_uses"), deprecatedUses},
            {QStringLiteral("coercions"), coercions},
            {QStringLiteral("unknown_dropped"), unknownDropped},
            {QStringLiteral("retries"), retries},
            {QStringLiteral("circuit_open_rejections"), circuitRejections}};
}

ToolTelemetry::Counters &ToolTelemetry::slot(const QString &tool, const QString &argument, const QString &channel)
{
    QString name = argument;
    if (!name.isEmpty()) {
        QSet<QString> &known = m_arguments[tool];
        if (!known.contains(name)) {
            if (known.size() >= kMaxArgumentsPerTool)
                name = kOther;
            else
                known.insert(name);
        }
    }
    return m_counters[Key{tool, name, channel}];
}

void ToolTelemetry::record(const QString &tool, const QString &channel, const ValidationResult &validation, bool failed)
{
    const QString ch = channelName(channel);
    QMutexLocker lock(&m_mutex);
    // One slot at a time: a reference into the hash does not survive the next insertion.
    if (!validation.ok() && !validation.errorField.isEmpty())
        ++slot(tool, argumentName(validation.errorField), ch).validationFailures;
    for (const QString &field : validation.deprecated)
        ++slot(tool, argumentName(field), ch).deprecatedUses;
    for (const Coercion &coercion : validation.coercions)
        ++slot(tool, argumentName(coercion.field), ch).coercions;
    for (const QString &field : validation.dropped)
        ++slot(tool, argumentName(field), ch).unknownDropped;
    // The call-level slot (argument "") also holds the per-call totals of the argument counters.
    Counters &call = slot(tool, QString(), ch);
    ++call.calls;
    if (failed)
        ++call.failures;
    if (!validation.ok())
        ++call.validationFailures;
    call.deprecatedUses += validation.deprecated.size();
    call.coercions += validation.coercions.size();
    call.unknownDropped += validation.dropped.size();
}

void ToolTelemetry::recordResilience(const QString &tool, const QString &channel, int retries, bool circuitRejected)
{
    if (retries <= 0 && !circuitRejected)
        return;
    QMutexLocker lock(&m_mutex);
    Counters &call = slot(tool, QString(), channelName(channel));
    call.retries += qMax(0, retries);
    if (circuitRejected)
        ++call.circuitRejections;
}

ToolTelemetry::Counters ToolTelemetry::counters(const QString &tool, const QString &argument, const QString &channel) const
{
    QMutexLocker lock(&m_mutex);
    Counters sum;
    for (auto it = m_counters.begin(); it != m_counters.end(); ++it) {
        if (it.key().tool == tool && it.key().argument == argument && (channel.isEmpty() || it.key().channel == channel))
            sum += it.value();
    }
    return sum;
}

QJsonObject ToolTelemetry::snapshot(const QString &tool) const
{
    QMutexLocker lock(&m_mutex);
    Counters totals;
    QMap<QString, Counters> byChannel;
    QMap<QString, Counters> byArgument;
    QMap<QString, QMap<QString, Counters>> byArgumentChannel;
    for (auto it = m_counters.begin(); it != m_counters.end(); ++it) {
        const Key &key = it.key();
        if (key.tool != tool)
            continue;
        if (key.argument.isEmpty()) {
            totals += it.value();
            byChannel[key.channel] += it.value();
        } else {
            byArgument[key.argument] += it.value();
            byArgumentChannel[key.argument][key.channel] += it.value();
        }
    }
    QJsonObject object = totals.toJson();
    QJsonObject channels;
    for (auto it = byChannel.begin(); it != byChannel.end(); ++it)
        channels.insert(it.key(), it.value().toJson());
    QJsonObject arguments;
    for (auto it = byArgument.begin(); it != byArgument.end(); ++it) {
        QJsonObject argument = argumentJson(it.value());
        QJsonObject argumentChannels;
        const QMap<QString, Counters> &perChannel = byArgumentChannel.value(it.key());
        for (auto c = perChannel.begin(); c != perChannel.end(); ++c)
            argumentChannels.insert(c.key(), argumentJson(c.value()));
        argument.insert(QStringLiteral("by_channel"), argumentChannels);
        arguments.insert(it.key(), argument);
    }
    object.insert(QStringLiteral("by_channel"), channels);
    object.insert(QStringLiteral("by_argument"), arguments);
    return object;
}

QJsonObject ToolTelemetry::snapshot() const
{
    QSet<QString> tools;
    {
        QMutexLocker lock(&m_mutex);
        for (auto it = m_counters.begin(); it != m_counters.end(); ++it)
            tools.insert(it.key().tool);
    }
    QJsonObject all;
    for (const QString &tool : std::as_const(tools))
        all.insert(tool, snapshot(tool));
    return all;
}

void ToolTelemetry::reset()
{
    QMutexLocker lock(&m_mutex);
    m_counters.clear();
    m_arguments.clear();
}

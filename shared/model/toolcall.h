#pragma once
#include <QJsonObject>
#include <QString>
#include <optional>

// One call of a tool by the agent within a turn, as recorded in its trace.
struct ToolCall
{
    QString tool;
    QString toolVersion;
    QJsonObject arguments;
    QJsonObject result;  // empty when the call failed
    QString error;       // empty when the call succeeded
    QJsonObject notes;   // what validation corrected: {"deprecated","coercions","dropped"}, empty if nothing
    qint64 latencyMs = 0;

    bool succeeded() const { return error.isEmpty(); }
    QJsonObject toJson() const;
    static std::optional<ToolCall> fromJson(const QJsonObject &object, QString *error = nullptr);
};

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
    // How many times the tool ran (retries included; 0 when it never ran:
    // unknown tool, invalid arguments, circuit open). In JSON only when > 1.
    int attempts = 0;
    // What kind of failure (one of the kinds below), empty on success. In JSON
    // as "error_kind" on failures; older records have none.
    QString errorKind;

    static inline const QString UnknownTool = QStringLiteral("unknown_tool");
    static inline const QString InvalidArguments = QStringLiteral("invalid_arguments");
    static inline const QString ToolError = QStringLiteral("tool_error");   // the tool reported a failure
    static inline const QString Timeout = QStringLiteral("timeout");
    static inline const QString CircuitOpen = QStringLiteral("circuit_open"); // failed fast, the tool did not run
    static inline const QString InvalidResult = QStringLiteral("invalid_result");
    static inline const QString Unavailable = QStringLiteral("unavailable"); // not offered this turn

    bool succeeded() const { return error.isEmpty(); }
    // The brain's own mistake (it can correct it), not the tool's.
    bool isBrainError() const { return errorKind == UnknownTool || errorKind == InvalidArguments; }
    bool circuitWasOpen() const { return errorKind == CircuitOpen; }
    QJsonObject toJson() const;
    static std::optional<ToolCall> fromJson(const QJsonObject &object, QString *error = nullptr);
};

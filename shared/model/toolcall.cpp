#include "toolcall.h"
#include "jsonutil.h"

QJsonObject ToolCall::toJson() const
{
    QJsonObject object{{QStringLiteral("tool"), tool},
                       {QStringLiteral("arguments"), arguments},
                       {QStringLiteral("latency_ms"), latencyMs}};
    if (!toolVersion.isEmpty())
        object.insert(QStringLiteral("tool_version"), toolVersion);
    if (!notes.isEmpty())
        object.insert(QStringLiteral("notes"), notes);
    if (attempts > 1)
        object.insert(QStringLiteral("attempts"), attempts);
    if (succeeded()) {
        object.insert(QStringLiteral("result"), result);
    } else {
        object.insert(QStringLiteral("error"), error);
        if (!errorKind.isEmpty())
            object.insert(QStringLiteral("error_kind"), errorKind);
    }
    return object;
}

std::optional<ToolCall> ToolCall::fromJson(const QJsonObject &object, QString *error)
{
    json::Reader reader(object);
    ToolCall call;
    call.tool = reader.string(QStringLiteral("tool"), true);
    call.toolVersion = reader.string(QStringLiteral("tool_version"));
    call.arguments = reader.object(QStringLiteral("arguments"));
    call.result = reader.object(QStringLiteral("result"));
    call.error = reader.string(QStringLiteral("error"));
    call.notes = reader.object(QStringLiteral("notes"));
    call.latencyMs = reader.integer(QStringLiteral("latency_ms"));
    call.attempts = int(reader.integer(QStringLiteral("attempts")));
    call.errorKind = reader.string(QStringLiteral("error_kind"));
    if (!reader.ok()) {
        if (error)
            *error = reader.error();
        return std::nullopt;
    }
    return call;
}

#include "operator.h"
#include "jsonutil.h"

QString operatorRoleToString(OperatorRole role)
{
    switch (role) {
    case OperatorRole::Agent: return QStringLiteral("agent");
    case OperatorRole::Editor: return QStringLiteral("editor");
    case OperatorRole::Admin: return QStringLiteral("admin");
    }
    return QStringLiteral("agent");
}

std::optional<OperatorRole> operatorRoleFromString(const QString &text)
{
    for (OperatorRole role : {OperatorRole::Agent, OperatorRole::Editor, OperatorRole::Admin}) {
        if (operatorRoleToString(role) == text)
            return role;
    }
    return std::nullopt;
}

QJsonObject Operator::toJson() const
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("username"), username},
            {QStringLiteral("role"), operatorRoleToString(role)},
            {QStringLiteral("disabled"), disabled},
            {QStringLiteral("created_at"), json::formatTime(createdAt)}};
}

std::optional<Operator> Operator::fromJson(const QJsonObject &object, QString *error)
{
    json::Reader reader(object);
    Operator op;
    op.id = reader.string(QStringLiteral("id"));
    op.username = reader.string(QStringLiteral("username"), true);
    const auto role = operatorRoleFromString(reader.string(QStringLiteral("role"), true));
    op.disabled = reader.boolean(QStringLiteral("disabled"));
    op.createdAt = json::parseTime(reader.string(QStringLiteral("created_at")));
    if (!reader.ok() || !role) {
        if (error)
            *error = reader.ok() ? QStringLiteral("unknown operator role") : reader.error();
        return std::nullopt;
    }
    op.role = *role;
    return op;
}

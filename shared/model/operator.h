#pragma once
#include <QJsonObject>
#include <QString>
#include <optional>

// agent: handles conversations; editor: also curates the knowledge base;
// admin: everything, including operator accounts. Each role includes the ones before it.
enum class OperatorRole { Agent = 1, Editor = 2, Admin = 3 };
QString operatorRoleToString(OperatorRole role);
std::optional<OperatorRole> operatorRoleFromString(const QString &text);
inline bool roleAtLeast(OperatorRole held, OperatorRole needed)
{
    return static_cast<int>(held) >= static_cast<int>(needed);
}

// A member of the support team who signs in to the console.
struct Operator
{
    QString id;
    QString username;
    OperatorRole role = OperatorRole::Agent;
    bool disabled = false;
    qint64 createdAt = 0;

    QJsonObject toJson() const;
    static std::optional<Operator> fromJson(const QJsonObject &object, QString *error = nullptr);
};

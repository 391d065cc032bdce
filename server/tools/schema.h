#pragma once
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

// A tool's input or output declared once in C++. The JSON Schema the brain
// sees is generated from it and arguments are validated by it, so the two
// cannot drift apart.
struct FieldSpec
{
    enum class Type { String, Integer, Number, Boolean, Object, Array };

    QString name;
    Type type = Type::String;
    QString description;
    bool required = false;
    QJsonValue defaultValue;          // filled in when the field is absent
    QStringList enumValues;           // strings only
    qint64 minLength = -1, maxLength = -1; // strings
    double minimum = qQNaN(), maximum = qQNaN(); // numbers

    static FieldSpec string(const QString &name, const QString &description) { return {name, Type::String, description}; }
    static FieldSpec integer(const QString &name, const QString &description) { return {name, Type::Integer, description}; }
    static FieldSpec boolean(const QString &name, const QString &description) { return {name, Type::Boolean, description}; }
    static FieldSpec array(const QString &name, const QString &description) { return {name, Type::Array, description}; }
    static FieldSpec object(const QString &name, const QString &description) { return {name, Type::Object, description}; }

    FieldSpec &require() { required = true; return *this; }
    FieldSpec &withDefault(const QJsonValue &value) { defaultValue = value; return *this; }
    FieldSpec &oneOf(const QStringList &values) { enumValues = values; return *this; }
    FieldSpec &length(qint64 min, qint64 max) { minLength = min; maxLength = max; return *this; }
    FieldSpec &range(double min, double max) { minimum = min; maximum = max; return *this; }
};

class ObjectSchema
{
public:
    ObjectSchema() = default;
    ObjectSchema(QString title, QList<FieldSpec> fields) : m_title(std::move(title)), m_fields(std::move(fields)) {}

    // JSON Schema draft 2020-12.
    QJsonObject toJsonSchema() const;
    // Checks types and bounds, fills defaults and drops unknown fields into
    // *normalized. Returns an empty string when valid, else the first problem.
    QString validate(const QJsonObject &input, QJsonObject *normalized) const;
    const QList<FieldSpec> &fields() const { return m_fields; }

private:
    QString m_title;
    QList<FieldSpec> m_fields;
};

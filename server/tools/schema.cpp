#include "schema.h"

#include <QJsonArray>
#include <cmath>

namespace {

QString typeName(FieldSpec::Type type)
{
    switch (type) {
    case FieldSpec::Type::String: return QStringLiteral("string");
    case FieldSpec::Type::Integer: return QStringLiteral("integer");
    case FieldSpec::Type::Number: return QStringLiteral("number");
    case FieldSpec::Type::Boolean: return QStringLiteral("boolean");
    case FieldSpec::Type::Object: return QStringLiteral("object");
    case FieldSpec::Type::Array: return QStringLiteral("array");
    }
    return QStringLiteral("string");
}

bool hasType(const QJsonValue &value, FieldSpec::Type type)
{
    switch (type) {
    case FieldSpec::Type::String: return value.isString();
    case FieldSpec::Type::Integer: {
        const double number = value.toDouble();
        return value.isDouble() && std::floor(number) == number && std::abs(number) < 9.0e15;
    }
    case FieldSpec::Type::Number: return value.isDouble();
    case FieldSpec::Type::Boolean: return value.isBool();
    case FieldSpec::Type::Object: return value.isObject();
    case FieldSpec::Type::Array: return value.isArray();
    }
    return false;
}

} // namespace

QJsonObject ObjectSchema::toJsonSchema() const
{
    QJsonObject properties;
    QJsonArray required;
    for (const FieldSpec &field : m_fields) {
        QJsonObject property{{QStringLiteral("type"), typeName(field.type)},
                             {QStringLiteral("description"), field.description}};
        if (!field.enumValues.isEmpty())
            property.insert(QStringLiteral("enum"), QJsonArray::fromStringList(field.enumValues));
        if (field.minLength >= 0)
            property.insert(QStringLiteral("minLength"), field.minLength);
        if (field.maxLength >= 0)
            property.insert(QStringLiteral("maxLength"), field.maxLength);
        if (!std::isnan(field.minimum))
            property.insert(QStringLiteral("minimum"), field.minimum);
        if (!std::isnan(field.maximum))
            property.insert(QStringLiteral("maximum"), field.maximum);
        if (!field.defaultValue.isUndefined() && !field.defaultValue.isNull())
            property.insert(QStringLiteral("default"), field.defaultValue);
        properties.insert(field.name, property);
        if (field.required)
            required.append(field.name);
    }
    return {{QStringLiteral("$schema"), QStringLiteral("https://json-schema.org/draft/2020-12/schema")},
            {QStringLiteral("title"), m_title},
            {QStringLiteral("type"), QStringLiteral("object")},
            {QStringLiteral("properties"), properties},
            {QStringLiteral("required"), required},
            {QStringLiteral("additionalProperties"), false}};
}

QString ObjectSchema::validate(const QJsonObject &input, QJsonObject *normalized) const
{
    QJsonObject out;
    for (const FieldSpec &field : m_fields) {
        const QJsonValue value = input.value(field.name);
        if (value.isUndefined() || value.isNull()) {
            if (field.required)
                return QStringLiteral("'%1' is required").arg(field.name);
            if (!field.defaultValue.isUndefined() && !field.defaultValue.isNull())
                out.insert(field.name, field.defaultValue);
            continue;
        }
        if (!hasType(value, field.type))
            return QStringLiteral("'%1' must be of type %2").arg(field.name, typeName(field.type));
        if (field.type == FieldSpec::Type::String) {
            const qsizetype length = value.toString().size();
            if (field.minLength >= 0 && length < field.minLength)
                return QStringLiteral("'%1' must have at least %2 characters").arg(field.name).arg(field.minLength);
            if (field.maxLength >= 0 && length > field.maxLength)
                return QStringLiteral("'%1' must have at most %2 characters").arg(field.name).arg(field.maxLength);
            if (!field.enumValues.isEmpty() && !field.enumValues.contains(value.toString()))
                return QStringLiteral("'%1' must be one of %2").arg(field.name, field.enumValues.join(QStringLiteral(", ")));
        }
        if (field.type == FieldSpec::Type::Integer || field.type == FieldSpec::Type::Number) {
            const double number = value.toDouble();
            if (!std::isnan(field.minimum) && number < field.minimum)
                return QStringLiteral("'%1' must be at least %2").arg(field.name).arg(field.minimum);
            if (!std::isnan(field.maximum) && number > field.maximum)
                return QStringLiteral("'%1' must be at most %2").arg(field.name).arg(field.maximum);
        }
        out.insert(field.name, value);
    }
    if (normalized)
        *normalized = out;
    return {};
}

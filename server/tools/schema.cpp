#include "schema.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <cmath>

namespace {

// Integers beyond 2^53 lose precision in a double; 9e15 keeps a margin.
constexpr double kLargestInteger = 9.0e15;

bool isInteger(const QJsonValue &value)
{
    const double number = value.toDouble();
    return value.isDouble() && std::floor(number) == number && std::abs(number) < kLargestInteger;
}

bool hasType(const QJsonValue &value, FieldSpec::Type type)
{
    switch (type) {
    case FieldSpec::Type::String: return value.isString();
    case FieldSpec::Type::Integer: return isInteger(value);
    case FieldSpec::Type::Number: return value.isDouble();
    case FieldSpec::Type::Boolean: return value.isBool();
    case FieldSpec::Type::Object: return value.isObject();
    case FieldSpec::Type::Array: return value.isArray();
    }
    return false;
}

QString jsonTypeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Bool: return QStringLiteral("boolean");
    case QJsonValue::Double: return isInteger(value) ? QStringLiteral("integer") : QStringLiteral("number");
    case QJsonValue::String: return QStringLiteral("string");
    case QJsonValue::Array: return QStringLiteral("array");
    case QJsonValue::Object: return QStringLiteral("object");
    case QJsonValue::Undefined: break;
    }
    return QStringLiteral("undefined");
}

// JSON Schema counts string length in code points, not UTF-16 units.
qsizetype codePoints(const QString &text)
{
    qsizetype count = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i).isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate())
            ++i;
        ++count;
    }
    return count;
}

QString join(const QString &path, const QString &name)
{
    return path.isEmpty() ? name : path + QLatin1Char('.') + name;
}

QString label(const QString &path)
{
    return path.isEmpty() ? QStringLiteral("the value") : QLatin1Char('\'') + path + QLatin1Char('\'');
}

QString formatNumber(double number)
{
    return QString::number(number, 'g', 15);
}

// Walks a value and its declaration, filling one ValidationResult.
class Reader
{
public:
    Reader(ValidationMode mode, ValidationResult &result) : m_mode(mode), m_result(result) {}

    bool value(const FieldSpec &spec, const QString &path, QJsonValue in, QJsonValue *out)
    {
        if (!readType(spec, path, &in))
            return false;
        switch (spec.type) {
        case FieldSpec::Type::String: {
            const QString text = in.toString();
            const qsizetype length = codePoints(text);
            if (spec.minLength >= 0 && length < spec.minLength)
                return fail(path, QStringLiteral("%1 must have at least %2 characters").arg(label(path)).arg(spec.minLength));
            if (spec.maxLength >= 0 && length > spec.maxLength)
                return fail(path, QStringLiteral("%1 must have at most %2 characters").arg(label(path)).arg(spec.maxLength));
            if (!spec.enumValues.isEmpty() && !spec.enumValues.contains(text))
                return fail(path, QStringLiteral("%1 must be one of %2").arg(label(path), spec.enumValues.join(QStringLiteral(", "))));
            break;
        }
        case FieldSpec::Type::Integer:
        case FieldSpec::Type::Number: {
            const double number = in.toDouble();
            if (!std::isnan(spec.minimum) && number < spec.minimum)
                return fail(path, QStringLiteral("%1 must be at least %2").arg(label(path), formatNumber(spec.minimum)));
            if (!std::isnan(spec.maximum) && number > spec.maximum)
                return fail(path, QStringLiteral("%1 must be at most %2").arg(label(path), formatNumber(spec.maximum)));
            break;
        }
        case FieldSpec::Type::Array:
            if (spec.items) {
                const QJsonArray elements = in.toArray();
                QJsonArray normalized;
                for (qsizetype i = 0; i < elements.size(); ++i) {
                    QJsonValue element;
                    if (!value(*spec.items, path + QStringLiteral("[%1]").arg(i), elements.at(i), &element))
                        return false;
                    normalized.append(element);
                }
                in = normalized;
            }
            break;
        case FieldSpec::Type::Object:
            if (spec.fields) {
                QJsonObject normalized;
                if (!object(*spec.fields, path, in.toObject(), &normalized))
                    return false;
                in = normalized;
            }
            break;
        case FieldSpec::Type::Boolean:
            break;
        }
        *out = in;
        return true;
    }

    bool object(const ObjectSchema &schema, const QString &path, const QJsonObject &input, QJsonObject *out)
    {
        const bool tolerant = m_mode == ValidationMode::Tolerant;
        QJsonObject in = input;
        for (auto it = input.begin(); it != input.end(); ++it) {
            if (schema.field(it.key()))
                continue;
            if (schema.isOpen())
                out->insert(it.key(), it.value());
            else if (tolerant)
                m_result.dropped.append(join(path, it.key()));
            else
                return fail(join(path, it.key()), QStringLiteral("%1 is not a known field").arg(label(join(path, it.key()))));
            in.remove(it.key());
        }

        // Deprecated fields: reported; in tolerant mode an alias's value moves
        // to its replacement, so the tool only sees the current name.
        QSet<QString> moved;
        for (const FieldSpec &field : schema.fields()) {
            const QJsonValue given = in.value(field.name);
            if (!field.deprecation || absent(given))
                continue;
            const QString fieldPath = join(path, field.name);
            m_result.deprecated.append(fieldPath);
            const QString &replacement = field.deprecation->replacedBy;
            const FieldSpec *target = replacement.isEmpty() ? nullptr : schema.field(replacement);
            if (!tolerant || !target)
                continue;
            QJsonValue aliasValue;
            if (!value(field, fieldPath, given, &aliasValue))
                return false;
            const QJsonValue current = in.value(replacement);
            if (absent(current)) {
                in.insert(replacement, aliasValue);
            } else {
                // Both shapes in one call: fine when they agree, else we cannot tell which was meant.
                ValidationResult scratch;
                QJsonValue currentValue;
                if (Reader(m_mode, scratch).value(*target, join(path, replacement), current, &currentValue)
                    && currentValue != aliasValue)
                    return fail(fieldPath, QStringLiteral("'%1' is deprecated in favour of '%2' and the two disagree; send only '%2'")
                                               .arg(fieldPath, join(path, replacement)));
            }
            in.remove(field.name);
            moved.insert(field.name);
        }

        for (const FieldSpec &field : schema.fields()) {
            if (moved.contains(field.name))
                continue;
            const QJsonValue given = in.value(field.name);
            const QString fieldPath = join(path, field.name);
            if (absent(given)) {
                if (field.required)
                    return fail(fieldPath, QStringLiteral("%1 is required").arg(label(fieldPath)));
                if (!field.defaultValue.isUndefined() && !field.defaultValue.isNull())
                    out->insert(field.name, field.defaultValue);
                continue;
            }
            QJsonValue normalized;
            if (!value(field, fieldPath, given, &normalized))
                return false;
            out->insert(field.name, normalized);
        }
        return true;
    }

private:
    // Null means "not given" to a tolerant reader (brains send null for optional
    // fields); to a strict one it is a value like any other.
    bool absent(const QJsonValue &value) const
    {
        return value.isUndefined() || (m_mode == ValidationMode::Tolerant && value.isNull());
    }

    // Type check, with the safe coercions of tolerant mode.
    bool readType(const FieldSpec &spec, const QString &path, QJsonValue *in)
    {
        if (hasType(*in, spec.type))
            return true;
        if (m_mode == ValidationMode::Tolerant) {
            static const QRegularExpression integerText(QStringLiteral("^-?[0-9]{1,15}$"));
            static const QRegularExpression numberText(QStringLiteral("^-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?$"));
            QJsonValue coerced(QJsonValue::Undefined);
            if (spec.type == FieldSpec::Type::String && spec.acceptsNumber && isInteger(*in))
                coerced = QString::number(qint64(in->toDouble()));
            else if (spec.type == FieldSpec::Type::Integer && in->isString() && integerText.match(in->toString()).hasMatch())
                coerced = double(in->toString().toLongLong());
            else if (spec.type == FieldSpec::Type::Number && in->isString() && numberText.match(in->toString()).hasMatch()
                     && std::isfinite(in->toString().toDouble()))
                coerced = in->toString().toDouble();
            else if (spec.type == FieldSpec::Type::Boolean && in->isString()
                     && (in->toString() == QLatin1String("true") || in->toString() == QLatin1String("false")))
                coerced = in->toString() == QLatin1String("true");
            if (!coerced.isUndefined()) {
                m_result.coercions.append({path, jsonTypeName(*in), FieldSpec::typeName(spec.type)});
                *in = coerced;
                return true;
            }
        }
        return fail(path, QStringLiteral("%1 must be of type %2, not %3")
                              .arg(label(path), FieldSpec::typeName(spec.type), jsonTypeName(*in)));
    }

    bool fail(const QString &path, const QString &message)
    {
        m_result.error = message;
        m_result.errorField = path;
        return false;
    }

    ValidationMode m_mode;
    ValidationResult &m_result;
};

std::optional<FieldSpec::Type> typeFromName(const QString &name)
{
    static const QList<FieldSpec::Type> types = {FieldSpec::Type::String, FieldSpec::Type::Integer, FieldSpec::Type::Number,
                                                 FieldSpec::Type::Boolean, FieldSpec::Type::Object, FieldSpec::Type::Array};
    for (FieldSpec::Type type : types) {
        if (FieldSpec::typeName(type) == name)
            return type;
    }
    return std::nullopt;
}

std::nullopt_t unsupported(QString *reason, const QString &text)
{
    if (reason)
        *reason = text;
    return std::nullopt;
}

} // namespace

QJsonObject ValidationResult::notes() const
{
    QJsonObject notes;
    if (!deprecated.isEmpty())
        notes.insert(QStringLiteral("deprecated"), QJsonArray::fromStringList(deprecated));
    if (!coercions.isEmpty()) {
        QJsonArray list;
        for (const Coercion &coercion : coercions)
            list.append(QJsonObject{{QStringLiteral("field"), coercion.field},
                                    {QStringLiteral("from"), coercion.from},
                                    {QStringLiteral("to"), coercion.to}});
        notes.insert(QStringLiteral("coercions"), list);
    }
    if (!dropped.isEmpty())
        notes.insert(QStringLiteral("dropped"), QJsonArray::fromStringList(dropped));
    return notes;
}

QString FieldSpec::typeName(Type type)
{
    switch (type) {
    case Type::String: return QStringLiteral("string");
    case Type::Integer: return QStringLiteral("integer");
    case Type::Number: return QStringLiteral("number");
    case Type::Boolean: return QStringLiteral("boolean");
    case Type::Object: return QStringLiteral("object");
    case Type::Array: return QStringLiteral("array");
    }
    return QStringLiteral("string");
}

FieldSpec &FieldSpec::withItems(const FieldSpec &item)
{
    items = std::make_shared<const FieldSpec>(item);
    return *this;
}

FieldSpec &FieldSpec::withItems(const ObjectSchema &schema)
{
    return withItems(FieldSpec::object(QString(), QString()).withFields(schema));
}

FieldSpec &FieldSpec::withFields(const ObjectSchema &schema)
{
    fields = std::make_shared<const ObjectSchema>(schema);
    return *this;
}

QJsonObject FieldSpec::toJsonSchema() const
{
    QJsonObject property{{QStringLiteral("type"), typeName(type)}};
    if (!description.isEmpty())
        property.insert(QStringLiteral("description"), description);
    if (!enumValues.isEmpty())
        property.insert(QStringLiteral("enum"), QJsonArray::fromStringList(enumValues));
    if (minLength >= 0)
        property.insert(QStringLiteral("minLength"), minLength);
    if (maxLength >= 0)
        property.insert(QStringLiteral("maxLength"), maxLength);
    if (!std::isnan(minimum))
        property.insert(QStringLiteral("minimum"), minimum);
    if (!std::isnan(maximum))
        property.insert(QStringLiteral("maximum"), maximum);
    if (!defaultValue.isUndefined() && !defaultValue.isNull())
        property.insert(QStringLiteral("default"), defaultValue);
    if (items)
        property.insert(QStringLiteral("items"), items->toJsonSchema());
    if (fields) {
        const QJsonObject nested = fields->propertiesSchema();
        for (auto it = nested.begin(); it != nested.end(); ++it)
            property.insert(it.key(), it.value());
    }
    if (deprecation) {
        property.insert(QStringLiteral("deprecated"), true);
        property.insert(QStringLiteral("since"), deprecation->since);
        property.insert(QStringLiteral("remove_after"), deprecation->removeAfter);
        if (!deprecation->replacedBy.isEmpty())
            property.insert(QStringLiteral("x-replaced-by"), deprecation->replacedBy);
    }
    return property;
}

ValidationResult FieldSpec::validate(const QJsonValue &value, ValidationMode mode) const
{
    ValidationResult result;
    QJsonValue normalized;
    if (Reader(mode, result).value(*this, QString(), value, &normalized))
        result.value = normalized;
    return result;
}

std::optional<FieldSpec> FieldSpec::fromJsonSchema(const QJsonObject &schema, QString *reason)
{
    static const QSet<QString> supported = {
        QStringLiteral("$schema"), QStringLiteral("title"), QStringLiteral("description"), QStringLiteral("type"),
        QStringLiteral("properties"), QStringLiteral("required"), QStringLiteral("additionalProperties"),
        QStringLiteral("enum"), QStringLiteral("minLength"), QStringLiteral("maxLength"), QStringLiteral("minimum"),
        QStringLiteral("maximum"), QStringLiteral("items"), QStringLiteral("default"), QStringLiteral("deprecated"),
        QStringLiteral("since"), QStringLiteral("remove_after"), QStringLiteral("x-replaced-by")};
    for (auto it = schema.begin(); it != schema.end(); ++it) {
        if (!supported.contains(it.key()))
            return unsupported(reason, QStringLiteral("keyword '%1'").arg(it.key()));
    }
    const QJsonValue typeValue = schema.value(QStringLiteral("type"));
    if (typeValue.isUndefined())
        return unsupported(reason, QStringLiteral("no 'type'"));
    if (typeValue.isArray())
        return unsupported(reason, QStringLiteral("a list of types"));
    const auto type = typeFromName(typeValue.toString());
    if (!type)
        return unsupported(reason, QStringLiteral("type '%1'").arg(typeValue.toString()));

    FieldSpec spec{QString(), *type, schema.value(QStringLiteral("description")).toString()};
    if (schema.contains(QStringLiteral("enum"))) {
        const QJsonArray values = schema.value(QStringLiteral("enum")).toArray();
        for (const QJsonValue &value : values) {
            if (!value.isString())
                return unsupported(reason, QStringLiteral("a non-string enum value"));
            spec.enumValues.append(value.toString());
        }
        if (*type != Type::String)
            return unsupported(reason, QStringLiteral("enum on a non-string type"));
    }
    spec.minLength = schema.value(QStringLiteral("minLength")).toInteger(-1);
    spec.maxLength = schema.value(QStringLiteral("maxLength")).toInteger(-1);
    spec.minimum = schema.value(QStringLiteral("minimum")).toDouble(qQNaN());
    spec.maximum = schema.value(QStringLiteral("maximum")).toDouble(qQNaN());
    spec.defaultValue = schema.value(QStringLiteral("default"));
    if (schema.value(QStringLiteral("deprecated")).toBool())
        spec.deprecate(schema.value(QStringLiteral("since")).toString(), schema.value(QStringLiteral("remove_after")).toString(),
                       schema.value(QStringLiteral("x-replaced-by")).toString());

    // Keywords of another type are ignored, as JSON Schema ignores them.
    if (*type == Type::Array && schema.contains(QStringLiteral("items"))) {
        const QJsonValue items = schema.value(QStringLiteral("items"));
        if (!items.isObject())
            return unsupported(reason, items.isArray() ? QStringLiteral("tuple 'items'") : QStringLiteral("a boolean schema"));
        const auto item = fromJsonSchema(items.toObject(), reason);
        if (!item)
            return std::nullopt;
        spec.withItems(*item);
    }
    if (*type == Type::Object) {
        const QJsonValue additional = schema.value(QStringLiteral("additionalProperties"));
        if (!additional.isUndefined() && !additional.isBool())
            return unsupported(reason, QStringLiteral("a schema for additionalProperties"));
        const QJsonObject properties = schema.value(QStringLiteral("properties")).toObject();
        QStringList required;
        for (const QJsonValue &name : schema.value(QStringLiteral("required")).toArray())
            required.append(name.toString());
        // Required fields first, in their listed order, so "required" reads back the same.
        QStringList names = required;
        for (auto it = properties.begin(); it != properties.end(); ++it) {
            if (!names.contains(it.key()))
                names.append(it.key());
        }
        QList<FieldSpec> fields;
        for (const QString &name : std::as_const(names)) {
            if (!properties.contains(name))
                return unsupported(reason, QStringLiteral("'required' naming an undeclared property"));
            const QJsonValue property = properties.value(name);
            if (!property.isObject())
                return unsupported(reason, QStringLiteral("a boolean schema"));
            auto field = fromJsonSchema(property.toObject(), reason);
            if (!field)
                return std::nullopt;
            field->name = name;
            field->required = required.contains(name);
            fields.append(*field);
        }
        if (!properties.isEmpty() || !required.isEmpty() || additional == QJsonValue(false)) {
            ObjectSchema nested(schema.value(QStringLiteral("title")).toString(), fields);
            if (additional != QJsonValue(false))
                nested.allowAdditionalProperties();
            spec.withFields(nested);
        }
    }
    return spec;
}

QJsonObject ObjectSchema::propertiesSchema() const
{
    QJsonObject properties;
    QJsonArray required;
    for (const FieldSpec &field : m_fields) {
        properties.insert(field.name, field.toJsonSchema());
        if (field.required)
            required.append(field.name);
    }
    QJsonObject schema{{QStringLiteral("type"), QStringLiteral("object")},
                       {QStringLiteral("properties"), properties},
                       {QStringLiteral("required"), required}};
    if (!m_open)
        schema.insert(QStringLiteral("additionalProperties"), false);
    return schema;
}

QJsonObject ObjectSchema::toJsonSchema() const
{
    QJsonObject schema = propertiesSchema();
    schema.insert(QStringLiteral("$schema"), QStringLiteral("https://json-schema.org/draft/2020-12/schema"));
    schema.insert(QStringLiteral("title"), m_title);
    return schema;
}

ValidationResult ObjectSchema::validate(const QJsonObject &input, ValidationMode mode) const
{
    ValidationResult result;
    QJsonObject normalized;
    if (Reader(mode, result).object(*this, QString(), input, &normalized))
        result.normalized = normalized;
    return result;
}

QString ObjectSchema::validate(const QJsonObject &input, QJsonObject *normalized) const
{
    ValidationResult result = validate(input);
    if (result.ok() && normalized)
        *normalized = result.normalized;
    return result.error;
}

const FieldSpec *ObjectSchema::field(const QString &name) const
{
    for (const FieldSpec &field : m_fields) {
        if (field.name == name)
            return &field;
    }
    return nullptr;
}

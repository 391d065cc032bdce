#pragma once
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>

class ObjectSchema;

// How strictly a value is read.
// - Tolerant: tool arguments as a brain sends them. Safe coercions only ("5" → 5,
//   "true" → true, 727 → "727" where a string field opts in), unknown fields dropped
//   and reported, deprecated aliases moved to their replacement, null read as absent.
// - Strict: JSON Schema semantics for the keywords we generate, nothing corrected.
//   Used for tool outputs (our own code must honour the contract the brain reads) and
//   for the JSON Schema Test Suite.
enum class ValidationMode { Tolerant, Strict };

// One value read as another type, e.g. top_k "5" → 5.
struct Coercion
{
    QString field; // path: "top_k", "items[2].quantity"
    QString from;  // JSON type received
    QString to;    // JSON type declared
};

// What reading a value found. Paths name fields as "a.b[3].c".
struct ValidationResult
{
    QJsonObject normalized;  // ObjectSchema::validate: the arguments the tool gets
    QJsonValue value;        // FieldSpec::validate: the normalised value
    QString error;           // the first problem, empty when valid
    QString errorField;      // path of the field the error is about (may be empty)
    QStringList deprecated;  // deprecated fields used (their own names)
    QList<Coercion> coercions;
    QStringList dropped;     // unknown fields removed

    bool ok() const { return error.isEmpty(); }
    bool hasNotes() const { return !deprecated.isEmpty() || !coercions.isEmpty() || !dropped.isEmpty(); }
    // {"deprecated":[...], "coercions":[{field,from,to}], "dropped":[...]}, each only when not empty.
    QJsonObject notes() const;
};

// One field of a tool's input or output, declared once in C++. The JSON Schema
// (draft 2020-12) the brain sees is generated from it and values are validated
// by it, so the two cannot drift apart.
struct FieldSpec
{
    enum class Type { String, Integer, Number, Boolean, Object, Array };

    // The field is on its way out: accepted and reported until removeAfter (a
    // tool version). With replacedBy it is an alias whose value parsing moves
    // to that field, so the tool only ever sees the new name.
    struct Deprecation
    {
        QString since;       // tool version that deprecated it
        QString removeAfter; // first tool version allowed to remove it
        QString replacedBy;  // field name, or empty
    };

    QString name;
    Type type = Type::String;
    QString description;
    bool required = false;
    QJsonValue defaultValue;          // filled in when the field is absent
    QStringList enumValues;           // strings only
    qint64 minLength = -1, maxLength = -1; // strings, in Unicode code points as JSON Schema counts
    double minimum = qQNaN(), maximum = qQNaN(); // numbers
    std::shared_ptr<const FieldSpec> items;      // arrays: what each element is (none: anything)
    std::shared_ptr<const ObjectSchema> fields;  // objects: their own fields (none: any object)
    std::optional<Deprecation> deprecation;
    bool acceptsNumber = false;       // strings: an integer such as 727 is read as "727"

    static FieldSpec string(const QString &name, const QString &description) { return {name, Type::String, description}; }
    static FieldSpec integer(const QString &name, const QString &description) { return {name, Type::Integer, description}; }
    static FieldSpec number(const QString &name, const QString &description) { return {name, Type::Number, description}; }
    static FieldSpec boolean(const QString &name, const QString &description) { return {name, Type::Boolean, description}; }
    static FieldSpec array(const QString &name, const QString &description) { return {name, Type::Array, description}; }
    static FieldSpec object(const QString &name, const QString &description) { return {name, Type::Object, description}; }

    FieldSpec &require() { required = true; return *this; }
    FieldSpec &withDefault(const QJsonValue &value) { defaultValue = value; return *this; }
    FieldSpec &oneOf(const QStringList &values) { enumValues = values; return *this; }
    FieldSpec &length(qint64 min, qint64 max) { minLength = min; maxLength = max; return *this; }
    FieldSpec &range(double min, double max) { minimum = min; maximum = max; return *this; }
    FieldSpec &withItems(const FieldSpec &item);       // array of item
    FieldSpec &withItems(const ObjectSchema &schema);  // array of objects of that schema
    FieldSpec &withFields(const ObjectSchema &schema); // object of that schema
    FieldSpec &deprecate(const QString &since, const QString &removeAfter, const QString &replacedBy = {})
    {
        deprecation = Deprecation{since, removeAfter, replacedBy};
        return *this;
    }
    // For id-like strings (order numbers): brains often send them as numbers.
    FieldSpec &coerceFromNumber() { acceptsNumber = true; return *this; }

    // The property's JSON Schema (no "$schema").
    QJsonObject toJsonSchema() const;
    // Reads one present value (null included) against this declaration.
    ValidationResult validate(const QJsonValue &value, ValidationMode mode = ValidationMode::Tolerant) const;
    // The subset of JSON Schema that toJsonSchema() writes, back into a FieldSpec:
    // a single "type" is required; any other keyword (or a boolean schema, a type
    // list, a non-string enum, tuple items) makes it fail with the reason in *unsupported.
    static std::optional<FieldSpec> fromJsonSchema(const QJsonObject &schema, QString *unsupported = nullptr);

    static QString typeName(Type type);
};

class ObjectSchema
{
public:
    ObjectSchema() = default;
    ObjectSchema(QString title, QList<FieldSpec> fields) : m_title(std::move(title)), m_fields(std::move(fields)) {}

    // Objects are closed by default ("additionalProperties": false); an open one
    // keeps fields it does not declare in both modes.
    ObjectSchema &allowAdditionalProperties() { m_open = true; return *this; }
    bool isOpen() const { return m_open; }

    // JSON Schema draft 2020-12, with "$schema" and "title".
    QJsonObject toJsonSchema() const;
    // "type", "properties", "required", "additionalProperties" only, for nesting.
    QJsonObject propertiesSchema() const;

    // Checks types and bounds, fills defaults; in Tolerant mode also applies safe
    // coercions, moves deprecated aliases and drops unknown fields. The schema we
    // publish still says "additionalProperties": false: the brain should send only
    // declared fields, but a brain written against an older or newer version of a
    // tool may send a field we do not know, and one stray field must not fail the
    // whole call; it is dropped (the tool never sees it) and counted.
    ValidationResult validate(const QJsonObject &input, ValidationMode mode = ValidationMode::Tolerant) const;
    // Convenience: tolerant validation; empty string when valid, else the first problem.
    QString validate(const QJsonObject &input, QJsonObject *normalized) const;

    const QString &title() const { return m_title; }
    const QList<FieldSpec> &fields() const { return m_fields; }
    const FieldSpec *field(const QString &name) const;

private:
    QString m_title;
    QList<FieldSpec> m_fields;
    bool m_open = false;
};

#include "tools/schema.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QTest>

// Our validator against the official JSON Schema Test Suite, for every keyword
// the tools' generated schemas use.
//
// Debian 12's json-schema-test-suite stops at draft 7, while we publish draft
// 2020-12. The keywords used here (type, properties, required,
// additionalProperties, enum, minLength, maxLength, minimum, maximum, items
// with one schema, default) mean the same in both drafts; what 2020-12
// changed (tuple "items" became "prefixItems", $ref, dependencies) is nothing
// we generate, and such cases are skipped anyway.
//
// Each case's schema is read with FieldSpec::fromJsonSchema and its instance
// validated in strict mode (no coercion, unknown fields refused): exactly JSON
// Schema semantics. A FieldSpec always declares a type, while many suite
// schemas leave it out ({"minLength": 2}); a typeless schema S agrees on an
// instance I with S plus {"type": <I's own type>}, because that type always
// accepts I, so the case runs with that type added (recursively, under
// properties and items). A string-only enum implies type string outright.
// Cases still outside the subset (patternProperties, boolean schemas, type
// lists, null, non-string enums, tuple items, ...) are skipped and counted.

namespace {

const QStringList kKeywordFiles = {QStringLiteral("type"),      QStringLiteral("properties"), QStringLiteral("required"),
                                   QStringLiteral("additionalProperties"), QStringLiteral("enum"), QStringLiteral("minLength"),
                                   QStringLiteral("maxLength"), QStringLiteral("minimum"),    QStringLiteral("maximum"),
                                   QStringLiteral("items"),     QStringLiteral("default")};

QString typeOf(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool: return QStringLiteral("boolean");
    case QJsonValue::Double: return QStringLiteral("number");
    case QJsonValue::String: return QStringLiteral("string");
    case QJsonValue::Array: return QStringLiteral("array");
    case QJsonValue::Object: return QStringLiteral("object");
    case QJsonValue::Null: return QStringLiteral("null");
    case QJsonValue::Undefined: break;
    }
    return QStringLiteral("string"); // absent: no keyword of the schema applies, any type will do
}

bool allStrings(const QJsonArray &values)
{
    for (const QJsonValue &value : values) {
        if (!value.isString())
            return false;
    }
    return true;
}

// The schema with a type added wherever it has none, as explained above.
// Returns an undefined value (with *reason) when that cannot be done soundly.
QJsonValue typed(const QJsonValue &schemaValue, const QJsonValue &instance, QString *reason)
{
    if (!schemaValue.isObject())
        return schemaValue; // boolean schemas: fromJsonSchema says why not
    QJsonObject schema = schemaValue.toObject();
    if (!schema.contains(QStringLiteral("type"))) {
        const QJsonValue enumValues = schema.value(QStringLiteral("enum"));
        const bool stringEnum = enumValues.isArray() && allStrings(enumValues.toArray());
        schema.insert(QStringLiteral("type"), stringEnum ? QStringLiteral("string") : typeOf(instance));
    }
    if (schema.value(QStringLiteral("properties")).isObject()) {
        QJsonObject properties = schema.value(QStringLiteral("properties")).toObject();
        const QJsonObject object = instance.toObject();
        for (auto it = properties.begin(); it != properties.end(); ++it) {
            const QJsonValue property = typed(it.value(), object.value(it.key()), reason);
            if (property.isUndefined())
                return property;
            it.value() = property;
        }
        schema.insert(QStringLiteral("properties"), properties);
    }
    if (schema.value(QStringLiteral("items")).isObject()) {
        // One FieldSpec for all elements: every element must lead to the same typed schema.
        const QJsonArray elements = instance.toArray();
        QJsonValue items = typed(schema.value(QStringLiteral("items")), elements.isEmpty() ? QJsonValue() : elements.first(), reason);
        for (const QJsonValue &element : elements) {
            if (items.isUndefined() || typed(schema.value(QStringLiteral("items")), element, reason) != items) {
                *reason = QStringLiteral("typeless items over elements of different types");
                return QJsonValue(QJsonValue::Undefined);
            }
        }
        schema.insert(QStringLiteral("items"), items);
    }
    return schema;
}

} // namespace

class TestJsonSchemaSuite : public QObject
{
    Q_OBJECT

private slots:
    void validatorAgreesWithTheSuite()
    {
        const QDir suite(QStringLiteral(JSON_SCHEMA_TEST_SUITE_DIR));
        if (!suite.exists(QStringLiteral("type.json")))
            QSKIP("the JSON Schema Test Suite is not installed (Debian package json-schema-test-suite, in scripts/install-deps.sh)");

        int total = 0, run = 0;
        QMap<QString, int> skipped;
        QStringList disagreements;
        QStringList perFile;
        for (const QString &keyword : kKeywordFiles) {
            QFile file(suite.filePath(keyword + QStringLiteral(".json")));
            QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
            const QJsonArray groups = QJsonDocument::fromJson(file.readAll()).array();
            QVERIFY2(!groups.isEmpty(), qPrintable(file.fileName()));
            int fileTotal = 0, fileRun = 0;
            for (const QJsonValue &groupValue : groups) {
                const QJsonObject group = groupValue.toObject();
                const QJsonValue schema = group.value(QStringLiteral("schema"));
                for (const QJsonValue &testValue : group.value(QStringLiteral("tests")).toArray()) {
                    const QJsonObject test = testValue.toObject();
                    const QJsonValue instance = test.value(QStringLiteral("data"));
                    const bool expected = test.value(QStringLiteral("valid")).toBool();
                    ++total;
                    ++fileTotal;
                    QString reason;
                    const QJsonValue withTypes = typed(schema, instance, &reason);
                    std::optional<FieldSpec> spec;
                    if (withTypes.isObject())
                        spec = FieldSpec::fromJsonSchema(withTypes.toObject(), &reason);
                    else if (withTypes.isBool())
                        reason = QStringLiteral("a boolean schema");
                    if (!spec) {
                        ++skipped[reason];
                        continue;
                    }
                    ++run;
                    ++fileRun;
                    const ValidationResult result = spec->validate(instance, ValidationMode::Strict);
                    if (result.ok() != expected) {
                        disagreements.append(QStringLiteral("%1.json / %2 / %3: suite says %4, we say %5 (%6)")
                                                 .arg(keyword, group.value(QStringLiteral("description")).toString(),
                                                      test.value(QStringLiteral("description")).toString(),
                                                      expected ? QStringLiteral("valid") : QStringLiteral("invalid"),
                                                      result.ok() ? QStringLiteral("valid") : QStringLiteral("invalid"),
                                                      result.error));
                    }
                }
            }
            perFile.append(QStringLiteral("%1 %2/%3").arg(keyword).arg(fileRun).arg(fileTotal));
        }

        QStringList skips;
        int skippedTotal = 0;
        for (auto it = skipped.begin(); it != skipped.end(); ++it) {
            skips.append(QStringLiteral("%1 × %2").arg(it.value()).arg(it.key()));
            skippedTotal += it.value();
        }
        qInfo().noquote() << QStringLiteral("JSON Schema Test Suite (draft 7): %1 cases in %2 keyword files, %3 run, %4 agree, %5 skipped")
                                 .arg(total).arg(kKeywordFiles.size()).arg(run).arg(run - disagreements.size()).arg(skippedTotal);
        qInfo().noquote() << "run per file:" << perFile.join(QStringLiteral(", "));
        qInfo().noquote() << "skipped:" << skips.join(QStringLiteral("; "));
        QVERIFY2(disagreements.isEmpty(), qPrintable(disagreements.join(u'\n')));
        // Guards the adapter: a change that quietly skips most of the suite fails here.
        QVERIFY2(run >= 90, qPrintable(QStringLiteral("only %1 cases ran").arg(run)));
    }
};

QTEST_GUILESS_MAIN(TestJsonSchemaSuite)
#include "tst_jsonschemasuite.moc"

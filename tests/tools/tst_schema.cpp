#include "tools/schema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace {

QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

// An order-lookup-like tool input with every kind of declaration.
ObjectSchema orderInput()
{
    const ObjectSchema line(QStringLiteral("line"),
                            {FieldSpec::string(QStringLiteral("sku"), QStringLiteral("Article number.")).require().coerceFromNumber(),
                             FieldSpec::integer(QStringLiteral("quantity"), QStringLiteral("How many.")).require().range(1, 99)});
    const ObjectSchema address(QStringLiteral("address"),
                               {FieldSpec::string(QStringLiteral("country"), QStringLiteral("ISO code.")).require().length(2, 2)});
    return ObjectSchema(
        QStringLiteral("order input"),
        {FieldSpec::string(QStringLiteral("order_id"), QStringLiteral("Order number.")).require().coerceFromNumber().length(1, 20),
         FieldSpec::string(QStringLiteral("billing_email"), QStringLiteral("Billing e-mail.")).length(3, 254),
         FieldSpec::string(QStringLiteral("email"), QStringLiteral("Old name of billing_email."))
             .length(3, 254)
             .deprecate(QStringLiteral("1.1"), QStringLiteral("2.0"), QStringLiteral("billing_email")),
         FieldSpec::string(QStringLiteral("note"), QStringLiteral("Unused.")).deprecate(QStringLiteral("1.1"), QStringLiteral("2.0")),
         FieldSpec::number(QStringLiteral("max_total"), QStringLiteral("Upper bound in euros.")).range(0, 10000),
         FieldSpec::boolean(QStringLiteral("gift"), QStringLiteral("Gift wrapped.")).withDefault(false),
         FieldSpec::array(QStringLiteral("lines"), QStringLiteral("Order lines.")).withItems(line),
         FieldSpec::array(QStringLiteral("tags"), QStringLiteral("Labels."))
             .withItems(FieldSpec::string(QString(), QString()).oneOf({QStringLiteral("a"), QStringLiteral("b")})),
         FieldSpec::object(QStringLiteral("ship_to"), QStringLiteral("Where it goes.")).withFields(address)});
}

QStringList coercedFields(const ValidationResult &result)
{
    QStringList fields;
    for (const Coercion &coercion : result.coercions)
        fields.append(coercion.field);
    return fields;
}

} // namespace

class TestSchema : public QObject
{
    Q_OBJECT

private slots:
    void generatesNestedJsonSchema()
    {
        const QJsonObject schema = orderInput().toJsonSchema();
        QCOMPARE(schema.value(QStringLiteral("$schema")).toString(), QStringLiteral("https://json-schema.org/draft/2020-12/schema"));
        QCOMPARE(schema.value(QStringLiteral("additionalProperties")), QJsonValue(false));
        QCOMPARE(schema.value(QStringLiteral("required")).toArray(), QJsonArray{QStringLiteral("order_id")});
        const QJsonObject properties = schema.value(QStringLiteral("properties")).toObject();
        QCOMPARE(properties.value(QStringLiteral("max_total")).toObject(),
                 parse(R"({"type":"number","description":"Upper bound in euros.","minimum":0,"maximum":10000})"));
        QCOMPARE(properties.value(QStringLiteral("lines")).toObject(),
                 parse(R"({"type":"array","description":"Order lines.","items":{"type":"object",
                     "properties":{"sku":{"type":"string","description":"Article number."},
                                   "quantity":{"type":"integer","description":"How many.","minimum":1,"maximum":99}},
                     "required":["sku","quantity"],"additionalProperties":false}})"));
        QCOMPARE(properties.value(QStringLiteral("tags")).toObject(),
                 parse(R"({"type":"array","description":"Labels.","items":{"type":"string","enum":["a","b"]}})"));
        QCOMPARE(properties.value(QStringLiteral("ship_to")).toObject(),
                 parse(R"({"type":"object","description":"Where it goes.","properties":{"country":{"type":"string",
                     "description":"ISO code.","minLength":2,"maxLength":2}},"required":["country"],"additionalProperties":false})"));
        QCOMPARE(properties.value(QStringLiteral("email")).toObject(),
                 parse(R"({"type":"string","description":"Old name of billing_email.","minLength":3,"maxLength":254,
                     "deprecated":true,"since":"1.1","remove_after":"2.0","x-replaced-by":"billing_email"})"));
        QCOMPARE(properties.value(QStringLiteral("note")).toObject().value(QStringLiteral("x-replaced-by")), QJsonValue(QJsonValue::Undefined));
        QCOMPARE(properties.value(QStringLiteral("gift")).toObject().value(QStringLiteral("default")), QJsonValue(false));
    }

    void openObjectsSayNothingAboutAdditionalProperties()
    {
        ObjectSchema open(QStringLiteral("open"), {FieldSpec::string(QStringLiteral("a"), QStringLiteral("A."))});
        open.allowAdditionalProperties();
        QVERIFY(!open.toJsonSchema().contains(QStringLiteral("additionalProperties")));
        const ValidationResult result = open.validate(parse(R"({"a":"x","b":1})"), ValidationMode::Strict);
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.normalized, parse(R"({"a":"x","b":1})"));
        QVERIFY(result.dropped.isEmpty());
    }

    void normalisesAValidCall()
    {
        const ValidationResult result = orderInput().validate(
            parse(R"({"order_id":"727","lines":[{"sku":"A-1","quantity":2}],"tags":["a"],"ship_to":{"country":"DE"}})"));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.normalized,
                 parse(R"({"order_id":"727","gift":false,"lines":[{"sku":"A-1","quantity":2}],"tags":["a"],"ship_to":{"country":"DE"}})"));
        QVERIFY(!result.hasNotes());
        QVERIFY(result.notes().isEmpty());
    }

    void safeCoercions_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("normalized"); // empty: rejected
        QTest::addColumn<QStringList>("coerced");
        QTest::addColumn<QString>("error");
        const QStringList none;
        QTest::newRow("integer from numeric string")
            << QByteArray(R"({"order_id":"1","lines":[{"sku":"x","quantity":"5"}]})")
            << QByteArray(R"({"order_id":"1","gift":false,"lines":[{"sku":"x","quantity":5}]})")
            << QStringList{QStringLiteral("lines[0].quantity")} << QString();
        QTest::newRow("negative integer string, then bounds apply")
            << QByteArray(R"({"order_id":"1","lines":[{"sku":"x","quantity":"-5"}]})") << QByteArray() << none
            << QStringLiteral("'lines[0].quantity' must be at least 1");
        QTest::newRow("integer from decimal string refused")
            << QByteArray(R"({"order_id":"1","lines":[{"sku":"x","quantity":"5.5"}]})") << QByteArray() << none
            << QStringLiteral("'lines[0].quantity' must be of type integer, not string");
        QTest::newRow("integer from words refused")
            << QByteArray(R"({"order_id":"1","lines":[{"sku":"x","quantity":"many"}]})") << QByteArray() << none
            << QStringLiteral("'lines[0].quantity' must be of type integer, not string");
        QTest::newRow("integer from padded string refused")
            << QByteArray(R"({"order_id":"1","lines":[{"sku":"x","quantity":" 5"}]})") << QByteArray() << none
            << QStringLiteral("must be of type integer");
        QTest::newRow("number from numeric string")
            << QByteArray(R"({"order_id":"1","max_total":"19.90"})")
            << QByteArray(R"({"order_id":"1","gift":false,"max_total":19.9})") << QStringList{QStringLiteral("max_total")}
            << QString();
        QTest::newRow("number from exponent string")
            << QByteArray(R"({"order_id":"1","max_total":"1e3"})")
            << QByteArray(R"({"order_id":"1","gift":false,"max_total":1000})") << QStringList{QStringLiteral("max_total")}
            << QString();
        QTest::newRow("number from nan refused") << QByteArray(R"({"order_id":"1","max_total":"nan"})") << QByteArray() << none
                                                 << QStringLiteral("'max_total' must be of type number, not string");
        QTest::newRow("boolean from 'true'") << QByteArray(R"({"order_id":"1","gift":"true"})")
                                             << QByteArray(R"({"order_id":"1","gift":true})")
                                             << QStringList{QStringLiteral("gift")} << QString();
        QTest::newRow("boolean from 'yes' refused") << QByteArray(R"({"order_id":"1","gift":"yes"})") << QByteArray() << none
                                                    << QStringLiteral("'gift' must be of type boolean, not string");
        QTest::newRow("boolean from 1 refused") << QByteArray(R"({"order_id":"1","gift":1})") << QByteArray() << none
                                                << QStringLiteral("'gift' must be of type boolean, not integer");
        QTest::newRow("id-like string from integer")
            << QByteArray(R"({"order_id":727,"lines":[{"sku":1001,"quantity":1}]})")
            << QByteArray(R"({"order_id":"727","gift":false,"lines":[{"sku":"1001","quantity":1}]})")
            << QStringList{QStringLiteral("order_id"), QStringLiteral("lines[0].sku")} << QString();
        QTest::newRow("id-like string from fraction refused") << QByteArray(R"({"order_id":7.5})") << QByteArray() << none
                                                              << QStringLiteral("'order_id' must be of type string, not number");
        QTest::newRow("plain string from number refused")
            << QByteArray(R"({"order_id":"1","billing_email":12345})") << QByteArray() << none
            << QStringLiteral("'billing_email' must be of type string, not integer");
        QTest::newRow("object never from string") << QByteArray("{\"order_id\":\"1\",\"ship_to\":\"{\\\"country\\\":\\\"DE\\\"}\"}")
                                                  << QByteArray() << none
                                                  << QStringLiteral("'ship_to' must be of type object, not string");
    }

    void safeCoercions()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, normalized);
        QFETCH(QStringList, coerced);
        QFETCH(QString, error);
        const ValidationResult result = orderInput().validate(QJsonDocument::fromJson(input).object());
        if (normalized.isEmpty()) {
            QVERIFY2(result.error.contains(error), qPrintable(result.error));
            QVERIFY(!result.ok());
            return;
        }
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.normalized, QJsonDocument::fromJson(normalized).object());
        QCOMPARE(coercedFields(result), coerced);
        // The same input read strictly is refused: strict never coerces.
        QVERIFY(!orderInput().validate(QJsonDocument::fromJson(input).object(), ValidationMode::Strict).ok());
    }

    void coercionsSayFromAndTo()
    {
        const ValidationResult result = orderInput().validate(parse(R"({"order_id":727})"));
        QCOMPARE(result.notes().value(QStringLiteral("coercions")).toArray(),
                 QJsonArray{parse(R"({"field":"order_id","from":"integer","to":"string"})")});
    }

    void deprecatedAliasMovesToItsReplacement()
    {
        const ValidationResult result = orderInput().validate(parse(R"({"order_id":"727","email":"ann@example.com"})"));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.normalized.value(QStringLiteral("billing_email")).toString(), QStringLiteral("ann@example.com"));
        QVERIFY(!result.normalized.contains(QStringLiteral("email")));
        QCOMPARE(result.deprecated, QStringList{QStringLiteral("email")});
        QCOMPARE(result.notes().value(QStringLiteral("deprecated")).toArray(), QJsonArray{QStringLiteral("email")});
    }

    void bothShapesThatAgreeAreOne()
    {
        const ValidationResult result =
            orderInput().validate(parse(R"({"order_id":"727","email":"ann@example.com","billing_email":"ann@example.com"})"));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.normalized.value(QStringLiteral("billing_email")).toString(), QStringLiteral("ann@example.com"));
        QVERIFY(!result.normalized.contains(QStringLiteral("email")));
        QCOMPARE(result.deprecated, QStringList{QStringLiteral("email")});
    }

    void bothShapesThatDisagreeAreRefused()
    {
        const ValidationResult result =
            orderInput().validate(parse(R"({"order_id":"727","email":"ann@example.com","billing_email":"bob@example.com"})"));
        QVERIFY(!result.ok());
        QCOMPARE(result.errorField, QStringLiteral("email"));
        QVERIFY2(result.error.contains(QStringLiteral("send only 'billing_email'")), qPrintable(result.error));
    }

    void aliasIsCheckedByItsOwnDeclaration()
    {
        const ValidationResult result = orderInput().validate(parse(R"({"order_id":"727","email":"a"})"));
        QCOMPARE(result.error, QStringLiteral("'email' must have at least 3 characters"));
    }

    void deprecatedFieldWithoutReplacementStays()
    {
        const ValidationResult result = orderInput().validate(parse(R"({"order_id":"727","note":"hi"})"));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.normalized.value(QStringLiteral("note")).toString(), QStringLiteral("hi"));
        QCOMPARE(result.deprecated, QStringList{QStringLiteral("note")});
    }

    void unknownFieldsAreDroppedAndReported()
    {
        const ValidationResult result = orderInput().validate(
            parse(R"({"order_id":"727","locale":"de","ship_to":{"country":"DE","city":"Kiel"},
                      "lines":[{"sku":"a","quantity":1},{"sku":"b","quantity":2,"colour":"red"}]})"));
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.dropped, (QStringList{QStringLiteral("locale"), QStringLiteral("lines[1].colour"),
                                              QStringLiteral("ship_to.city")}));
        QVERIFY(!result.normalized.contains(QStringLiteral("locale")));
        QCOMPARE(result.normalized.value(QStringLiteral("ship_to")).toObject(), parse(R"({"country":"DE"})"));
    }

    void strictModeRefusesUnknownFields()
    {
        const ValidationResult result = orderInput().validate(parse(R"({"order_id":"727","locale":"de"})"), ValidationMode::Strict);
        QCOMPARE(result.error, QStringLiteral("'locale' is not a known field"));
        QCOMPARE(result.errorField, QStringLiteral("locale"));
    }

    void nullIsAbsentOnlyWhenTolerant()
    {
        const ValidationResult tolerant = orderInput().validate(parse(R"({"order_id":"727","billing_email":null})"));
        QVERIFY2(tolerant.ok(), qPrintable(tolerant.error));
        QVERIFY(!tolerant.normalized.contains(QStringLiteral("billing_email")));
        const ValidationResult strict = orderInput().validate(parse(R"({"order_id":"727","billing_email":null})"), ValidationMode::Strict);
        QCOMPARE(strict.error, QStringLiteral("'billing_email' must be of type string, not null"));
        QCOMPARE(orderInput().validate(parse(R"({"order_id":null})")).error, QStringLiteral("'order_id' is required"));
    }

    void nestedErrorsNameTheirPath_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("error");
        QTest::addColumn<QString>("field");
        QTest::newRow("item bound") << QByteArray(R"({"order_id":"1","lines":[{"sku":"a","quantity":1},{"sku":"b","quantity":100}]})")
                                    << "'lines[1].quantity' must be at most 99" << "lines[1].quantity";
        QTest::newRow("item required") << QByteArray(R"({"order_id":"1","lines":[{"quantity":1}]})")
                                       << "'lines[0].sku' is required" << "lines[0].sku";
        QTest::newRow("item type") << QByteArray(R"({"order_id":"1","lines":["a"]})")
                                   << "'lines[0]' must be of type object, not string" << "lines[0]";
        QTest::newRow("enum item") << QByteArray(R"({"order_id":"1","tags":["a","c"]})") << "'tags[1]' must be one of a, b"
                                   << "tags[1]";
        QTest::newRow("nested object") << QByteArray(R"({"order_id":"1","ship_to":{"country":"DEU"}})")
                                       << "'ship_to.country' must have at most 2 characters" << "ship_to.country";
        QTest::newRow("array type") << QByteArray(R"({"order_id":"1","tags":"a"})") << "'tags' must be of type array, not string"
                                    << "tags";
    }

    void nestedErrorsNameTheirPath()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, error);
        QFETCH(QString, field);
        const ValidationResult result = orderInput().validate(QJsonDocument::fromJson(input).object());
        QCOMPARE(result.error, error);
        QCOMPARE(result.errorField, field);
    }

    // JSON Schema counts characters as code points; QString counts UTF-16 units.
    void lengthCountsCodePoints()
    {
        const FieldSpec two = FieldSpec::string(QStringLiteral("s"), QString()).length(2, 2);
        QVERIFY(two.validate(QStringLiteral("\U0001F4A9\U0001F4A9"), ValidationMode::Strict).ok());
        QVERIFY(!two.validate(QStringLiteral("\U0001F4A9"), ValidationMode::Strict).ok());
        QVERIFY(two.validate(QStringLiteral("ab"), ValidationMode::Strict).ok());
    }

    void rootValuesOfAnyType()
    {
        const FieldSpec integer = FieldSpec::integer(QString(), QString()).range(1, 3);
        QVERIFY(integer.validate(2).ok());
        QCOMPARE(integer.validate(2.0).value, QJsonValue(2));
        QCOMPARE(integer.validate(4).error, QStringLiteral("the value must be at most 3"));
        QCOMPARE(integer.validate(QJsonValue::Null).error, QStringLiteral("the value must be of type integer, not null"));
        QCOMPARE(integer.validate(QStringLiteral("2")).value, QJsonValue(2));
        QVERIFY(!integer.validate(QStringLiteral("2"), ValidationMode::Strict).ok());
    }

    void convenienceKeepsTheOldSignature()
    {
        QJsonObject normalized;
        QCOMPARE(orderInput().validate(parse(R"({"order_id":"9"})"), &normalized), QString());
        QCOMPARE(normalized, parse(R"({"order_id":"9","gift":false})"));
        QCOMPARE(orderInput().validate(parse(R"({})"), &normalized), QStringLiteral("'order_id' is required"));
    }

    // What toJsonSchema writes, fromJsonSchema reads back to the same schema.
    void jsonSchemaRoundTrips()
    {
        const QJsonObject generated = orderInput().toJsonSchema();
        QString reason;
        const auto spec = FieldSpec::fromJsonSchema(generated, &reason);
        QVERIFY2(spec, qPrintable(reason));
        QVERIFY(spec->fields);
        QCOMPARE(spec->fields->field(QStringLiteral("email"))->deprecation->replacedBy, QStringLiteral("billing_email"));
        QJsonObject again = spec->toJsonSchema();
        again.insert(QStringLiteral("$schema"), generated.value(QStringLiteral("$schema")));
        again.insert(QStringLiteral("title"), generated.value(QStringLiteral("title")));
        again.remove(QStringLiteral("description"));
        QCOMPARE(again, generated);
    }

    void fromJsonSchemaRefusesWhatItCannotExpress_data()
    {
        QTest::addColumn<QByteArray>("schema");
        QTest::addColumn<QString>("reason");
        QTest::newRow("no type") << QByteArray(R"({"minLength":1})") << "no 'type'";
        QTest::newRow("type list") << QByteArray(R"({"type":["string","null"]})") << "a list of types";
        QTest::newRow("null") << QByteArray(R"({"type":"null"})") << "type 'null'";
        QTest::newRow("pattern") << QByteArray(R"({"type":"string","pattern":"^a"})") << "keyword 'pattern'";
        QTest::newRow("numeric enum") << QByteArray(R"({"type":"integer","enum":[1,2]})") << "a non-string enum value";
        QTest::newRow("tuple items") << QByteArray(R"({"type":"array","items":[{"type":"string"}]})") << "tuple 'items'";
        QTest::newRow("boolean property") << QByteArray(R"({"type":"object","properties":{"a":true}})") << "a boolean schema";
        QTest::newRow("additionalProperties schema")
            << QByteArray(R"({"type":"object","additionalProperties":{"type":"string"}})") << "a schema for additionalProperties";
        QTest::newRow("nested") << QByteArray(R"({"type":"object","properties":{"a":{"type":"string","format":"email"}}})")
                                << "keyword 'format'";
    }

    void fromJsonSchemaRefusesWhatItCannotExpress()
    {
        QFETCH(QByteArray, schema);
        QFETCH(QString, reason);
        QString why;
        QVERIFY(!FieldSpec::fromJsonSchema(QJsonDocument::fromJson(schema).object(), &why));
        QCOMPARE(why, reason);
    }
};

QTEST_GUILESS_MAIN(TestSchema)
#include "tst_schema.moc"

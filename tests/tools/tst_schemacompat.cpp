#include "tools/schemacompat.h"
#include "tools/schema.h"

#include <QTest>
#include <functional>

namespace {

// A search-like tool, declared the way tools declare themselves; each row
// below edits a copy of it.
struct Declaration
{
    QString version = QStringLiteral("1.0");
    QString description = QStringLiteral("Finds things.");
    QList<FieldSpec> input = {
        FieldSpec::string(QStringLiteral("query"), QStringLiteral("What to find.")).require().length(1, 500),
        FieldSpec::integer(QStringLiteral("top_k"), QStringLiteral("How many.")).withDefault(3).range(1, 8),
        FieldSpec::string(QStringLiteral("mode"), QStringLiteral("How.")).oneOf({QStringLiteral("fast"), QStringLiteral("deep")}),
        FieldSpec::string(QStringLiteral("email"), QStringLiteral("Old name."))
            .deprecate(QStringLiteral("1.1"), QStringLiteral("2.0"), QStringLiteral("query"))};
    QList<FieldSpec> hit = {FieldSpec::string(QStringLiteral("doc_id"), QStringLiteral("Id.")).require(),
                            FieldSpec::string(QStringLiteral("title"), QStringLiteral("Title."))};
    QList<FieldSpec> output = {
        FieldSpec::string(QStringLiteral("status"), QStringLiteral("Outcome.")).require().oneOf({QStringLiteral("ok"), QStringLiteral("empty")}),
        FieldSpec::integer(QStringLiteral("total"), QStringLiteral("Hits.")).require().range(0, 100)};

    QJsonObject spec() const
    {
        QList<FieldSpec> out = output;
        out.append(FieldSpec::array(QStringLiteral("results"), QStringLiteral("Hits.")).require().withItems(ObjectSchema(QString(), hit)));
        return {{QStringLiteral("name"), QStringLiteral("find")},
                {QStringLiteral("version"), version},
                {QStringLiteral("description"), description},
                {QStringLiteral("input_schema"), ObjectSchema(QStringLiteral("find input"), input).toJsonSchema()},
                {QStringLiteral("output_schema"), ObjectSchema(QStringLiteral("find output"), out).toJsonSchema()}};
    }
};

using Edit = std::function<void(Declaration &)>;

FieldSpec &field(QList<FieldSpec> &fields, const QString &name)
{
    for (FieldSpec &spec : fields) {
        if (spec.name == name)
            return spec;
    }
    qFatal("no field %s", qPrintable(name));
}

void removeField(QList<FieldSpec> &fields, const QString &name)
{
    fields.removeIf([&name](const FieldSpec &spec) { return spec.name == name; });
}

} // namespace

Q_DECLARE_METATYPE(Edit)

class TestSchemaCompat : public QObject
{
    Q_OBJECT

private slots:
    void classifiesChanges_data()
    {
        QTest::addColumn<Edit>("edit");
        QTest::addColumn<bool>("breaking");
        QTest::addColumn<QString>("where");
        QTest::addColumn<QString>("what");

        // input: what the tool reads
        QTest::newRow("new optional input field") << Edit([](Declaration &d) {
            d.input.append(FieldSpec::string(QStringLiteral("locale"), QStringLiteral("Language.")));
        }) << false << "input.locale" << "new optional field";
        QTest::newRow("new required input field") << Edit([](Declaration &d) {
            d.input.append(FieldSpec::string(QStringLiteral("locale"), QStringLiteral("Language.")).require());
        }) << true << "input.locale" << "new required field";
        QTest::newRow("input field removed") << Edit([](Declaration &d) { removeField(d.input, QStringLiteral("mode")); })
                                             << true << "input.mode" << "removed without a deprecation window";
        QTest::newRow("deprecated field removed at remove_after") << Edit([](Declaration &d) {
            d.version = QStringLiteral("2.0");
            removeField(d.input, QStringLiteral("email"));
        }) << false << "input.email" << "removed after its deprecation window";
        QTest::newRow("deprecated field removed too early") << Edit([](Declaration &d) {
            d.version = QStringLiteral("1.3");
            removeField(d.input, QStringLiteral("email"));
        }) << true << "input.email" << "removed before its remove_after 2.0";
        QTest::newRow("input type changed") << Edit([](Declaration &d) { field(d.input, QStringLiteral("top_k")).type = FieldSpec::Type::Number; })
                                            << true << "input.top_k" << "type changed from integer to number";
        QTest::newRow("input enum value removed")
            << Edit([](Declaration &d) { field(d.input, QStringLiteral("mode")).enumValues = {QStringLiteral("fast")}; }) << true
            << "input.mode" << "enum value 'deep' removed";
        QTest::newRow("input enum value added") << Edit([](Declaration &d) {
            field(d.input, QStringLiteral("mode")).enumValues.append(QStringLiteral("exact"));
        }) << false << "input.mode" << "enum value 'exact' added";
        QTest::newRow("input enum introduced") << Edit([](Declaration &d) {
            field(d.input, QStringLiteral("query")).enumValues = {QStringLiteral("a")};
        }) << true << "input.query" << "now restricted to an enum";
        QTest::newRow("input maxLength lowered") << Edit([](Declaration &d) { field(d.input, QStringLiteral("query")).maxLength = 200; })
                                                 << true << "input.query" << "maxLength lowered from 500 to 200";
        QTest::newRow("input maxLength raised") << Edit([](Declaration &d) { field(d.input, QStringLiteral("query")).maxLength = 1000; })
                                                << false << "input.query" << "maxLength raised from 500 to 1000";
        QTest::newRow("input minimum raised") << Edit([](Declaration &d) { field(d.input, QStringLiteral("top_k")).minimum = 2; })
                                              << true << "input.top_k" << "minimum raised from 1 to 2";
        QTest::newRow("input maximum removed") << Edit([](Declaration &d) { field(d.input, QStringLiteral("top_k")).maximum = qQNaN(); })
                                               << false << "input.top_k" << "maximum raised from 8 to (none)";
        QTest::newRow("input minLength added") << Edit([](Declaration &d) { field(d.input, QStringLiteral("mode")).minLength = 2; })
                                               << true << "input.mode" << "minLength raised from (none) to 2";
        QTest::newRow("input optional made required") << Edit([](Declaration &d) { field(d.input, QStringLiteral("top_k")).require(); })
                                                      << true << "input.top_k" << "now required";
        QTest::newRow("input required made optional")
            << Edit([](Declaration &d) { field(d.input, QStringLiteral("query")).required = false; }) << false << "input.query"
            << "no longer required";
        QTest::newRow("input field deprecated") << Edit([](Declaration &d) {
            field(d.input, QStringLiteral("mode")).deprecate(QStringLiteral("1.1"), QStringLiteral("2.0"));
        }) << false << "input.mode" << "deprecated since 1.1, removable after 2.0";
        QTest::newRow("input default changed") << Edit([](Declaration &d) { field(d.input, QStringLiteral("top_k")).withDefault(5); })
                                               << false << "input.top_k" << "default changed from 3 to 5";
        QTest::newRow("input field description") << Edit([](Declaration &d) {
            field(d.input, QStringLiteral("query")).description = QStringLiteral("Words to find.");
        }) << false << "input.query" << "description changed";
        QTest::newRow("tool description") << Edit([](Declaration &d) { d.description = QStringLiteral("Finds more things."); })
                                          << false << "description" << "changed";

        // output: what the brain reads
        QTest::newRow("output field removed") << Edit([](Declaration &d) { removeField(d.output, QStringLiteral("total")); })
                                              << true << "output.total" << "removed without a deprecation window";
        QTest::newRow("new required output field") << Edit([](Declaration &d) {
            d.output.append(FieldSpec::string(QStringLiteral("source"), QStringLiteral("Where.")).require());
        }) << false << "output.source" << "new required field";
        QTest::newRow("output enum value added") << Edit([](Declaration &d) {
            field(d.output, QStringLiteral("status")).enumValues.append(QStringLiteral("partial"));
        }) << true << "output.status" << "enum value 'partial' added";
        QTest::newRow("output enum value removed")
            << Edit([](Declaration &d) { field(d.output, QStringLiteral("status")).enumValues = {QStringLiteral("ok")}; }) << false
            << "output.status" << "enum value 'empty' removed";
        QTest::newRow("output maximum raised") << Edit([](Declaration &d) { field(d.output, QStringLiteral("total")).maximum = 1000; })
                                               << true << "output.total" << "maximum raised from 100 to 1000";
        QTest::newRow("output maximum lowered") << Edit([](Declaration &d) { field(d.output, QStringLiteral("total")).maximum = 50; })
                                                << false << "output.total" << "maximum lowered from 100 to 50";
        QTest::newRow("output required made optional")
            << Edit([](Declaration &d) { field(d.output, QStringLiteral("total")).required = false; }) << true << "output.total"
            << "no longer required";
        QTest::newRow("output type changed") << Edit([](Declaration &d) { field(d.output, QStringLiteral("total")).type = FieldSpec::Type::String; })
                                             << true << "output.total" << "type changed from integer to string";
        QTest::newRow("nested output type changed") << Edit([](Declaration &d) { field(d.hit, QStringLiteral("title")).type = FieldSpec::Type::Array; })
                                                    << true << "output.results[].title" << "type changed from string to array";
        QTest::newRow("nested output field added") << Edit([](Declaration &d) {
            d.hit.append(FieldSpec::string(QStringLiteral("section"), QStringLiteral("Section.")));
        }) << false << "output.results[].section" << "new optional field";
        QTest::newRow("nested output field removed") << Edit([](Declaration &d) { removeField(d.hit, QStringLiteral("title")); })
                                                     << true << "output.results[].title" << "removed without a deprecation window";
    }

    void classifiesChanges()
    {
        QFETCH(Edit, edit);
        QFETCH(bool, breaking);
        QFETCH(QString, where);
        QFETCH(QString, what);
        const Declaration before;
        Declaration after;
        edit(after);
        const schemacompat::Report report = schemacompat::compare(before.spec(), after.spec());
        QVERIFY(!report.identical);
        QStringList all;
        for (const auto &change : report.changes)
            all.append((change.breaking ? QStringLiteral("B ") : QStringLiteral("A ")) + change.toString());
        QCOMPARE(report.changes.size(), 1);
        QVERIFY2(report.changes.first().where == where && report.changes.first().what == what, qPrintable(all.join(u'\n')));
        QCOMPARE(report.changes.first().breaking, breaking);
        QCOMPARE(report.hasBreaking(), breaking);
    }

    void identicalSpecsHaveNoChanges()
    {
        const Declaration declaration;
        const schemacompat::Report report = schemacompat::compare(declaration.spec(), declaration.spec());
        QVERIFY(report.identical);
        QVERIFY(report.changes.isEmpty());
    }

    void versionRule_data()
    {
        QTest::addColumn<QString>("older");
        QTest::addColumn<QString>("newer");
        QTest::addColumn<Edit>("edit");
        QTest::addColumn<QString>("problem"); // empty: allowed
        const Edit nothing = [](Declaration &) {};
        const Edit additive = [](Declaration &d) { d.input.append(FieldSpec::string(QStringLiteral("locale"), QStringLiteral("L."))); };
        const Edit breaking = [](Declaration &d) { field(d.input, QStringLiteral("query")).maxLength = 100; };
        QTest::newRow("same content, same version") << "1.0" << "1.0" << nothing << "";
        QTest::newRow("same content, new version") << "1.0" << "1.1" << nothing << "have the same content";
        QTest::newRow("additive, minor bump") << "1.0" << "1.1" << additive << "";
        QTest::newRow("additive, major bump") << "1.3" << "2.0" << additive << "";
        QTest::newRow("additive, no bump") << "1.0" << "1.0" << additive << "is not higher: bump the version";
        QTest::newRow("additive, lower version") << "1.2" << "1.1" << additive << "is not higher";
        QTest::newRow("breaking, minor bump") << "1.0" << "1.1" << breaking << "need a major version (2.0)";
        QTest::newRow("breaking, major bump") << "1.4" << "2.0" << breaking << "";
        QTest::newRow("minor 10 after 9") << "1.9" << "1.10" << additive << "";
        QTest::newRow("unreadable version") << "1.0" << "v2" << additive << "versions must read MAJOR.MINOR";
    }

    void versionRule()
    {
        QFETCH(QString, older);
        QFETCH(QString, newer);
        QFETCH(Edit, edit);
        QFETCH(QString, problem);
        Declaration before;
        before.version = older;
        Declaration after;
        edit(after);
        after.version = newer;
        const QString found = schemacompat::checkVersionRule(before.spec(), after.spec());
        if (problem.isEmpty())
            QVERIFY2(found.isEmpty(), qPrintable(found));
        else
            QVERIFY2(found.contains(problem), qPrintable(found));
    }

    void versionsParseAndOrder()
    {
        using schemacompat::Version;
        QVERIFY(Version::parse(QStringLiteral("1.0")));
        QVERIFY(!Version::parse(QStringLiteral("1")));
        QVERIFY(!Version::parse(QStringLiteral("01.0")));
        QVERIFY(!Version::parse(QStringLiteral("1.0.0")));
        QVERIFY(*Version::parse(QStringLiteral("1.9")) < *Version::parse(QStringLiteral("1.10")));
        QVERIFY(*Version::parse(QStringLiteral("1.10")) < *Version::parse(QStringLiteral("2.0")));
        QCOMPARE(Version::parse(QStringLiteral("3.12"))->toString(), QStringLiteral("3.12"));
    }
};

QTEST_GUILESS_MAIN(TestSchemaCompat)
#include "tst_schemacompat.moc"

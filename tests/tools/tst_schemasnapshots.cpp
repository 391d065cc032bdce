#include "app/toolcatalog.h"
#include "tools/schemacompat.h"
#include "tools/schemasnapshots.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

// The committed snapshots (resources/schemas/).
const QString kSnapshotDir = QStringLiteral(SUPPORT_SCHEMA_DIR);

QString fix()
{
    return QStringLiteral("run `build/server/supportd schemas export` from the repository root; if that version's file "
                          "is already committed, bump the tool's version() instead (minor for additive changes, major for "
                          "breaking ones)");
}

QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

QJsonObject spec(const QString &version, const QJsonObject &input)
{
    return {{QStringLiteral("name"), QStringLiteral("demo")},
            {QStringLiteral("version"), version},
            {QStringLiteral("description"), QStringLiteral("Demo.")},
            {QStringLiteral("input_schema"), input},
            {QStringLiteral("output_schema"), parse(R"({"type":"object","properties":{},"required":[]})")}};
}

int runSupportd(const QStringList &arguments, QByteArray *output)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral(SUPPORTD_BINARY), arguments);
    if (!process.waitForFinished(60000))
        return -1;
    *output = process.readAll();
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

} // namespace

// The tool schemas are a contract with brains that may be older or newer than
// the server: what the tools generate must be what is committed, and the
// committed history must follow the versioning rule.
class TestSchemaSnapshots : public QObject
{
    Q_OBJECT

private:
    ToolCatalog m_catalog;

private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_catalog.load(&error), qPrintable(error));
        QVERIFY(!m_catalog.registry().names().isEmpty());
    }

    void generatedSchemasMatchTheSnapshots_data()
    {
        QTest::addColumn<QJsonObject>("generated");
        for (const QJsonValue &value : m_catalog.registry().specs())
            QTest::newRow(qPrintable(value.toObject().value(QStringLiteral("name")).toString())) << value.toObject();
    }

    void generatedSchemasMatchTheSnapshots()
    {
        QFETCH(QJsonObject, generated);
        const SchemaSnapshots snapshots(kSnapshotDir);
        const QString tool = generated.value(QStringLiteral("name")).toString();
        const QString version = generated.value(QStringLiteral("version")).toString();
        QString error;
        const auto committed = snapshots.read(tool, version, &error);
        QVERIFY2(committed, qPrintable(QStringLiteral("%1 %2 has no snapshot (%3): %4").arg(tool, version, error, fix())));
        if (*committed != generated) {
            schemacompat::Report report = schemacompat::compare(*committed, generated);
            QStringList changes;
            for (const auto &change : std::as_const(report.changes))
                changes.append(change.toString());
            QFAIL(qPrintable(QStringLiteral("%1 %2: the generated schema differs from %3 (%4): %5")
                                 .arg(tool, version, snapshots.path(tool, version), changes.join(QStringLiteral("; ")), fix())));
        }
    }

    void snapshotFilesAreWellFormed()
    {
        const SchemaSnapshots snapshots(kSnapshotDir);
        QVERIFY(!snapshots.tools().isEmpty());
        for (const QString &tool : snapshots.tools()) {
            const QStringList versions = snapshots.versions(tool);
            QVERIFY2(!versions.isEmpty(), qPrintable(tool));
            for (const QString &version : versions) {
                QString error;
                const auto spec = snapshots.read(tool, version, &error);
                QVERIFY2(spec, qPrintable(error));
                QCOMPARE(spec->value(QStringLiteral("name")).toString(), tool);
                QCOMPARE(spec->value(QStringLiteral("version")).toString(), version);
                for (const QString &key : {QStringLiteral("description"), QStringLiteral("input_schema"), QStringLiteral("output_schema")})
                    QVERIFY2(spec->contains(key), qPrintable(tool + QLatin1Char(' ') + version + QStringLiteral(" lacks ") + key));
                // Byte for byte what export writes, so diffs in review show real changes only.
                QFile file(snapshots.path(tool, version));
                QVERIFY(file.open(QIODevice::ReadOnly));
                QVERIFY2(file.readAll() == SchemaSnapshots::format(*spec), qPrintable(file.fileName() + QStringLiteral(" is not formatted as export writes it")));
            }
        }
    }

    void historyFollowsTheVersioningRule()
    {
        const SchemaSnapshots snapshots(kSnapshotDir);
        int steps = 0;
        for (const QString &tool : snapshots.tools()) {
            const QStringList versions = snapshots.versions(tool);
            for (qsizetype i = 1; i < versions.size(); ++i) {
                const auto older = snapshots.read(tool, versions.at(i - 1));
                const auto newer = snapshots.read(tool, versions.at(i));
                QVERIFY(older && newer);
                const QString problem = schemacompat::checkVersionRule(*older, *newer);
                QVERIFY2(problem.isEmpty(), qPrintable(problem));
                ++steps;
            }
        }
        qInfo("%d version steps checked", steps);
    }

    // The brain sees only what our validator enforces: every generated schema
    // stays inside the JSON Schema subset FieldSpec reads back (and that the
    // conformance suite covers), and reads back to itself.
    void generatedSchemasStayInTheSupportedSubset()
    {
        for (const QJsonValue &value : m_catalog.registry().specs()) {
            const QJsonObject spec = value.toObject();
            for (const QString &key : {QStringLiteral("input_schema"), QStringLiteral("output_schema")}) {
                const QJsonObject schema = spec.value(key).toObject();
                QString reason;
                const auto read = FieldSpec::fromJsonSchema(schema, &reason);
                const QString what = spec.value(QStringLiteral("name")).toString() + QLatin1Char(' ') + key;
                QVERIFY2(read, qPrintable(what + QStringLiteral(": ") + reason));
                QJsonObject again = read->toJsonSchema();
                again.insert(QStringLiteral("$schema"), schema.value(QStringLiteral("$schema")));
                again.insert(QStringLiteral("title"), schema.value(QStringLiteral("title")));
                QVERIFY2(again == schema, qPrintable(what));
            }
        }
    }

    void writeRefusesToChangeAWrittenVersion()
    {
        QTemporaryDir dir;
        const SchemaSnapshots snapshots(dir.path());
        const QJsonObject v10 = spec(QStringLiteral("1.0"), parse(R"({"type":"object","properties":{"q":{"type":"string"}},"required":[]})"));
        QCOMPARE(snapshots.write(v10, false).status, SchemaSnapshots::Outcome::Status::Written);
        QCOMPARE(snapshots.write(v10, false).status, SchemaSnapshots::Outcome::Status::Unchanged);
        QCOMPARE(snapshots.versions(QStringLiteral("demo")), QStringList{QStringLiteral("1.0")});

        QJsonObject changed = spec(QStringLiteral("1.0"), parse(R"({"type":"object","properties":{"q":{"type":"integer"}},"required":[]})"));
        const auto refused = snapshots.write(changed, false);
        QCOMPARE(refused.status, SchemaSnapshots::Outcome::Status::Refused);
        QCOMPARE(refused.message, QStringLiteral("tool demo version 1.0 changed: bump the version (or --force while 1.0 is unreleased)"));
        QCOMPARE(*snapshots.read(QStringLiteral("demo"), QStringLiteral("1.0")), v10);
        QCOMPARE(snapshots.write(changed, true).status, SchemaSnapshots::Outcome::Status::Written);
        QCOMPARE(*snapshots.read(QStringLiteral("demo"), QStringLiteral("1.0")), changed);
    }

    void writeChecksTheStepFromThePreviousVersion()
    {
        QTemporaryDir dir;
        const SchemaSnapshots snapshots(dir.path());
        QVERIFY(snapshots.write(spec(QStringLiteral("1.0"), parse(R"({"type":"object","properties":{"q":{"type":"string"}},"required":[]})")), false)
                    .status == SchemaSnapshots::Outcome::Status::Written);
        // Breaking (q removed) with a minor bump: refused.
        const auto breaking = snapshots.write(spec(QStringLiteral("1.1"), parse(R"({"type":"object","properties":{},"required":[]})")), false);
        QCOMPARE(breaking.status, SchemaSnapshots::Outcome::Status::Refused);
        QVERIFY2(breaking.message.contains(QStringLiteral("need a major version (2.0)")), qPrintable(breaking.message));
        QVERIFY(!QFile::exists(snapshots.path(QStringLiteral("demo"), QStringLiteral("1.1"))));
        // Additive with a minor bump: written, and says what changed.
        const auto additive = snapshots.write(
            spec(QStringLiteral("1.1"), parse(R"({"type":"object","properties":{"q":{"type":"string"},"n":{"type":"integer"}},"required":[]})")),
            false);
        QCOMPARE(additive.status, SchemaSnapshots::Outcome::Status::Written);
        QCOMPARE(additive.message, QStringLiteral("since 1.0: additive: input.n: new optional field"));
        QCOMPARE(snapshots.versions(QStringLiteral("demo")), (QStringList{QStringLiteral("1.0"), QStringLiteral("1.1")}));
    }

    void exportCommandWritesEveryTool()
    {
        QTemporaryDir dir;
        QByteArray output;
        QCOMPARE(runSupportd({QStringLiteral("schemas"), QStringLiteral("export"), dir.path()}, &output), 0);
        const SchemaSnapshots snapshots(dir.path());
        for (const QJsonValue &value : m_catalog.registry().specs()) {
            const QString tool = value.toObject().value(QStringLiteral("name")).toString();
            const QString version = value.toObject().value(QStringLiteral("version")).toString();
            QVERIFY2(output.contains(("wrote " + QDir::cleanPath(snapshots.path(tool, version))).toUtf8()), output.constData());
            QCOMPARE(*snapshots.read(tool, version), value.toObject());
        }
        QCOMPARE(runSupportd({QStringLiteral("schemas"), QStringLiteral("export"), dir.path()}, &output), 0);
        QVERIFY2(output.contains("unchanged ") && !output.contains("wrote "), output.constData());

        // A hand-edited (or stale) file for the current version is not overwritten.
        const QJsonObject first = m_catalog.registry().specs().first().toObject();
        const QString path = snapshots.path(first.value(QStringLiteral("name")).toString(), first.value(QStringLiteral("version")).toString());
        QJsonObject edited = first;
        edited.insert(QStringLiteral("description"), QStringLiteral("edited"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(SchemaSnapshots::format(edited));
        file.close();
        QCOMPARE(runSupportd({QStringLiteral("schemas"), QStringLiteral("export"), dir.path()}, &output), 1);
        QVERIFY2(output.contains("changed: bump the version"), output.constData());
        QCOMPARE(runSupportd({QStringLiteral("schemas"), QStringLiteral("export"), dir.path(), QStringLiteral("--force")}, &output), 0);
        QCOMPARE(*snapshots.read(first.value(QStringLiteral("name")).toString(), first.value(QStringLiteral("version")).toString()), first);
    }
};

QTEST_GUILESS_MAIN(TestSchemaSnapshots)
#include "tst_schemasnapshots.moc"

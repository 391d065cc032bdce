#include "app/agentruntime.h"
#include "store/conversationstore.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

// Golden tool calls (tests/golden/*.json): arguments as a brain sent them,
// replayed through the real registry and tools (sample help centre and the
// local demo orders on a fresh SQLite database), compared with what was recorded:
//
//   {"description": "...",                      (for people)
//    "tool": "search_kb",
//    "context": {"channel": "web", "thread": "new"},   (optional; "new" opens a thread first)
//    "arguments": {...},
//    "expect": {"normalized_arguments": {...}    (the call succeeds with these arguments)
//               | "error_contains": "...",       (or fails with this in its error)
//               "deprecated": ["email"], "coercions": ["top_k"], "dropped": ["x"],  (absent means none)
//               "output": {...}}}                (optional: objects match as subsets, arrays
//                                                 element by element and of the same length)
//
// A new tool's fixtures are just new files; every registered tool needs at least one.

namespace {

const QString kGoldenDir = QStringLiteral(SUPPORT_GOLDEN_DIR);

QStringList strings(const QJsonValue &array)
{
    QStringList list;
    for (const QJsonValue &value : array.toArray())
        list.append(value.toString());
    return list;
}

QStringList coercedFields(const QJsonObject &notes)
{
    QStringList fields;
    for (const QJsonValue &value : notes.value(QStringLiteral("coercions")).toArray())
        fields.append(value.toObject().value(QStringLiteral("field")).toString());
    return fields;
}

// Where actual does not match expected, or empty.
QString mismatch(const QJsonValue &expected, const QJsonValue &actual, const QString &path)
{
    if (expected.isObject()) {
        if (!actual.isObject())
            return path + QStringLiteral(" is not an object");
        const QJsonObject want = expected.toObject();
        const QJsonObject have = actual.toObject();
        for (auto it = want.begin(); it != want.end(); ++it) {
            if (!have.contains(it.key()))
                return path + QLatin1Char('.') + it.key() + QStringLiteral(" is missing");
            const QString inner = mismatch(it.value(), have.value(it.key()), path + QLatin1Char('.') + it.key());
            if (!inner.isEmpty())
                return inner;
        }
        return {};
    }
    if (expected.isArray()) {
        if (!actual.isArray() || actual.toArray().size() != expected.toArray().size())
            return QStringLiteral("%1 should be an array of %2").arg(path).arg(expected.toArray().size());
        for (qsizetype i = 0; i < expected.toArray().size(); ++i) {
            const QString inner = mismatch(expected.toArray().at(i), actual.toArray().at(i), QStringLiteral("%1[%2]").arg(path).arg(i));
            if (!inner.isEmpty())
                return inner;
        }
        return {};
    }
    if (expected != actual)
        return QStringLiteral("%1 is %2, expected %3")
            .arg(path, QString::fromUtf8(QJsonDocument(QJsonArray{actual}).toJson(QJsonDocument::Compact)),
                 QString::fromUtf8(QJsonDocument(QJsonArray{expected}).toJson(QJsonDocument::Compact)));
    return {};
}

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

} // namespace

class TestGolden : public QObject
{
    Q_OBJECT

private:
    QJsonObject load(const QString &path)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return QJsonDocument::fromJson(file.readAll()).object();
    }

    QStringList fixtureFiles() const
    {
        return QDir(kGoldenDir).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    }

    QTemporaryDir m_dir;
    std::unique_ptr<AgentRuntime> m_runtime;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_runtime = std::make_unique<AgentRuntime>(DatabaseConfig::sqlite(m_dir.filePath(QStringLiteral("golden.sqlite"))));
        m_runtime->setOrderConfig(OrderConfig{}); // the local demo orders, whatever the environment says
        QString error;
        QVERIFY2(m_runtime->start(&error), qPrintable(error));
        QVERIFY2(!fixtureFiles().isEmpty(), qPrintable(kGoldenDir));
    }

    void everyToolHasAFixture()
    {
        QSet<QString> covered;
        for (const QString &file : fixtureFiles())
            covered.insert(load(QDir(kGoldenDir).filePath(file)).value(QStringLiteral("tool")).toString());
        for (const QString &tool : m_runtime->tools().names())
            QVERIFY2(covered.contains(tool), qPrintable(QStringLiteral("tool %1 has no golden fixture in tests/golden/").arg(tool)));
    }

    void replay_data()
    {
        QTest::addColumn<QString>("path");
        for (const QString &file : fixtureFiles())
            QTest::newRow(qPrintable(file.chopped(5))) << QDir(kGoldenDir).filePath(file);
    }

    void replay()
    {
        QFETCH(QString, path);
        const QJsonObject fixture = load(path);
        QVERIFY2(!fixture.isEmpty(), qPrintable(path + QStringLiteral(" is not a JSON object")));
        const QString tool = fixture.value(QStringLiteral("tool")).toString();
        const QJsonObject expect = fixture.value(QStringLiteral("expect")).toObject();
        QVERIFY2(!tool.isEmpty() && fixture.value(QStringLiteral("arguments")).isObject(), "a fixture needs tool and arguments");
        QVERIFY2(expect.contains(QStringLiteral("normalized_arguments")) != expect.contains(QStringLiteral("error_contains")),
                 "expect needs exactly one of normalized_arguments and error_contains");

        const QJsonObject contextSpec = fixture.value(QStringLiteral("context")).toObject();
        ToolContext context;
        context.channel = contextSpec.value(QStringLiteral("channel")).toString(QStringLiteral("web"));
        context.deadline = QDeadlineTimer(3000);
        if (contextSpec.value(QStringLiteral("thread")).toString() == QLatin1String("new")) {
            Thread thread;
            thread.id = crypto::uuidV4();
            thread.channel = context.channel;
            thread.createdAt = thread.updatedAt = QDateTime::currentMSecsSinceEpoch();
            QVERIFY(ConversationStore(m_runtime->database()).createThread(thread, QStringLiteral("golden")));
            context.threadId = thread.id;
            context.transcriptExcerpt = QStringLiteral("user: golden fixture");
        }

        const ToolCall call = m_runtime->tools().invoke(tool, fixture.value(QStringLiteral("arguments")).toObject(), context);
        if (expect.contains(QStringLiteral("error_contains"))) {
            QVERIFY2(!call.succeeded(), qPrintable(QStringLiteral("succeeded with ") + compact(call.arguments)));
            const QString wanted = expect.value(QStringLiteral("error_contains")).toString();
            QVERIFY2(call.error.contains(wanted), qPrintable(QStringLiteral("error '%1' lacks '%2'").arg(call.error, wanted)));
        } else {
            QVERIFY2(call.succeeded(), qPrintable(call.error));
            QVERIFY2(call.arguments == expect.value(QStringLiteral("normalized_arguments")).toObject(),
                     qPrintable(QStringLiteral("normalised to ") + compact(call.arguments)));
        }
        QCOMPARE(strings(call.notes.value(QStringLiteral("deprecated"))), strings(expect.value(QStringLiteral("deprecated"))));
        QCOMPARE(coercedFields(call.notes), strings(expect.value(QStringLiteral("coercions"))));
        QCOMPARE(strings(call.notes.value(QStringLiteral("dropped"))), strings(expect.value(QStringLiteral("dropped"))));
        if (expect.contains(QStringLiteral("output"))) {
            const QString wrong = mismatch(expect.value(QStringLiteral("output")), call.result, QStringLiteral("output"));
            QVERIFY2(wrong.isEmpty(), qPrintable(wrong + QStringLiteral(" in ") + compact(call.result)));
        }
    }
};

QTEST_GUILESS_MAIN(TestGolden)
#include "tst_golden.moc"

#include "tools/toolregistry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QTest>
#include <atomic>
#include <thread>
#include <vector>

namespace {

QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

// A lookup tool with an alias, an id-like field and an optional count. Its
// output can be told to leak an undeclared field or break its own schema.
class LookupTool : public Tool
{
public:
    QString name() const override { return QStringLiteral("lookup"); }
    QString version() const override { return QStringLiteral("1.1"); }
    QString description() const override { return QStringLiteral("Looks an order up."); }
    const ObjectSchema &inputSchema() const override { return m_input; }
    const ObjectSchema &outputSchema() const override { return m_output; }
    ToolResult run(const QJsonObject &arguments, const ToolContext &) override
    {
        ++runs;
        {
            QMutexLocker lock(&mutex);
            lastArguments = arguments;
        }
        QJsonObject output{{QStringLiteral("status"), QStringLiteral("shipped")}};
        if (leak)
            output.insert(QStringLiteral("billing_address"), QStringLiteral("1 Secret Road"));
        if (wrongOutput)
            output.insert(QStringLiteral("status"), 3);
        return ToolResult::ok(output);
    }

    std::atomic<int> runs{0};
    QMutex mutex;
    QJsonObject lastArguments;
    bool leak = false;
    bool wrongOutput = false;

private:
    ObjectSchema m_input{QStringLiteral("lookup input"),
                         {FieldSpec::string(QStringLiteral("order_id"), QStringLiteral("Order number.")).require().coerceFromNumber(),
                          FieldSpec::string(QStringLiteral("billing_email"), QStringLiteral("E-mail.")),
                          FieldSpec::string(QStringLiteral("email"), QStringLiteral("Old name."))
                              .deprecate(QStringLiteral("1.1"), QStringLiteral("2.0"), QStringLiteral("billing_email")),
                          FieldSpec::integer(QStringLiteral("limit"), QStringLiteral("Lines.")).withDefault(5).range(1, 10)}};
    ObjectSchema m_output{QStringLiteral("lookup output"),
                          {FieldSpec::string(QStringLiteral("status"), QStringLiteral("Order status.")).require()}};
};

ToolContext onChannel(const QString &channel)
{
    ToolContext context;
    context.channel = channel;
    context.deadline = QDeadlineTimer(5000);
    return context;
}

} // namespace

class TestToolRegistry : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_registry = std::make_unique<ToolRegistry>();
        auto tool = std::make_unique<LookupTool>();
        m_tool = tool.get();
        m_registry->add(std::move(tool));
    }

    void invokeNormalisesAndNotesIt()
    {
        const ToolCall call = m_registry->invoke(QStringLiteral("lookup"), parse(R"({"order_id":727,"email":"a@b.example","x":1})"),
                                                 onChannel(QStringLiteral("web")));
        QVERIFY2(call.succeeded(), qPrintable(call.error));
        QCOMPARE(m_tool->lastArguments, parse(R"({"order_id":"727","billing_email":"a@b.example","limit":5})"));
        QCOMPARE(call.arguments, m_tool->lastArguments);
        QCOMPARE(call.notes, parse(R"({"deprecated":["email"],"dropped":["x"],
                                       "coercions":[{"field":"order_id","from":"integer","to":"string"}]})"));
        // The notes travel with the call into traces.
        const auto decoded = ToolCall::fromJson(call.toJson());
        QVERIFY(decoded);
        QCOMPARE(decoded->notes, call.notes);
    }

    void cleanCallsHaveNoNotes()
    {
        const ToolCall call = m_registry->invoke(QStringLiteral("lookup"), parse(R"({"order_id":"727"})"), onChannel(QStringLiteral("web")));
        QVERIFY(call.succeeded());
        QVERIFY(call.notes.isEmpty());
        QVERIFY(!call.toJson().contains(QStringLiteral("notes")));
    }

    void invalidArgumentsNeverReachTheTool()
    {
        const ToolCall call = m_registry->invoke(QStringLiteral("lookup"), parse(R"({"order_id":"727","limit":"many"})"),
                                                 onChannel(QStringLiteral("web")));
        QCOMPARE(call.error, QStringLiteral("invalid arguments: 'limit' must be of type integer, not string"));
        QCOMPARE(m_tool->runs.load(), 0);
    }

    // The output is checked strictly: an undeclared field (here an address
    // the brain must never see) fails the call instead of reaching the brain.
    void undeclaredOutputFieldsFailTheCall()
    {
        m_tool->leak = true;
        const ToolCall call = m_registry->invoke(QStringLiteral("lookup"), parse(R"({"order_id":"1"})"), onChannel(QStringLiteral("web")));
        QCOMPARE(call.error, QStringLiteral("tool returned an invalid result: 'billing_address' is not a known field"));
        QVERIFY(call.result.isEmpty());
        m_tool->leak = false;
        m_tool->wrongOutput = true;
        const ToolCall wrong = m_registry->invoke(QStringLiteral("lookup"), parse(R"({"order_id":"1"})"), onChannel(QStringLiteral("web")));
        QCOMPARE(wrong.error, QStringLiteral("tool returned an invalid result: 'status' must be of type string, not integer"));
    }

    void telemetryCountsByToolArgumentAndChannel()
    {
        ToolTelemetry &telemetry = m_registry->telemetry();
        const auto invoke = [this](const char *json, const QString &channel) {
            return m_registry->invoke(QStringLiteral("lookup"), parse(json), onChannel(channel));
        };
        invoke(R"({"order_id":"1"})", QStringLiteral("web"));
        invoke(R"({"order_id":2,"email":"a@b.example"})", QStringLiteral("web"));
        invoke(R"({"order_id":"3","email":"a@b.example","limit":"4","colour":"red","size":"L"})", QStringLiteral("slack"));
        invoke(R"({"order_id":"4","limit":"many"})", QStringLiteral("web"));
        invoke(R"({"limit":2})", QStringLiteral("email"));
        m_tool->leak = true;
        invoke(R"({"order_id":"5"})", QStringLiteral("web"));
        m_registry->invoke(QStringLiteral("no_such_tool"), {}, onChannel(QStringLiteral("web")));

        const ToolTelemetry::Counters all = telemetry.counters(QStringLiteral("lookup"));
        QCOMPARE(all.calls, 6);
        QCOMPARE(all.failures, 3);
        QCOMPARE(all.validationFailures, 2);
        QCOMPARE(all.deprecatedUses, 2);
        QCOMPARE(all.coercions, 2);
        QCOMPARE(all.unknownDropped, 2);

        QCOMPARE(telemetry.counters(QStringLiteral("lookup"), {}, QStringLiteral("web")).calls, 4);
        QCOMPARE(telemetry.counters(QStringLiteral("lookup"), {}, QStringLiteral("slack")).calls, 1);
        QCOMPARE(telemetry.counters(QStringLiteral("lookup"), QStringLiteral("email")).deprecatedUses, 2);
        QCOMPARE(telemetry.counters(QStringLiteral("lookup"), QStringLiteral("email"), QStringLiteral("slack")).deprecatedUses, 1);
        QCOMPARE(telemetry.counters(QStringLiteral("lookup"), QStringLiteral("order_id"), QStringLiteral("web")).coercions, 1);
        QCOMPARE(telemetry.counters(QStringLiteral("lookup"), QStringLiteral("limit")).coercions, 1);
        QCOMPARE(telemetry.counters(QStringLiteral("lookup"), QStringLiteral("limit")).validationFailures, 1);
        QCOMPARE(telemetry.counters(QStringLiteral("lookup"), QStringLiteral("order_id"), QStringLiteral("email")).validationFailures, 1);
        QCOMPARE(telemetry.counters(QStringLiteral("lookup"), QStringLiteral("colour"), QStringLiteral("slack")).unknownDropped, 1);
        QCOMPARE(telemetry.counters(QStringLiteral("no_such_tool")).calls, 0);

        const QJsonObject snapshot = telemetry.snapshot(QStringLiteral("lookup"));
        QCOMPARE(snapshot.value(QStringLiteral("calls")).toInt(), 6);
        QCOMPARE(snapshot.value(QStringLiteral("unknown_dropped")).toInt(), 2);
        QCOMPARE(snapshot.value(QStringLiteral("by_channel")).toObject().keys(),
                 (QStringList{QStringLiteral("email"), QStringLiteral("slack"), QStringLiteral("web")}));
        const QJsonObject email = snapshot.value(QStringLiteral("by_argument")).toObject().value(QStringLiteral("email")).toObject();
        QCOMPARE(email.value(QStringLiteral("deprecated_uses")).toInt(), 2);
        QVERIFY(!email.contains(QStringLiteral("calls")));
        QCOMPARE(email.value(QStringLiteral("by_channel")).toObject().value(QStringLiteral("web")).toObject()
                     .value(QStringLiteral("deprecated_uses")).toInt(),
                 1);
        QCOMPARE(telemetry.snapshot().keys(), QStringList{QStringLiteral("lookup")});
        telemetry.reset();
        QCOMPARE(telemetry.counters(QStringLiteral("lookup")).calls, 0);
    }

    void argumentNamesAreBounded()
    {
        ToolTelemetry telemetry;
        ValidationResult result;
        for (int i = 0; i < ToolTelemetry::kMaxArgumentsPerTool + 10; ++i)
            result.dropped.append(QStringLiteral("junk%1").arg(i));
        telemetry.record(QStringLiteral("t"), QStringLiteral("web"), result, false);
        const QJsonObject arguments = telemetry.snapshot(QStringLiteral("t")).value(QStringLiteral("by_argument")).toObject();
        QCOMPARE(arguments.size(), ToolTelemetry::kMaxArgumentsPerTool + 1);
        QCOMPARE(arguments.value(QStringLiteral("(other)")).toObject().value(QStringLiteral("unknown_dropped")).toInt(), 10);
        QCOMPARE(telemetry.counters(QStringLiteral("t")).unknownDropped, ToolTelemetry::kMaxArgumentsPerTool + 10);
    }

    void arrayIndexesShareOneArgument()
    {
        ToolTelemetry telemetry;
        ValidationResult result;
        result.coercions = {{QStringLiteral("lines[0].qty"), QStringLiteral("string"), QStringLiteral("integer")},
                            {QStringLiteral("lines[11].qty"), QStringLiteral("string"), QStringLiteral("integer")}};
        telemetry.record(QStringLiteral("t"), QString(), result, false);
        QCOMPARE(telemetry.counters(QStringLiteral("t"), QStringLiteral("lines[].qty"), QStringLiteral("unspecified")).coercions, 2);
    }

    void countsHoldUnderConcurrentCalls()
    {
        constexpr int kThreads = 4, kCalls = 500;
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([this, t] {
                const QString channel = t % 2 ? QStringLiteral("web") : QStringLiteral("slack");
                for (int i = 0; i < kCalls; ++i)
                    m_registry->invoke(QStringLiteral("lookup"), parse(R"({"order_id":7,"colour":"red"})"), onChannel(channel));
            });
        }
        for (std::thread &thread : threads)
            thread.join();
        const ToolTelemetry::Counters all = m_registry->telemetry().counters(QStringLiteral("lookup"));
        QCOMPARE(all.calls, kThreads * kCalls);
        QCOMPARE(all.coercions, kThreads * kCalls);
        QCOMPARE(all.unknownDropped, kThreads * kCalls);
        QCOMPARE(m_registry->telemetry().counters(QStringLiteral("lookup"), QStringLiteral("colour"), QStringLiteral("web")).unknownDropped,
                 kThreads / 2 * kCalls);
    }

private:
    std::unique_ptr<ToolRegistry> m_registry;
    LookupTool *m_tool = nullptr;
};

QTEST_GUILESS_MAIN(TestToolRegistry)
#include "tst_toolregistry.moc"

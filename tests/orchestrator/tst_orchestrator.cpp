#include "orchestrator/orchestrator.h"
#include "tools/toolregistry.h"

#include <QJsonArray>
#include <QTest>
#include <functional>
#include <stdexcept>

namespace {

// A tool that echoes, counts its calls and can be told to fail or to be slow.
class EchoTool : public Tool
{
public:
    QString name() const override { return QStringLiteral("search_kb"); }
    QString version() const override { return QStringLiteral("9.9"); }
    QString description() const override { return QStringLiteral("test"); }
    const ObjectSchema &inputSchema() const override { return m_in; }
    const ObjectSchema &outputSchema() const override { return m_out; }
    ToolResult run(const QJsonObject &arguments, const ToolContext &) override
    {
        ++calls;
        if (failWith.size())
            return ToolResult::failure(failWith);
        QJsonObject result{{QStringLiteral("doc_id"), QStringLiteral("d1")}, {QStringLiteral("title"), QStringLiteral("Doc one")}};
        return ToolResult::ok({{QStringLiteral("results"), QJsonArray{result}},
                               {QStringLiteral("echo"), arguments.value(QStringLiteral("query"))}});
    }
    int calls = 0;
    QString failWith;

private:
    ObjectSchema m_in{QStringLiteral("in"), {FieldSpec::string(QStringLiteral("query"), QString()).require().length(1, 50)}};
    ObjectSchema m_out{QStringLiteral("out"), {FieldSpec::array(QStringLiteral("results"), QString()).require(),
                                               FieldSpec::string(QStringLiteral("echo"), QString())}};
};

// A brain whose decisions the test scripts.
class ScriptedBrain : public Brain
{
public:
    QString name() const override { return QStringLiteral("scripted"); }
    BrainStep plan(const TurnContext &context) override
    {
        ++plans;
        BrainStep step;
        step.route = QStringLiteral("search_kb");
        if (throwInPlan)
            throw std::runtime_error("brain exploded");
        if (context.toolCalls.size() < wantedCalls)
            step.call = PlannedCall{QStringLiteral("search_kb"), {{QStringLiteral("query"), argument}}};
        return step;
    }
    Draft draft(const TurnContext &context) override
    {
        seenCalls = int(context.toolCalls.size());
        return makeDraft(context);
    }
    int wantedCalls = 1;
    int plans = 0;
    int seenCalls = 0;
    bool throwInPlan = false;
    QJsonValue argument = QStringLiteral("delivery");
    std::function<Draft(const TurnContext &)> makeDraft = [](const TurnContext &) {
        Draft d;
        d.content = QStringLiteral("Answer (See: Doc one)");
        d.citations.append(Citation{QStringLiteral("d1"), QStringLiteral("Doc one"), QString(), QString()});
        return d;
    };
};

QStringList spanNames(const TurnOutcome &outcome)
{
    QStringList names;
    for (const TraceSpan &span : outcome.spans)
        names.append(span.name);
    return names;
}

} // namespace

class TestOrchestrator : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_registry = std::make_unique<ToolRegistry>();
        auto tool = std::make_unique<EchoTool>();
        m_tool = tool.get();
        m_registry->add(std::move(tool));
        m_brain = ScriptedBrain();
    }

    void walksTheStatesAndTracesThem()
    {
        Orchestrator orchestrator(m_brain, *m_registry);
        const TurnOutcome outcome = orchestrator.run({QStringLiteral("t"), QStringLiteral("web"), QStringLiteral("hi"), {}});
        QCOMPARE(spanNames(outcome), (QStringList{QStringLiteral("PLAN"), QStringLiteral("TOOL_LOOP"), QStringLiteral("tool:search_kb"),
                                                  QStringLiteral("DRAFT"), QStringLiteral("GUARDRAIL"), QStringLiteral("RESPOND"),
                                                  QStringLiteral("DONE")}));
        QCOMPARE(outcome.outcome, QStringLiteral("responded"));
        QCOMPARE(outcome.route, QStringLiteral("search_kb"));
        QCOMPARE(outcome.spans.first().attributes.value(QStringLiteral("route")).toString(), QStringLiteral("search_kb"));
        const TraceSpan tool = outcome.spans.at(2);
        QCOMPARE(tool.attributes.value(QStringLiteral("arguments")).toObject().value(QStringLiteral("query")).toString(),
                 QStringLiteral("delivery"));
        QVERIFY(tool.attributes.contains(QStringLiteral("latency_ms")));
        QCOMPARE(tool.attributes.value(QStringLiteral("version")).toString(), QStringLiteral("9.9"));
        for (qsizetype i = 1; i < outcome.spans.size(); ++i)
            QVERIFY(outcome.spans.at(i).startMs >= outcome.spans.at(i - 1).startMs);
        QCOMPARE(outcome.reply.citations.size(), 1);
    }

    void stopsAtThreeToolCalls()
    {
        m_brain.wantedCalls = 10;
        Orchestrator orchestrator(m_brain, *m_registry);
        const TurnOutcome outcome = orchestrator.run({QStringLiteral("t"), QStringLiteral("web"), QStringLiteral("hi"), {}});
        QCOMPARE(m_tool->calls, 3);
        QCOMPARE(m_brain.seenCalls, 3);
        QCOMPARE(outcome.outcome, QStringLiteral("responded"));
    }

    void invalidArgumentsNeverReachTheTool()
    {
        m_brain.argument = 42; // the schema wants a string
        Orchestrator orchestrator(m_brain, *m_registry);
        const TurnOutcome outcome = orchestrator.run({QStringLiteral("t"), QStringLiteral("web"), QStringLiteral("hi"), {}});
        QCOMPARE(m_tool->calls, 0);
        QCOMPARE(outcome.toolCalls.size(), 1);
        QVERIFY(outcome.toolCalls.first().error.contains(QStringLiteral("query")));
    }

    void toolErrorsAreRecorded()
    {
        m_tool->failWith = QStringLiteral("index offline");
        m_brain.makeDraft = [](const TurnContext &) { return Draft{QStringLiteral("Sorry."), {}, true}; };
        Orchestrator orchestrator(m_brain, *m_registry);
        const TurnOutcome outcome = orchestrator.run({QStringLiteral("t"), QStringLiteral("web"), QStringLiteral("hi"), {}});
        QCOMPARE(outcome.spans.at(2).attributes.value(QStringLiteral("error")).toString(), QStringLiteral("index offline"));
        QCOMPARE(outcome.reply.content, QStringLiteral("Sorry."));
    }

    void inventedCitationTripsTheGuardrail()
    {
        m_brain.makeDraft = [](const TurnContext &) {
            Draft d;
            d.content = QStringLiteral("Made up (See: Secret doc)");
            d.citations.append(Citation{QStringLiteral("nope"), QStringLiteral("Secret doc"), QString(), QString()});
            return d;
        };
        Orchestrator orchestrator(m_brain, *m_registry);
        const TurnOutcome outcome = orchestrator.run({QStringLiteral("t"), QStringLiteral("web"), QStringLiteral("hi"), {}});
        QVERIFY(outcome.reply.citations.isEmpty());
        QVERIFY(!outcome.reply.content.contains(QStringLiteral("Secret")));
        const TraceSpan guardrail = outcome.spans.at(spanNames(outcome).indexOf(QStringLiteral("GUARDRAIL")));
        QCOMPARE(guardrail.attributes.value(QStringLiteral("passed")).toBool(), false);
        QCOMPARE(guardrail.attributes.value(QStringLiteral("rule")).toString(), QStringLiteral("citation_check"));
    }

    void brainFailureEndsInFailed()
    {
        m_brain.throwInPlan = true;
        Orchestrator orchestrator(m_brain, *m_registry);
        const TurnOutcome outcome = orchestrator.run({QStringLiteral("t"), QStringLiteral("web"), QStringLiteral("hi"), {}});
        QCOMPARE(outcome.outcome, QStringLiteral("failed"));
        QCOMPARE(spanNames(outcome).last(), QStringLiteral("FAILED"));
        QCOMPARE(outcome.spans.last().attributes.value(QStringLiteral("error")).toString(), QStringLiteral("brain exploded"));
        QVERIFY(!outcome.reply.content.isEmpty());
    }

private:
    std::unique_ptr<ToolRegistry> m_registry;
    EchoTool *m_tool = nullptr;
    ScriptedBrain m_brain;
};

QTEST_GUILESS_MAIN(TestOrchestrator)
#include "tst_orchestrator.moc"

#include "orchestrator/orchestrator.h"
#include "tools/toolregistry.h"

#include <QDateTime>
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
        if (throwIt)
            throw std::runtime_error(failWith.toStdString());
        if (failWith.size())
            return ToolResult::failure(failWith);
        QJsonObject result{{QStringLiteral("doc_id"), QStringLiteral("d1")}, {QStringLiteral("title"), QStringLiteral("Doc one")}};
        return ToolResult::ok({{QStringLiteral("results"), QJsonArray{result}},
                               {QStringLiteral("echo"), arguments.value(QStringLiteral("query"))}});
    }
    int calls = 0;
    QString failWith;
    bool throwIt = false;

private:
    ObjectSchema m_in{QStringLiteral("in"), {FieldSpec::string(QStringLiteral("query"), QString()).require().length(1, 50)}};
    ObjectSchema m_out{QStringLiteral("out"), {FieldSpec::array(QStringLiteral("results"), QString()).require(),
                                               FieldSpec::string(QStringLiteral("echo"), QString())}};
};

// handoff_human as the orchestrator calls it, recording what it was given.
class HandoffSpy : public Tool
{
public:
    QString name() const override { return QStringLiteral("handoff_human"); }
    QString version() const override { return QStringLiteral("1.0"); }
    QString description() const override { return QStringLiteral("test"); }
    const ObjectSchema &inputSchema() const override { return m_in; }
    const ObjectSchema &outputSchema() const override { return m_out; }
    ToolResult run(const QJsonObject &arguments, const ToolContext &context) override
    {
        ++calls;
        lastArguments = arguments;
        lastContext = context;
        return ToolResult::ok({{QStringLiteral("status"), QStringLiteral("handoff")}});
    }
    int calls = 0;
    QJsonObject lastArguments;
    ToolContext lastContext;

private:
    ObjectSchema m_in{QStringLiteral("in"),
                      {FieldSpec::string(QStringLiteral("reason"), QString()).require().oneOf({QStringLiteral("tool_failure"),
                                                                                             QStringLiteral("complaint")}),
                       FieldSpec::string(QStringLiteral("transcript_excerpt"), QString()).withDefault(QString())}};
    ObjectSchema m_out{QStringLiteral("out"), {FieldSpec::string(QStringLiteral("status"), QString()).require()}};
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
        seenContexts.append(context);
        if (planCall) {
            step.call = planCall(context);
            return step;
        }
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
    QList<TurnContext> seenContexts; // what plan() saw, call by call
    // When set, decides the next call instead of wantedCalls/argument.
    std::function<std::optional<PlannedCall>(const TurnContext &)> planCall;
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
        auto handoff = std::make_unique<HandoffSpy>();
        m_handoff = handoff.get();
        m_registry->add(std::move(handoff));
        // Backoff without waiting: the sleeps are skipped, the clock is real.
        m_registry->resilience().setClock({[] { return QDateTime::currentMSecsSinceEpoch(); }, [](int) {}});
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

    // ---- a brain's mistakes with tools: one corrected retry, then a person

    void wrongSchemaThenRight()
    {
        m_brain.planCall = [](const TurnContext &context) -> std::optional<PlannedCall> {
            if (context.toolCalls.isEmpty())
                return PlannedCall{QStringLiteral("search_kb"), {{QStringLiteral("query"), 42}}};
            if (context.toolCalls.size() == 1)
                return PlannedCall{QStringLiteral("search_kb"), {{QStringLiteral("query"), QStringLiteral("delivery")}}};
            return std::nullopt;
        };
        Orchestrator orchestrator(m_brain, *m_registry);
        const TurnOutcome outcome = orchestrator.run({QStringLiteral("t"), QStringLiteral("web"), QStringLiteral("hi"), {}});
        QCOMPARE(outcome.outcome, QStringLiteral("responded"));
        QCOMPARE(m_tool->calls, 1);
        QCOMPARE(outcome.toolCalls.size(), 2);
        QCOMPARE(outcome.toolCalls.at(0).errorKind, ToolCall::InvalidArguments);
        QVERIFY(outcome.toolCalls.at(1).succeeded());
        // The brain planned the retry knowing what went wrong.
        QCOMPARE(m_brain.seenContexts.size(), 3);
        const ToolCall seen = m_brain.seenContexts.at(1).toolCalls.first();
        QVERIFY(!seen.succeeded());
        QVERIFY2(seen.error.contains(QStringLiteral("query")), qPrintable(seen.error));
        QCOMPARE(m_handoff->calls, 0);
        const TraceSpan loop = outcome.spans.at(spanNames(outcome).indexOf(QStringLiteral("TOOL_LOOP")));
        QCOMPARE(loop.attributes.value(QStringLiteral("brain_error")).toString(), ToolCall::InvalidArguments);
        QCOMPARE(loop.attributes.value(QStringLiteral("retry_after_brain_error")).toBool(), true);
    }

    void unknownToolThenCorrected()
    {
        m_brain.planCall = [](const TurnContext &context) -> std::optional<PlannedCall> {
            if (context.toolCalls.isEmpty())
                return PlannedCall{QStringLiteral("search_knowledge"), {{QStringLiteral("query"), QStringLiteral("delivery")}}};
            if (context.toolCalls.size() == 1)
                return PlannedCall{QStringLiteral("search_kb"), {{QStringLiteral("query"), QStringLiteral("delivery")}}};
            return std::nullopt;
        };
        Orchestrator orchestrator(m_brain, *m_registry);
        const TurnOutcome outcome = orchestrator.run({QStringLiteral("t"), QStringLiteral("web"), QStringLiteral("hi"), {}});
        QCOMPARE(outcome.outcome, QStringLiteral("responded"));
        QCOMPARE(outcome.toolCalls.at(0).errorKind, ToolCall::UnknownTool);
        QCOMPARE(m_brain.seenContexts.at(1).toolCalls.first().error, QStringLiteral("unknown tool 'search_knowledge'"));
        QVERIFY(outcome.toolCalls.at(1).succeeded());
        QCOMPARE(m_tool->calls, 1);
        QCOMPARE(m_handoff->calls, 0);
        QCOMPARE(outcome.reply.content, QStringLiteral("Answer (See: Doc one)"));
    }

    void wrongTwiceHandsOff_data()
    {
        QTest::addColumn<QString>("second"); // the second mistake
        QTest::newRow("same wrong schema") << "schema";
        QTest::newRow("then an unknown tool") << "unknown";
    }

    void wrongTwiceHandsOff()
    {
        QFETCH(QString, second);
        m_brain.planCall = [second](const TurnContext &context) -> std::optional<PlannedCall> {
            if (context.toolCalls.isEmpty())
                return PlannedCall{QStringLiteral("search_kb"), {{QStringLiteral("query"), 42}}};
            if (second == QLatin1String("unknown"))
                return PlannedCall{QStringLiteral("find_answers"), {}};
            return PlannedCall{QStringLiteral("search_kb"), {{QStringLiteral("query"), 43}}};
        };
        bool drafted = false;
        m_brain.makeDraft = [&drafted](const TurnContext &) {
            drafted = true;
            return Draft{QStringLiteral("whatever the confused brain says"), {}, false};
        };
        Orchestrator orchestrator(m_brain, *m_registry);
        Message earlier;
        earlier.role = MessageRole::User;
        earlier.content = QStringLiteral("my parcel never came");
        const TurnOutcome outcome = orchestrator.run(
            {QStringLiteral("t"), QStringLiteral("web"), QStringLiteral("where is it?"), {earlier}});
        QCOMPARE(outcome.outcome, QStringLiteral("handoff"));
        QCOMPARE(spanNames(outcome).last(), QStringLiteral("HANDOFF"));
        QCOMPARE(outcome.route, QStringLiteral("handoff_human"));
        QCOMPARE(m_tool->calls, 0);
        QCOMPARE(m_brain.plans, 2); // the first plan and the one corrected retry
        QVERIFY(!drafted);
        QCOMPARE(m_handoff->calls, 1);
        QCOMPARE(m_handoff->lastArguments.value(QStringLiteral("reason")).toString(), QStringLiteral("tool_failure"));
        const QString excerpt = m_handoff->lastArguments.value(QStringLiteral("transcript_excerpt")).toString();
        QVERIFY2(excerpt.contains(QStringLiteral("my parcel never came")), qPrintable(excerpt));
        QVERIFY2(excerpt.contains(QStringLiteral("where is it?")), qPrintable(excerpt));
        QCOMPARE(outcome.toolCalls.size(), 3);
        QCOMPARE(outcome.toolCalls.last().tool, QStringLiteral("handoff_human"));
        QVERIFY(outcome.reply.content.contains(QStringLiteral("support team")));
        QVERIFY(!outcome.reply.content.contains(QStringLiteral("whatever")));
        QVERIFY(!outcome.reply.content.contains(QStringLiteral("query")));
        QVERIFY(!outcome.reply.content.contains(QStringLiteral("find_answers")));
        const TraceSpan draft = outcome.spans.at(spanNames(outcome).indexOf(QStringLiteral("DRAFT")));
        QCOMPARE(draft.attributes.value(QStringLiteral("drafted_by")).toString(), QStringLiteral("orchestrator"));
    }

    void brainErrorsDoNotUseUpTheToolLimit()
    {
        m_brain.planCall = [](const TurnContext &context) -> std::optional<PlannedCall> {
            if (context.toolCalls.isEmpty())
                return PlannedCall{QStringLiteral("nope"), {}};
            return PlannedCall{QStringLiteral("search_kb"), {{QStringLiteral("query"), QStringLiteral("delivery")}}};
        };
        Orchestrator orchestrator(m_brain, *m_registry);
        const TurnOutcome outcome = orchestrator.run({QStringLiteral("t"), QStringLiteral("web"), QStringLiteral("hi"), {}});
        QCOMPARE(m_tool->calls, 3);
        QCOMPARE(outcome.toolCalls.size(), 4);
        QCOMPARE(outcome.outcome, QStringLiteral("responded"));
    }

    // ---- what tools are told about the turn

    void toolsGetTheTurnIdAndClientAddress()
    {
        m_brain.planCall = [](const TurnContext &context) -> std::optional<PlannedCall> {
            if (!context.toolCalls.isEmpty())
                return std::nullopt;
            return PlannedCall{QStringLiteral("handoff_human"), {{QStringLiteral("reason"), QStringLiteral("complaint")}}};
        };
        Orchestrator orchestrator(m_brain, *m_registry);
        TurnInput input{QStringLiteral("t"), QStringLiteral("web"), QStringLiteral("hi"), {}};
        input.clientAddress = QStringLiteral("203.0.113.7");
        input.turnId = QStringLiteral("trace-42");
        orchestrator.run(input);
        QCOMPARE(m_handoff->lastContext.turnId, QStringLiteral("trace-42"));
        QCOMPARE(m_handoff->lastContext.clientAddress, QStringLiteral("203.0.113.7"));
        QCOMPARE(m_handoff->lastContext.threadId, QStringLiteral("t"));
        // Without one, every turn gets a fresh id.
        input.turnId.clear();
        orchestrator.run(input);
        const QString first = m_handoff->lastContext.turnId;
        orchestrator.run(input);
        QVERIFY(!first.isEmpty());
        QVERIFY(!m_handoff->lastContext.turnId.isEmpty());
        QVERIFY(m_handoff->lastContext.turnId != first);
    }

    // ---- no tool error reaches the shopper; the trace keeps it

    void toolErrorsStayInTheTrace_data()
    {
        QTest::addColumn<bool>("leakyBrain"); // a brain that pastes the error into its draft
        QTest::addColumn<bool>("throws");
        QTest::newRow("honest brain") << false << false;
        QTest::newRow("leaky brain") << true << false;
        QTest::newRow("leaky brain, the tool throws") << true << true;
    }

    void toolErrorsStayInTheTrace()
    {
        QFETCH(bool, leakyBrain);
        QFETCH(bool, throws);
        const QString secret = QStringLiteral("upstream said: <b>Fatal error</b> in /var/www/wc-api.php key=ck_live_QUUX");
        m_tool->failWith = secret;
        m_tool->throwIt = throws;
        if (leakyBrain) {
            m_brain.makeDraft = [](const TurnContext &context) {
                return Draft{QStringLiteral("Sorry, the search failed: ") + context.toolCalls.first().error, {}, true};
            };
        } else {
            m_brain.makeDraft = [](const TurnContext &context) {
                return Draft{context.toolCalls.first().succeeded() ? QStringLiteral("ok") : QStringLiteral("Sorry, search is down."),
                             {}, true};
            };
        }
        Orchestrator orchestrator(m_brain, *m_registry);
        const TurnOutcome outcome = orchestrator.run({QStringLiteral("t"), QStringLiteral("web"), QStringLiteral("hi"), {}});
        QCOMPARE(outcome.outcome, QStringLiteral("responded"));
        for (const QString &piece : {QStringLiteral("Fatal"), QStringLiteral("ck_live_QUUX"), QStringLiteral("wc-api.php"),
                                     QStringLiteral("threw")})
            QVERIFY2(!outcome.reply.content.contains(piece), qPrintable(outcome.reply.content));
        const TraceSpan tool = outcome.spans.at(spanNames(outcome).indexOf(QStringLiteral("tool:search_kb")));
        const QString traced = tool.attributes.value(QStringLiteral("error")).toString();
        QVERIFY2(traced.contains(QStringLiteral("ck_live_QUUX")), qPrintable(traced));
        const TraceSpan guardrail = outcome.spans.at(spanNames(outcome).indexOf(QStringLiteral("GUARDRAIL")));
        QCOMPARE(guardrail.attributes.value(QStringLiteral("passed")).toBool(), !leakyBrain);
        if (leakyBrain)
            QCOMPARE(guardrail.attributes.value(QStringLiteral("rule")).toString(), QStringLiteral("tool_error_leak"));
    }

private:
    std::unique_ptr<ToolRegistry> m_registry;
    HandoffSpy *m_handoff = nullptr;
    EchoTool *m_tool = nullptr;
    ScriptedBrain m_brain;
};

QTEST_GUILESS_MAIN(TestOrchestrator)
#include "tst_orchestrator.moc"

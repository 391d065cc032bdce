#include "brain/rulesbrain.h"

#include <QJsonArray>
#include <QTest>

namespace {

ToolCall searchResult(const QJsonArray &results)
{
    ToolCall call;
    call.tool = QStringLiteral("search_kb");
    call.result = {{QStringLiteral("results"), results}};
    return call;
}

QJsonObject hit(const QString &id, const QString &title, double score, double coverage)
{
    return {{QStringLiteral("doc_id"), id}, {QStringLiteral("title"), title},
            {QStringLiteral("url"), QStringLiteral("https://help.example/") + id},
            {QStringLiteral("snippet"), QStringLiteral("Standard delivery takes 3-5 working days.")},
            {QStringLiteral("score"), score}, {QStringLiteral("coverage"), coverage}};
}

// The tools the orchestrator offers when everything is available.
QJsonArray allTools()
{
    QJsonArray specs;
    for (const char *name : {"search_kb", "handoff_human"})
        specs.append(QJsonObject{{QStringLiteral("name"), QLatin1String(name)}});
    return specs;
}

} // namespace

// The offline brain's decisions and drafts, given tool results.
class TestRulesBrain : public QObject
{
    Q_OBJECT

private slots:
    void plansRoutes_data()
    {
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("route");
        QTest::addColumn<QString>("tool");
        QTest::newRow("help") << "how long does delivery take" << "search_kb" << "search_kb";
        QTest::newRow("person") << "let me talk to a person" << "handoff_human" << "handoff_human";
        QTest::newRow("complaint") << "I want to make a complaint" << "handoff_human" << "handoff_human";
        QTest::newRow("order status") << "where is my parcel" << "clarify" << "";
        QTest::newRow("greeting") << "hi" << "clarify" << "";
    }

    void plansRoutes()
    {
        QFETCH(QString, message);
        QFETCH(QString, route);
        QFETCH(QString, tool);
        RulesBrain brain;
        TurnContext context;
        context.userMessage = message;
        context.toolSpecs = allTools();
        const BrainStep step = brain.plan(context);
        QCOMPARE(step.route, route);
        QCOMPARE(step.call ? step.call->tool : QString(), tool);
    }

    void handsOffWhenSearchIsNotOffered()
    {
        // A stale or empty knowledge base: the orchestrator withholds search_kb.
        RulesBrain brain;
        TurnContext context;
        context.userMessage = QStringLiteral("how long does delivery take");
        context.toolSpecs = QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("handoff_human")}}};
        const BrainStep step = brain.plan(context);
        QCOMPARE(step.route, QStringLiteral("handoff_human"));
        QVERIFY(step.call.has_value());
        QCOMPARE(step.call->tool, QStringLiteral("handoff_human"));
        QCOMPARE(step.call->arguments.value(QStringLiteral("reason")).toString(), QStringLiteral("tool_failure"));
    }

    void doesNotSearchTwice()
    {
        RulesBrain brain;
        TurnContext context;
        context.userMessage = QStringLiteral("how do I return a jacket");
        context.toolCalls.append(searchResult({}));
        QVERIFY(!brain.plan(context).call.has_value());
    }

    void draftsCitedAnswerFromStrongHit()
    {
        RulesBrain brain;
        TurnContext context;
        context.userMessage = QStringLiteral("how long does delivery take");
        context.toolCalls.append(searchResult({hit(QStringLiteral("delivery-times"), QStringLiteral("Delivery times"), 5.0, 0.9)}));
        const Draft draft = brain.draft(context);
        QCOMPARE(draft.citations.size(), 1);
        QCOMPARE(draft.citations.first().docId, QStringLiteral("delivery-times"));
        QVERIFY(draft.content.contains(QStringLiteral("(See: Delivery times)")));
        QVERIFY(draft.content.contains(QStringLiteral("3-5 working days")));
    }

    void weakHitIsNotCited()
    {
        RulesBrain brain;
        TurnContext context;
        context.userMessage = QStringLiteral("how long does delivery take");
        context.toolCalls.append(searchResult({hit(QStringLiteral("delivery-times"), QStringLiteral("Delivery times"), 1.0, 0.2)}));
        const Draft draft = brain.draft(context);
        QVERIFY(draft.citations.isEmpty());
        QVERIFY(!draft.content.contains(QStringLiteral("(See:")));
        QVERIFY(draft.offersHuman);
    }

    void noStoreVocabularyNeedsMoreCoverage()
    {
        RulesBrain brain;
        const QJsonObject top = hit(QStringLiteral("x"), QStringLiteral("X"), 3.0, 0.6);
        QVERIFY(brain.isAnswerable(QStringLiteral("how do I wash my jacket"), top));
        QVERIFY(!brain.isAnswerable(QStringLiteral("what are black holes made of"), top));
    }

    void asksForMissingOrderDetails_data()
    {
        QTest::addColumn<QStringList>("earlierUserMessages");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("expected");
        QTest::newRow("nothing yet") << QStringList() << "where is my order" << "order number";
        QTest::newRow("number, no email") << QStringList() << "where is order 100482" << "email address";
        QTest::newRow("email given earlier") << QStringList{QStringLiteral("my email is a@b.example")} << "100482"
                                             << "My account > Orders";
    }

    void asksForMissingOrderDetails()
    {
        QFETCH(QStringList, earlierUserMessages);
        QFETCH(QString, message);
        QFETCH(QString, expected);
        RulesBrain brain;
        TurnContext context;
        for (const QString &text : earlierUserMessages) {
            Message earlier;
            earlier.role = MessageRole::User;
            earlier.content = text;
            context.history.append(earlier);
        }
        context.userMessage = message;
        QCOMPARE(brain.plan(context).route, QStringLiteral("clarify"));
        QVERIFY2(brain.draft(context).content.contains(expected), qPrintable(brain.draft(context).content));
    }
};

QTEST_GUILESS_MAIN(TestRulesBrain)
#include "tst_rulesbrain.moc"

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

    // --- create_ticket: complaints and requests only the team can carry out ---

    void complaintOpensAHighPriorityTicket()
    {
        RulesBrain brain;
        TurnContext context;
        context.userMessage = QStringLiteral("I want to make a complaint: the zip of my jacket broke, order 100482, "
                                             "write to jane@example.com or call +44 20 7946 0958");
        context.toolSpecs = withTickets();
        const BrainStep step = brain.plan(context);
        QCOMPARE(step.route, QStringLiteral("create_ticket"));
        QVERIFY(step.call);
        QCOMPARE(step.call->tool, QStringLiteral("create_ticket"));
        const QJsonObject args = step.call->arguments;
        QCOMPARE(args.value(QStringLiteral("priority")).toString(), QStringLiteral("high"));
        QCOMPARE(args.value(QStringLiteral("email")).toString(), QStringLiteral("jane@example.com"));
        QCOMPARE(args.value(QStringLiteral("subject")).toString(), QStringLiteral("Complaint (order 100482)"));
        // The body is the excerpt with personal data masked.
        const QString body = args.value(QStringLiteral("body")).toString();
        QVERIFY2(body.contains(QStringLiteral("zip of my jacket")), qPrintable(body));
        QVERIFY2(!body.contains(QStringLiteral("jane@example.com")), qPrintable(body));
        QVERIFY2(!body.contains(QStringLiteral("7946")), qPrintable(body));

        // With the ticket opened and an address to reply to, nothing more to call.
        context.toolCalls.append(ticketResult(step.call->arguments, QStringLiteral("T-7KQ2M9XA")));
        const BrainStep after = brain.plan(context);
        QVERIFY(!after.call);
        const Draft draft = brain.draft(context);
        QVERIFY2(draft.content.contains(QStringLiteral("T-7KQ2M9XA")), qPrintable(draft.content));
        QVERIFY2(draft.content.contains(QStringLiteral("by e-mail within one working day")), qPrintable(draft.content));
    }

    void complaintWithoutAnAddressAlsoBringsAPerson()
    {
        RulesBrain brain;
        TurnContext context;
        context.userMessage = QStringLiteral("I want to file a complaint about your courier");
        context.toolSpecs = withTickets();
        const BrainStep step = brain.plan(context);
        QCOMPARE(step.call->tool, QStringLiteral("create_ticket"));
        QCOMPARE(step.call->arguments.value(QStringLiteral("email")).toString(), QString());
        context.toolCalls.append(ticketResult(step.call->arguments, QStringLiteral("T-ABCDEFGH")));
        const BrainStep next = brain.plan(context);
        QCOMPARE(next.route, QStringLiteral("create_ticket"));
        QVERIFY(next.call);
        QCOMPARE(next.call->tool, QStringLiteral("handoff_human"));
        QCOMPARE(next.call->arguments.value(QStringLiteral("reason")).toString(), QStringLiteral("complaint"));
        ToolCall handoff;
        handoff.tool = QStringLiteral("handoff_human");
        handoff.result = {{QStringLiteral("status"), QStringLiteral("handoff")}};
        context.toolCalls.append(handoff);
        QVERIFY(!brain.plan(context).call);
        const Draft draft = brain.draft(context);
        QVERIFY2(draft.content.contains(QStringLiteral("T-ABCDEFGH")), qPrintable(draft.content));
        QVERIFY2(draft.content.contains(QStringLiteral("join this conversation")), qPrintable(draft.content));
    }

    void failedTicketIsSaidHonestlyAndAPersonTakesOver()
    {
        RulesBrain brain;
        TurnContext context;
        context.userMessage = QStringLiteral("I want to make a complaint, jane@example.com");
        context.toolSpecs = withTickets();
        const BrainStep step = brain.plan(context);
        ToolCall failed;
        failed.tool = QStringLiteral("create_ticket");
        failed.arguments = step.call->arguments;
        failed.error = QStringLiteral("could not store the ticket: database is locked");
        context.toolCalls.append(failed);
        const BrainStep next = brain.plan(context);
        QVERIFY(next.call);
        QCOMPARE(next.call->tool, QStringLiteral("handoff_human"));
        // Even if the person cannot be reached either, the reply stays honest and has no error text.
        ToolCall handoffFailed;
        handoffFailed.tool = QStringLiteral("handoff_human");
        handoffFailed.error = QStringLiteral("could not queue the thread for a person");
        context.toolCalls.append(handoffFailed);
        const Draft draft = brain.draft(context);
        QVERIFY2(draft.content.contains(QStringLiteral("couldn't open a ticket")), qPrintable(draft.content));
        QVERIFY(!draft.content.contains(QStringLiteral("database")));
        QVERIFY(!draft.content.contains(QStringLiteral("T-")));
    }

    void requestsOnlyTheTeamCanDoBecomeTickets_data()
    {
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("route");
        QTest::addColumn<QString>("subject");
        QTest::newRow("cancel") << "please cancel order 100482, my email is jane@example.com" << "create_ticket"
                                << "Cancel an order (order 100482)";
        QTest::newRow("delete account") << "I want to delete my account. sam@example.org" << "create_ticket"
                                        << "Delete the customer account";
        QTest::newRow("refund") << "I want a refund for order 100482 - jane@example.com" << "create_ticket"
                                << "Refund request (order 100482)";
        QTest::newRow("address") << "change the shipping address of order 100482 jane@example.com" << "create_ticket"
                                 << "Change the shipping address (order 100482)";
        // Without an address to reply to, the help centre explains how.
        QTest::newRow("cancel, no email") << "please cancel order 100482" << "search_kb" << "";
        // Questions about the rules stay with the help centre.
        QTest::newRow("fee question") << "what is the cancellation fee for order 100482? jane@example.com" << "search_kb" << "";
        QTest::newRow("person") << "let me talk to a person" << "handoff_human" << "";
    }

    void requestsOnlyTheTeamCanDoBecomeTickets()
    {
        QFETCH(QString, message);
        QFETCH(QString, route);
        QFETCH(QString, subject);
        RulesBrain brain;
        TurnContext context;
        context.userMessage = message;
        context.toolSpecs = withTickets();
        const BrainStep step = brain.plan(context);
        QCOMPARE(step.route, route);
        if (route == QLatin1String("create_ticket")) {
            QCOMPARE(step.call->tool, QStringLiteral("create_ticket"));
            QCOMPARE(step.call->arguments.value(QStringLiteral("subject")).toString(), subject);
            QCOMPARE(step.call->arguments.value(QStringLiteral("priority")).toString(), QStringLiteral("normal"));
            ToolCall failed;
            failed.tool = QStringLiteral("create_ticket");
            failed.error = QStringLiteral("timeout");
            context.toolCalls.append(failed);
            QVERIFY(!brain.plan(context).call);
            const Draft draft = brain.draft(context);
            QVERIFY(draft.offersHuman); // an honest answer and a person offered
            QVERIFY(draft.content.contains(QStringLiteral("couldn't open a ticket")));
        }
    }

private:
    static QJsonArray withTickets()
    {
        QJsonArray specs = allTools();
        specs.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("create_ticket")}});
        return specs;
    }

    static ToolCall ticketResult(const QJsonObject &arguments, const QString &reference)
    {
        ToolCall call;
        call.tool = QStringLiteral("create_ticket");
        call.arguments = arguments;
        call.result = {{QStringLiteral("ticket_id"), reference},
                       {QStringLiteral("status"), QStringLiteral("open")},
                       {QStringLiteral("priority"), arguments.value(QStringLiteral("priority"))}};
        return call;
    }
};

QTEST_GUILESS_MAIN(TestRulesBrain)
#include "tst_rulesbrain.moc"

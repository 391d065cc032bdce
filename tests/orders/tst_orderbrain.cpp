#include "brain/rulesbrain.h"
#include "orders/localordersource.h"
#include "orders/orderaccess.h"

#include <QJsonArray>
#include <QTest>

// The rules brain's order flow: when it calls get_order, and how it answers
// from what get_order returned.
class TestOrderBrain : public QObject
{
    Q_OBJECT

private:
    static QJsonArray tools(bool withGetOrder = true)
    {
        QJsonArray specs;
        for (const char *name : {"search_kb", "handoff_human", "get_order"}) {
            if (withGetOrder || QLatin1String(name) != QLatin1String("get_order"))
                specs.append(QJsonObject{{QStringLiteral("name"), QLatin1String(name)}});
        }
        return specs;
    }
    static TurnContext context(const QString &message, const QStringList &earlier = {})
    {
        TurnContext context;
        context.userMessage = message;
        context.toolSpecs = tools();
        for (const QString &text : earlier) {
            Message m;
            m.role = MessageRole::User;
            m.content = text;
            context.history.append(m);
        }
        return context;
    }
    static ToolCall orderCall(const QString &number, const QJsonObject &result, const QString &error = {})
    {
        ToolCall call;
        call.tool = QStringLiteral("get_order");
        call.toolVersion = QStringLiteral("1.0");
        call.arguments = {{QStringLiteral("order_id"), number}, {QStringLiteral("email"), QStringLiteral("jane.doe@example.com")}};
        call.result = result;
        call.error = error;
        return call;
    }
    static Order demo(const QString &number)
    {
        for (const Order &order : LocalOrderSource::demoOrders(QDateTime::currentDateTimeUtc())) {
            if (order.number == number)
                return order;
        }
        return {};
    }
    static QJsonObject found(const Order &order)
    {
        return {{QStringLiteral("found"), true}, {QStringLiteral("order"), OrderProjection::toJson(order)}};
    }

private slots:
    void plansGetOrderWithNumberAndEmail_data()
    {
        QTest::addColumn<QString>("message");
        QTest::addColumn<QStringList>("earlier");
        QTest::addColumn<QString>("number");
        QTest::addColumn<QString>("email");
        QTest::newRow("status question") << "Where is my order 100482? My email is jane.doe@example.com" << QStringList()
                                         << "100482" << "jane.doe@example.com";
        QTest::newRow("details only") << "order #100482, Jane.Doe@Example.com" << QStringList() << "100482"
                                       << "Jane.Doe@Example.com";
        QTest::newRow("e-mail given earlier") << "100482" << QStringList{QStringLiteral("my email is jane.doe@example.com")}
                                              << "100482" << "jane.doe@example.com";
        QTest::newRow("number given earlier") << "jane.doe@example.com" << QStringList{QStringLiteral("where is order 100482")}
                                              << "100482" << "jane.doe@example.com";
    }

    void plansGetOrderWithNumberAndEmail()
    {
        QFETCH(QString, message);
        QFETCH(QStringList, earlier);
        QFETCH(QString, number);
        QFETCH(QString, email);
        RulesBrain brain;
        const BrainStep step = brain.plan(context(message, earlier));
        QCOMPARE(step.route, QStringLiteral("get_order"));
        QVERIFY(step.call);
        QCOMPARE(step.call->tool, QStringLiteral("get_order"));
        QCOMPARE(step.call->arguments.value(QStringLiteral("order_id")).toString(), number);
        QCOMPARE(step.call->arguments.value(QStringLiteral("billing_email")).toString(), email);
    }

    void clarifiesWhatIsMissing_data()
    {
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("asks");
        QTest::newRow("number only") << "where is order 100482" << "email address";
        QTest::newRow("e-mail only") << "where is my order? jane.doe@example.com" << "order number";
        QTest::newRow("neither") << "where is my parcel" << "order number";
    }

    void clarifiesWhatIsMissing()
    {
        QFETCH(QString, message);
        QFETCH(QString, asks);
        RulesBrain brain;
        const TurnContext turn = context(message);
        const BrainStep step = brain.plan(turn);
        QCOMPARE(step.route, QStringLiteral("clarify"));
        QVERIFY(!step.call);
        QVERIFY2(brain.draft(turn).content.contains(asks), qPrintable(brain.draft(turn).content));
    }

    void noLookupWhenGetOrderIsNotOffered()
    {
        RulesBrain brain;
        TurnContext turn = context(QStringLiteral("where is order 100482, jane.doe@example.com"));
        turn.toolSpecs = tools(false);
        QCOMPARE(brain.plan(turn).route, QStringLiteral("clarify"));
        QVERIFY(!brain.plan(turn).call);
    }

    void looksUpOnlyOnce()
    {
        RulesBrain brain;
        TurnContext turn = context(QStringLiteral("where is order 100482, jane.doe@example.com"));
        turn.toolCalls.append(orderCall(QStringLiteral("100482"), found(demo(QStringLiteral("100482")))));
        const BrainStep step = brain.plan(turn);
        QCOMPARE(step.route, QStringLiteral("get_order"));
        QVERIFY(!step.call);
    }

    void answersAShippedOrderInPlainWords()
    {
        RulesBrain brain;
        TurnContext turn = context(QStringLiteral("where is order 100482, jane.doe@example.com"));
        const Order order = demo(QStringLiteral("100482"));
        turn.toolCalls.append(orderCall(QStringLiteral("100482"), found(order)));
        const Draft draft = brain.draft(turn);
        const QString text = draft.content;
        QVERIFY2(text.startsWith(QStringLiteral("Order #100482 was shipped on ")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral(" with UPS.")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Tracking: UPS 1Z999AA10123456784: https://www.ups.com/track?tracknum=1Z999AA10123456784")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("It contains 3 items: 1 × Ridgeline 3L Waterproof Jacket, 2 × Merino 200 Base Layer Top.")),
                 qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Express delivery")), qPrintable(text));
        QVERIFY(draft.citations.isEmpty());
        for (const QString &secret : {order.billingAddress.address1, order.phone, order.paymentMethodTitle,
                                      order.transactionId, order.customerNote, order.billingAddress.city})
            QVERIFY2(!text.contains(secret), qPrintable(secret));
    }

    void answersEachStatus_data()
    {
        QTest::addColumn<QString>("number");
        QTest::addColumn<QString>("expected");
        QTest::newRow("processing") << "100517" << "is being prepared in our warehouse";
        QTest::newRow("packed") << "100521" << "packed and waiting for the carrier";
        QTest::newRow("on hold") << "100529" << "on hold while we confirm your payment";
        QTest::newRow("delivered") << "100391" << "was delivered on";
        QTest::newRow("cancelled") << "100405" << "was cancelled";
        QTest::newRow("refunded") << "100356" << "has been refunded";
        QTest::newRow("two parcels") << "100460" << "It was sent in 2 parcels:\n- DHL JJD000390007713514: https://";
    }

    void answersEachStatus()
    {
        QFETCH(QString, number);
        QFETCH(QString, expected);
        RulesBrain brain;
        TurnContext turn = context(QStringLiteral("where is order %1, someone@example.com").arg(number));
        const Order order = demo(number);
        QVERIFY(!order.number.isEmpty());
        turn.toolCalls.append(orderCall(number, found(order)));
        const QString text = brain.draft(turn).content;
        QVERIFY2(text.contains(expected), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("#") + number), qPrintable(text));
        QVERIFY2(!text.contains(order.phone), qPrintable(text));
        QVERIFY2(!text.contains(order.billingAddress.address1), qPrintable(text));
    }

    void asksToDoubleCheckWhenNothingMatches()
    {
        RulesBrain brain;
        TurnContext turn = context(QStringLiteral("where is order 100482, jane@example.com"));
        turn.toolCalls.append(orderCall(QStringLiteral("100482"),
                                        {{QStringLiteral("found"), false}, {QStringLiteral("reason"), QStringLiteral("no_match")},
                                         {QStringLiteral("message"), QStringLiteral("No order matches")}}));
        const Draft draft = brain.draft(turn);
        QVERIFY2(draft.content.contains(QStringLiteral("double-check")), qPrintable(draft.content));
        QVERIFY(draft.content.contains(QStringLiteral("100482")));
    }

    void saysSoWhenThrottled()
    {
        RulesBrain brain;
        TurnContext turn = context(QStringLiteral("where is order 100482, jane@example.com"));
        turn.toolCalls.append(orderCall(QStringLiteral("100482"),
                                        {{QStringLiteral("found"), false}, {QStringLiteral("reason"), QStringLiteral("throttled")},
                                         {QStringLiteral("message"), QStringLiteral("Too many attempts")}}));
        const Draft draft = brain.draft(turn);
        QVERIFY2(draft.content.contains(QStringLiteral("too many attempts")), qPrintable(draft.content));
        QVERIFY(draft.offersHuman);
    }

    void honestWhenTheOrderSystemIsDown()
    {
        RulesBrain brain;
        TurnContext turn = context(QStringLiteral("where is order 100482, jane@example.com"));
        turn.toolCalls.append(orderCall(QStringLiteral("100482"), {},
                                        QStringLiteral("order_system_unavailable: order system error (HTTP 500)")));
        const Draft draft = brain.draft(turn);
        QVERIFY2(draft.content.contains(QStringLiteral("can't reach our order system right now")), qPrintable(draft.content));
        QVERIFY(draft.offersHuman);
        QVERIFY(!draft.content.contains(QStringLiteral("HTTP")));
        QVERIFY(!draft.content.contains(QStringLiteral("order_system_unavailable")));
    }
};

QTEST_GUILESS_MAIN(TestOrderBrain)
#include "tst_orderbrain.moc"

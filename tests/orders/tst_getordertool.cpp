#include "orderfixtures.h"

#include "orders/orderaccess.h"
#include "tools/getordertool.h"
#include "tools/toolregistry.h"

#include <QTest>

using namespace orderfixtures;

// get_order through the registry, as the orchestrator calls it.
class TestGetOrderTool : public QObject
{
    Q_OBJECT

private:
    struct Setup
    {
        FixtureOrderSource source;
        OrderAccess access{source, OrderAccess::Limits{3, 100, 10}};
        ToolRegistry registry;
        Setup()
        {
            source.add(sampleOrder());
            registry.add(std::make_unique<GetOrderTool>(access));
        }
    };
    static ToolContext context(const QString &thread = QStringLiteral("thread-1"))
    {
        ToolContext context;
        context.threadId = thread;
        context.channel = QStringLiteral("web");
        context.clientAddress = QStringLiteral("198.51.100.7");
        context.deadline = QDeadlineTimer(3000);
        return context;
    }
    static QJsonObject args(const QString &order, const QString &email)
    {
        return {{QStringLiteral("order_id"), order}, {QStringLiteral("email"), email}};
    }

private slots:
    void specDeclaresBothArgumentsOptional()
    {
        Setup setup;
        const Tool *tool = setup.registry.find(QStringLiteral("get_order"));
        QVERIFY(tool);
        QCOMPARE(tool->version(), QStringLiteral("1.1"));
        const QJsonObject input = tool->spec().value(QStringLiteral("input_schema")).toObject();
        const QJsonObject properties = input.value(QStringLiteral("properties")).toObject();
        QVERIFY(input.value(QStringLiteral("required")).toArray().isEmpty());
        QCOMPARE(properties.value(QStringLiteral("order_id")).toObject().value(QStringLiteral("type")).toString(), QStringLiteral("string"));
        QCOMPARE(properties.value(QStringLiteral("order_id")).toObject().value(QStringLiteral("maxLength")).toInt(), 32);
        QCOMPARE(properties.value(QStringLiteral("billing_email")).toObject().value(QStringLiteral("maxLength")).toInt(), 254);
        QVERIFY(!properties.value(QStringLiteral("billing_email")).toObject().value(QStringLiteral("description")).toString().isEmpty());
        // 1.0's `email` is still declared, as deprecated in favour of billing_email.
        const QJsonObject email = properties.value(QStringLiteral("email")).toObject();
        QCOMPARE(email.value(QStringLiteral("deprecated")).toBool(), true);
        QCOMPARE(email.value(QStringLiteral("since")).toString(), QStringLiteral("1.1"));
        QCOMPARE(email.value(QStringLiteral("remove_after")).toString(), QStringLiteral("2.0"));
        const QJsonObject output = tool->spec().value(QStringLiteral("output_schema")).toObject();
        QCOMPARE(output.value(QStringLiteral("required")).toArray(), QJsonArray{QStringLiteral("found")});
        QCOMPARE(output.value(QStringLiteral("properties")).toObject().value(QStringLiteral("order")).toObject()
                     .value(QStringLiteral("type")).toString(),
                 QStringLiteral("object"));
    }

    void foundGivesTheProjection()
    {
        Setup setup;
        const ToolCall call = setup.registry.invoke(QStringLiteral("get_order"),
                                                    args(QStringLiteral("100777"), QStringLiteral("KIM.JANSEN@example.org")),
                                                    context());
        QVERIFY2(call.succeeded(), qPrintable(call.error));
        QCOMPARE(call.toolVersion, QStringLiteral("1.1"));
        QCOMPARE(call.result.value(QStringLiteral("found")).toBool(), true);
        const QJsonObject order = call.result.value(QStringLiteral("order")).toObject();
        QCOMPARE(order.value(QStringLiteral("number")).toString(), QStringLiteral("100777"));
        QCOMPARE(order.value(QStringLiteral("status")).toString(), QStringLiteral("shipped"));
        QVERIFY(!call.result.contains(QStringLiteral("message")));
        VERIFY_NOTHING_PRIVATE(order, sampleOrder());
    }

    void notFoundCasesAskTheBrain_data()
    {
        QTest::addColumn<QJsonObject>("arguments");
        QTest::addColumn<QString>("reason");
        QTest::newRow("nothing") << QJsonObject() << "missing_order_id";
        QTest::newRow("only e-mail") << QJsonObject{{QStringLiteral("email"), QStringLiteral("kim.jansen@example.org")}}
                                     << "missing_order_id";
        QTest::newRow("only number") << QJsonObject{{QStringLiteral("order_id"), QStringLiteral("100777")}} << "missing_email";
        QTest::newRow("empty e-mail") << args(QStringLiteral("100777"), QString()) << "missing_email";
        QTest::newRow("wrong e-mail") << args(QStringLiteral("100777"), QStringLiteral("x@example.org")) << "no_match";
        QTest::newRow("unknown number") << args(QStringLiteral("123456"), QStringLiteral("kim.jansen@example.org")) << "no_match";
        QTest::newRow("not a number") << args(QStringLiteral("DROP TABLE"), QStringLiteral("kim.jansen@example.org"))
                                      << "invalid_order_id";
    }

    void notFoundCasesAskTheBrain()
    {
        QFETCH(QJsonObject, arguments);
        QFETCH(QString, reason);
        Setup setup;
        const ToolCall call = setup.registry.invoke(QStringLiteral("get_order"), arguments, context());
        QVERIFY2(call.succeeded(), qPrintable(call.error));
        QCOMPARE(call.result.value(QStringLiteral("found")).toBool(true), false);
        QCOMPARE(call.result.value(QStringLiteral("reason")).toString(), reason);
        QVERIFY(!call.result.value(QStringLiteral("message")).toString().isEmpty());
        QVERIFY(!call.result.contains(QStringLiteral("order")));
    }

    void mismatchAndUnknownAnswerAlike()
    {
        Setup setup;
        const ToolCall wrongEmail = setup.registry.invoke(
            QStringLiteral("get_order"), args(QStringLiteral("100777"), QStringLiteral("x@example.org")), context());
        const ToolCall unknown = setup.registry.invoke(
            QStringLiteral("get_order"), args(QStringLiteral("555555"), QStringLiteral("x@example.org")), context());
        QCOMPARE(wrongEmail.result, unknown.result);
    }

    void wrongShapesAreRejectedBySchema_data()
    {
        QTest::addColumn<QJsonObject>("arguments");
        QTest::newRow("number too long") << args(QString(33, QLatin1Char('1')), QStringLiteral("a@b.example"));
        QTest::newRow("empty number") << args(QString(), QStringLiteral("a@b.example"));
        QTest::newRow("e-mail too long") << args(QStringLiteral("100777"), QString(250, QLatin1Char('a')) + QStringLiteral("@b.de"));
        QTest::newRow("e-mail not a string") << QJsonObject{{QStringLiteral("order_id"), QStringLiteral("100777")},
                                                            {QStringLiteral("email"), true}};
    }

    void wrongShapesAreRejectedBySchema()
    {
        QFETCH(QJsonObject, arguments);
        Setup setup;
        const ToolCall call = setup.registry.invoke(QStringLiteral("get_order"), arguments, context());
        QVERIFY(!call.succeeded());
        QVERIFY2(call.error.startsWith(QStringLiteral("invalid arguments")), qPrintable(call.error));
        QCOMPARE(setup.source.calls(), 0);
    }

    void throttledAfterRepeatedFailures()
    {
        Setup setup; // 3 failures per thread
        for (int i = 0; i < 3; ++i)
            setup.registry.invoke(QStringLiteral("get_order"), args(QStringLiteral("10000%1").arg(i), QStringLiteral("x@example.org")),
                                  context());
        const ToolCall call = setup.registry.invoke(
            QStringLiteral("get_order"), args(QStringLiteral("100777"), QStringLiteral("kim.jansen@example.org")), context());
        QVERIFY(call.succeeded());
        QCOMPARE(call.result.value(QStringLiteral("reason")).toString(), QStringLiteral("throttled"));
        QCOMPARE(call.result.value(QStringLiteral("found")).toBool(true), false);
        // Another conversation (from another address) still gets its order.
        ToolContext other = context(QStringLiteral("thread-2"));
        other.clientAddress = QStringLiteral("203.0.113.5");
        QCOMPARE(setup.registry.invoke(QStringLiteral("get_order"),
                                       args(QStringLiteral("100777"), QStringLiteral("kim.jansen@example.org")), other)
                     .result.value(QStringLiteral("found")).toBool(),
                 true);
    }

    void verifiedCallerNeedsNoEmail()
    {
        Setup setup;
        ToolContext verified = context();
        verified.verifiedCustomerId = QStringLiteral("4242");
        const ToolCall call = setup.registry.invoke(
            QStringLiteral("get_order"), QJsonObject{{QStringLiteral("order_id"), QStringLiteral("100777")}}, verified);
        QVERIFY2(call.succeeded(), qPrintable(call.error));
        QCOMPARE(call.result.value(QStringLiteral("found")).toBool(), true);
    }

    void unavailableIsAFailureWithAShortCode()
    {
        Setup setup;
        setup.source.setUnavailable(QStringLiteral("order system error (HTTP 502)"));
        const ToolCall call = setup.registry.invoke(
            QStringLiteral("get_order"), args(QStringLiteral("100777"), QStringLiteral("kim.jansen@example.org")), context());
        QVERIFY(!call.succeeded());
        QCOMPARE(call.error, QStringLiteral("order_system_unavailable: order system error (HTTP 502)"));
        QVERIFY(call.result.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestGetOrderTool)
#include "tst_getordertool.moc"

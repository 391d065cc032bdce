#include "store/storetest.h"

#include "app/agentruntime.h"
#include "fakes/fakewoocommerce.h"
#include "orders/localordersource.h"
#include "store/tracestore.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTest>

// Order questions as whole turns through the runtime supportd serve uses: the
// local source on each engine, and a WooCommerce shop (the fake) that works
// and one that fails.
class TestOrderTurns : public QObject
{
    Q_OBJECT

private:
    // A turn in a new thread, or in the thread `first` opened.
    static TurnRunner::Result ask(AgentRuntime &runtime, const QString &message, const TurnRunner::Result *first = nullptr)
    {
        TurnRunner::Request request;
        request.userMessage = message;
        if (first) {
            request.threadId = first->threadId;
            request.token = first->threadToken;
        }
        return runtime.turns().handle(request);
    }
    static std::optional<TraceSpan> toolSpan(AgentRuntime &runtime, const QString &traceId)
    {
        const auto trace = TraceStore(runtime.database()).find(traceId);
        if (!trace)
            return std::nullopt;
        for (const TraceSpan &span : trace->spans) {
            if (span.name == QLatin1String("tool:get_order"))
                return span;
        }
        return std::nullopt;
    }

private slots:
    void initTestCase() { QVERIFY(crypto::initialize()); }
    void initTestCase_data() { storetest::addEngineRows(); }

    void answersFromTheLocalOrders()
    {
        FRESH_DATABASE_CONFIG(fresh);
        AgentRuntime runtime(fresh.config);
        runtime.setOrderConfig(OrderConfig());
        QString error;
        QVERIFY2(runtime.start(&error), qPrintable(error));
        QVERIFY(runtime.tools().find(QStringLiteral("get_order")));

        const TurnRunner::Result result = ask(runtime, QStringLiteral("Hi, where is my order 100482? My email is Jane.Doe@example.com"));
        QCOMPARE(result.status, TurnRunner::Result::Status::Ok);
        QCOMPARE(result.route, QStringLiteral("get_order"));
        QCOMPARE(result.toolsCalled, QStringList{QStringLiteral("get_order")});
        QVERIFY(result.reply);
        const QString text = result.reply->content;
        QVERIFY2(text.contains(QStringLiteral("was shipped on")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("1Z999AA10123456784")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("Ridgeline 3L Waterproof Jacket")), qPrintable(text));
        for (const char *secret : {"Keizersgracht", "1234 5678", "iDEAL", "tr_7Hq2", "ring twice", "picker-07", "Amsterdam"})
            QVERIFY2(!text.contains(QLatin1String(secret)), secret);

        // The trace shows what the tool returned: the projection only.
        const auto span = toolSpan(runtime, result.traceId);
        QVERIFY(span);
        const QString traced = QString::fromUtf8(QJsonDocument(span->attributes).toJson(QJsonDocument::Compact));
        QVERIFY2(traced.contains(QStringLiteral("\"found\":true")), qPrintable(traced));
        for (const char *secret : {"Keizersgracht", "1234 5678", "iDEAL", "tr_7Hq2", "ring twice", "picker-07"})
            QVERIFY2(!traced.contains(QLatin1String(secret)), secret);
        // The tool got the real e-mail address (it matched); the trace keeps it masked.
        QVERIFY2(!traced.contains(QStringLiteral("Jane.Doe@example.com"), Qt::CaseInsensitive), qPrintable(traced));
        QVERIFY2(traced.contains(QStringLiteral("[email]")), qPrintable(traced));
    }

    void wrongEmailThenRightOne()
    {
        FRESH_DATABASE_CONFIG(fresh);
        AgentRuntime runtime(fresh.config);
        runtime.setOrderConfig(OrderConfig());
        QString error;
        QVERIFY2(runtime.start(&error), qPrintable(error));
        const TurnRunner::Result first = ask(runtime, QStringLiteral("track order 100517 sofia@example.org"));
        QCOMPARE(first.route, QStringLiteral("get_order"));
        QVERIFY2(first.reply->content.contains(QStringLiteral("double-check")), qPrintable(first.reply->content));
        // The shopper corrects the e-mail only; the number comes from the thread.
        const TurnRunner::Result second = ask(runtime, QStringLiteral("sofia.rossi@example.org"), &first);
        QCOMPARE(second.status, TurnRunner::Result::Status::Ok);
        QCOMPARE(second.route, QStringLiteral("get_order"));
        QVERIFY2(second.reply->content.contains(QStringLiteral("Order #100517 is being prepared")), qPrintable(second.reply->content));
        QVERIFY(!second.reply->content.contains(QStringLiteral("Rue de la Loi")));
    }

    void repeatedFailuresAreThrottled()
    {
        FRESH_DATABASE_CONFIG(fresh);
        AgentRuntime runtime(fresh.config);
        runtime.setOrderConfig(OrderConfig());
        QString error;
        QVERIFY2(runtime.start(&error), qPrintable(error));
        const TurnRunner::Result first = ask(runtime, QStringLiteral("where is order 100001, guess@example.com"));
        TurnRunner::Result last = first;
        for (int i = 2; i <= 5; ++i) {
            last = ask(runtime, QStringLiteral("where is order 10000%1, guess@example.com").arg(i), &first);
            QCOMPARE(last.status, TurnRunner::Result::Status::Ok);
        }
        QVERIFY2(last.reply->content.contains(QStringLiteral("double-check")), qPrintable(last.reply->content));
        // Even the right details are refused now in this conversation.
        const TurnRunner::Result refused = ask(runtime, QStringLiteral("where is order 100482, jane.doe@example.com"), &first);
        QVERIFY2(refused.reply->content.contains(QStringLiteral("too many attempts")), qPrintable(refused.reply->content));
        QVERIFY(!refused.reply->content.contains(QStringLiteral("1Z999")));
        // A new conversation is not affected (the per-address limit needs the HTTP layer's address).
        const TurnRunner::Result fresh2 = ask(runtime, QStringLiteral("where is order 100482, jane.doe@example.com"));
        QVERIFY2(fresh2.reply->content.contains(QStringLiteral("1Z999AA10123456784")), qPrintable(fresh2.reply->content));
    }

    void answersFromWooCommerce()
    {
        FRESH_DATABASE_CONFIG(fresh); // declares `engine`
        if (engine != QLatin1String("sqlite"))
            QSKIP("the WooCommerce source does not depend on the engine; run once");
        FakeWooCommerce shop;
        QString error;
        QVERIFY2(shop.start(&error), qPrintable(error));
        QVERIFY2(shop.addBundledOrders(&error) > 0, qPrintable(error));
        shop.setCredentials(QStringLiteral("ck_turns"), QStringLiteral("cs_turns_secret"));

        AgentRuntime runtime(fresh.config);
        OrderConfig config;
        config.source = OrderConfig::Source::WooCommerce;
        config.wooCommerce.baseUrl = shop.baseUrl();
        config.wooCommerce.consumerKey = QStringLiteral("ck_turns");
        config.wooCommerce.consumerSecret = QStringLiteral("cs_turns_secret");
        config.wooCommerce.caFile = shop.caFile();
        config.wooCommerce.timeoutMs = 1000;
        runtime.setOrderConfig(config);
        QVERIFY2(runtime.start(&error), qPrintable(error));
        // No demo orders in a WooCommerce installation.
        QCOMPARE(storetest::scalar(runtime.database(), QStringLiteral("SELECT COUNT(*) FROM orders")), 0);

        const TurnRunner::Result ok = ask(runtime, QStringLiteral("Where is order #1042? emma.visser@example.com"));
        QCOMPARE(ok.route, QStringLiteral("get_order"));
        QVERIFY2(ok.reply->content.contains(QStringLiteral("Order #1042 was completed on 3 May")), qPrintable(ok.reply->content));
        QVERIFY2(ok.reply->content.contains(QStringLiteral("Tracking: UPS 1Z999AA10123456784")), qPrintable(ok.reply->content));
        for (const char *secret : {"Prinsengracht", "555 0199", "tr_WDqYK6vllg", "neighbours", "VIP"})
            QVERIFY2(!ok.reply->content.contains(QLatin1String(secret)), secret);

        // The shop fails: an honest answer; the detail is in the trace only.
        shop.setMode(FakeWooCommerce::Mode::ServerError);
        const TurnRunner::Result down = ask(runtime, QStringLiteral("Where is order #1043? noah.peeters@example.be"));
        QCOMPARE(down.status, TurnRunner::Result::Status::Ok);
        QVERIFY2(down.reply->content.contains(QStringLiteral("can't reach our order system")), qPrintable(down.reply->content));
        for (const char *leak : {"500", "Fatal", "cs_turns", "order_system_unavailable"})
            QVERIFY2(!down.reply->content.contains(QLatin1String(leak)), leak);
        const auto span = toolSpan(runtime, down.traceId);
        QVERIFY(span);
        QCOMPARE(span->attributes.value(QStringLiteral("error")).toString(),
                 QStringLiteral("order_system_unavailable: order system error (HTTP 500)"));
        const QString traced = QString::fromUtf8(QJsonDocument(span->attributes).toJson(QJsonDocument::Compact));
        QVERIFY(!traced.contains(QStringLiteral("cs_turns_secret")));
        QVERIFY(!traced.contains(QStringLiteral("Fatal")));

        // Three failed attempts (retried with backoff) opened get_order's
        // circuit; tst_resilienceturns follows it further.
        QCOMPARE(span->attributes.value(QStringLiteral("attempts")).toInt(), 3);
        runtime.tools().resilience().reset();

        // Slower than the tool's deadline: the same honest answer, in time
        // (three 1 s attempts with 200 and 400 ms between them).
        shop.setMode(FakeWooCommerce::Mode::Slow);
        shop.setDelayMs(4000);
        QElapsedTimer timer;
        timer.start();
        const TurnRunner::Result slow = ask(runtime, QStringLiteral("Where is order #1043? noah.peeters@example.be"));
        QVERIFY2(slow.reply->content.contains(QStringLiteral("can't reach our order system")), qPrintable(slow.reply->content));
        QVERIFY2(timer.elapsed() < 4500, qPrintable(QString::number(timer.elapsed())));
    }
};

QTEST_GUILESS_MAIN(TestOrderTurns)
#include "tst_orderturns.moc"

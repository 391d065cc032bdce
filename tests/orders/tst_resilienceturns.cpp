#include "support/testdatabase.h"

#include "app/agentruntime.h"
#include "auth/crypto.h"
#include "fakes/fakewoocommerce.h"
#include "store/tracestore.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QMutex>
#include <QTest>
#include <QThread>
#include <atomic>
#include <memory>

namespace {

const QString kDown = QStringLiteral("Where is order #1043? noah.peeters@example.be");
const QString kOk = QStringLiteral("Where is order #1042? emma.visser@example.com");
const QString kHonest = QStringLiteral("can't reach our order system");

// The clock the breakers read, moved by the test; backoff sleeps are real
// (the shop's timing matters) and recorded.
struct TestClock
{
    std::atomic<qint64> offsetMs{0};
    QMutex mutex;
    QList<int> sleeps;

    ToolResilience::Clock clock()
    {
        return {[this] { return QDateTime::currentMSecsSinceEpoch() + offsetMs.load(); },
                [this](int ms) {
                    {
                        QMutexLocker lock(&mutex);
                        sleeps.append(ms);
                    }
                    QThread::msleep(ulong(ms));
                }};
    }
    QList<int> takeSleeps()
    {
        QMutexLocker lock(&mutex);
        return std::exchange(sleeps, {});
    }
};

} // namespace

// Resilience end to end: whole turns through the runtime supportd serve uses,
// get_order against the fake WooCommerce shop when it is slow, failing (500),
// rejecting our credentials (401) or answering malformed JSON. The shopper
// always gets the honest short answer; the trace has the detail; the circuit
// opens, fails fast without reaching the shop, and recovers after its window.
class TestResilienceTurns : public QObject
{
    Q_OBJECT

private:
    FakeWooCommerce m_shop;
    testdb::Fresh m_fresh;
    std::unique_ptr<AgentRuntime> m_runtime;
    TestClock m_clock;

    bool startRuntime(int wooTimeoutMs, TurnLimits limits = {})
    {
        m_runtime.reset();
        m_fresh = testdb::create(QStringLiteral("sqlite"));
        if (!m_fresh.error.isEmpty()) {
            qWarning() << m_fresh.error;
            return false;
        }
        m_runtime = std::make_unique<AgentRuntime>(m_fresh.config, limits);
        OrderConfig config;
        config.source = OrderConfig::Source::WooCommerce;
        config.wooCommerce.baseUrl = m_shop.baseUrl();
        config.wooCommerce.consumerKey = QStringLiteral("ck_res");
        config.wooCommerce.consumerSecret = QStringLiteral("cs_res_secret");
        config.wooCommerce.caFile = m_shop.caFile();
        config.wooCommerce.timeoutMs = wooTimeoutMs;
        m_runtime->setOrderConfig(config);
        QString error;
        if (!m_runtime->start(&error)) {
            qWarning() << error;
            return false;
        }
        m_clock.offsetMs = 0;
        m_clock.takeSleeps();
        m_runtime->tools().resilience().setClock(m_clock.clock());
        return true;
    }

    TurnRunner::Result ask(const QString &message)
    {
        TurnRunner::Request request;
        request.userMessage = message;
        return m_runtime->turns().handle(request);
    }

    TraceSpan toolSpan(const TurnRunner::Result &result)
    {
        const auto trace = TraceStore(m_runtime->database()).find(result.traceId);
        if (trace) {
            for (const TraceSpan &span : trace->spans) {
                if (span.name == QLatin1String("tool:get_order"))
                    return span;
            }
        }
        return {};
    }

    QString circuit() const
    {
        return m_runtime->tools().resilience().circuitJson(QStringLiteral("get_order")).value(QStringLiteral("circuit")).toString();
    }

    // The shopper's reply: honest, and nothing of the upstream or of our error texts.
    static void checkHonest(const TurnRunner::Result &result)
    {
        QCOMPARE(result.status, TurnRunner::Result::Status::Ok);
        QVERIFY(result.reply);
        const QString text = result.reply->content;
        QVERIFY2(text.contains(kHonest), qPrintable(text));
        for (const char *leak : {"500", "401", "Fatal", "cs_res", "order_system_unavailable", "circuit", "timed out",
                                 "no answer within", "malformed", "credentials", "HTTP"})
            QVERIFY2(!text.contains(QLatin1String(leak)), leak);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(crypto::initialize());
        QString error;
        QVERIFY2(m_shop.start(&error), qPrintable(error));
        QVERIFY2(m_shop.addBundledOrders(&error) > 0, qPrintable(error));
        m_shop.setCredentials(QStringLiteral("ck_res"), QStringLiteral("cs_res_secret"));
    }

    void init() { m_shop.setMode(FakeWooCommerce::Mode::Ok); }
    void cleanup() { m_runtime.reset(); }

    void slowShopIsRetriedThenAnsweredHonestly()
    {
        QVERIFY(startRuntime(300));
        m_shop.setMode(FakeWooCommerce::Mode::Slow);
        m_shop.setDelayMs(3000);
        const int before = m_shop.requestCount();
        QElapsedTimer timer;
        timer.start();
        const TurnRunner::Result result = ask(kDown);
        const qint64 elapsed = timer.elapsed();
        checkHonest(result);
        QCOMPARE(m_shop.requestCount() - before, 3);
        QCOMPARE(m_clock.takeSleeps(), (QList<int>{200, 400}));
        // 3 x 300 ms timeouts + 200 + 400 ms of backoff, loosely.
        QVERIFY2(elapsed >= 1400 && elapsed < 3500, qPrintable(QString::number(elapsed)));
        const TraceSpan span = toolSpan(result);
        QCOMPARE(span.attributes.value(QStringLiteral("attempts")).toInt(), 3);
        QCOMPARE(span.attributes.value(QStringLiteral("error")).toString(),
                 QStringLiteral("order_system_unavailable: no answer within 300 ms"));
        // Three failed attempts in a row: the circuit is open.
        QCOMPARE(circuit(), QStringLiteral("open"));
    }

    void failingShopBacksOffThenOpensThenRecovers()
    {
        QVERIFY(startRuntime(1000));
        m_shop.setMode(FakeWooCommerce::Mode::ServerError);
        int requests = m_shop.requestCount();

        // Backoff: three attempts, 200 then 400 ms apart.
        const TurnRunner::Result first = ask(kDown);
        checkHonest(first);
        QCOMPARE(m_shop.requestCount() - requests, 3);
        requests = m_shop.requestCount();
        QCOMPARE(m_clock.takeSleeps(), (QList<int>{200, 400}));
        const TraceSpan firstSpan = toolSpan(first);
        QCOMPARE(firstSpan.attributes.value(QStringLiteral("error")).toString(),
                 QStringLiteral("order_system_unavailable: order system error (HTTP 500)"));
        const QString traced = QString::fromUtf8(QJsonDocument(firstSpan.attributes).toJson(QJsonDocument::Compact));
        QVERIFY(!traced.contains(QStringLiteral("Fatal"))); // no upstream body, even for operators
        QVERIFY(!traced.contains(QStringLiteral("cs_res_secret")));
        QCOMPARE(circuit(), QStringLiteral("open"));

        // Open: fail fast, the shop is not asked.
        QElapsedTimer timer;
        timer.start();
        const TurnRunner::Result fast = ask(kDown);
        QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
        checkHonest(fast);
        QCOMPARE(m_shop.requestCount(), requests);
        const TraceSpan fastSpan = toolSpan(fast);
        QVERIFY(fastSpan.attributes.value(QStringLiteral("error")).toString().startsWith(QStringLiteral("circuit open")));
        QCOMPARE(fastSpan.attributes.value(QStringLiteral("error_kind")).toString(), QStringLiteral("circuit_open"));
        QCOMPARE(fastSpan.attributes.value(QStringLiteral("circuit_open")).toBool(), true);
        QVERIFY(m_clock.takeSleeps().isEmpty());

        // After the window the shop is still failing: one trial, no retries, open again.
        m_clock.offsetMs += 60'001;
        QCOMPARE(circuit(), QStringLiteral("half_open"));
        const TurnRunner::Result trial = ask(kDown);
        checkHonest(trial);
        QCOMPARE(m_shop.requestCount() - requests, 1);
        requests = m_shop.requestCount();
        QCOMPARE(circuit(), QStringLiteral("open"));
        QVERIFY(ask(kDown).reply->content.contains(kHonest));
        QCOMPARE(m_shop.requestCount(), requests);

        // The shop is back; after the next window the trial succeeds and closes the circuit.
        m_shop.setMode(FakeWooCommerce::Mode::Ok);
        m_clock.offsetMs += 60'001;
        const TurnRunner::Result recovered = ask(kOk);
        QVERIFY2(recovered.reply->content.contains(QStringLiteral("Order #1042 was completed on 3 May")),
                 qPrintable(recovered.reply->content));
        QCOMPARE(m_shop.requestCount() - requests, 1);
        QCOMPARE(circuit(), QStringLiteral("closed"));
        const ToolTelemetry::Counters counters = m_runtime->tools().telemetry().counters(QStringLiteral("get_order"));
        QCOMPARE(counters.retries, 2);
        QCOMPARE(counters.circuitRejections, 2);
    }

    void permanentFailuresAreNotRetried_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("error");
        QTest::newRow("401") << int(FakeWooCommerce::Mode::Unauthorized)
                             << QStringLiteral("order_system_unavailable: order system rejected our credentials (HTTP 401)");
        QTest::newRow("malformed JSON") << int(FakeWooCommerce::Mode::Malformed)
                                        << QStringLiteral("order_system_unavailable: malformed JSON from the order system");
    }

    void permanentFailuresAreNotRetried()
    {
        QFETCH(int, mode);
        QFETCH(QString, error);
        QVERIFY(startRuntime(1000));
        m_shop.setMode(FakeWooCommerce::Mode(mode));
        const int before = m_shop.requestCount();
        const TurnRunner::Result result = ask(kDown);
        checkHonest(result);
        QCOMPARE(m_shop.requestCount() - before, 1);
        QVERIFY(m_clock.takeSleeps().isEmpty());
        const TraceSpan span = toolSpan(result);
        QCOMPARE(span.attributes.value(QStringLiteral("error")).toString(), error);
        QVERIFY(!span.attributes.contains(QStringLiteral("attempts"))); // one attempt
        QCOMPARE(circuit(), QStringLiteral("closed"));
        // No retry storm: three calls, three requests, then the circuit holds the rest.
        ask(kDown);
        ask(kDown);
        QCOMPARE(m_shop.requestCount() - before, 3);
        QCOMPARE(circuit(), QStringLiteral("open"));
        checkHonest(ask(kDown));
        checkHonest(ask(kDown));
        QCOMPARE(m_shop.requestCount() - before, 3);
    }

    void retriesFitTheTurnBudget_data()
    {
        QTest::addColumn<int>("toolTimeoutMs");
        QTest::addColumn<int>("turnTimeoutMs");
        QTest::newRow("1 s attempts, 2 s turn") << 1000 << 2000;
        QTest::newRow("the defaults: 3 s attempts, 6 s turn") << 3000 << 6000;
    }

    void retriesFitTheTurnBudget()
    {
        QFETCH(int, toolTimeoutMs);
        QFETCH(int, turnTimeoutMs);
        TurnLimits limits;
        limits.toolTimeoutMs = toolTimeoutMs;
        limits.turnTimeoutMs = turnTimeoutMs;
        QVERIFY(startRuntime(10000, limits)); // the shop client alone would wait 10 s
        m_shop.setMode(FakeWooCommerce::Mode::Slow);
        m_shop.setDelayMs(15000);
        const int before = m_shop.requestCount();
        QElapsedTimer timer;
        timer.start();
        const TurnRunner::Result result = ask(kDown);
        const qint64 elapsed = timer.elapsed();
        checkHonest(result);
        // A full attempt, the 200 ms backoff, then a second attempt cut to what
        // is left of the turn; no third (no time for it).
        QVERIFY2(elapsed < turnTimeoutMs + 600, qPrintable(QString::number(elapsed)));
        QCOMPARE(m_shop.requestCount() - before, 2);
        QCOMPARE(m_clock.takeSleeps(), QList<int>{200});
        QCOMPARE(toolSpan(result).attributes.value(QStringLiteral("attempts")).toInt(), 2);
    }
};

QTEST_GUILESS_MAIN(TestResilienceTurns)
#include "tst_resilienceturns.moc"

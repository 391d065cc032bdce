// The console's metrics dashboard, offscreen, against a real supportd in the
// test process: an admin sees the turns, latency, rates and cost the traces
// hold; the period changes the buckets; live activity refreshes it while it
// is on screen and nothing is read while it is hidden; an agent is told the
// dashboard needs the admin role.
#include "memorytokenstore.h"
#include "metricsview.h"
#include "session.h"

#include "store/conversationstore.h"
#include "store/tracestore.h"
#include "support/apiclient.h"
#include "support/eventwait.h"
#include "support/testserver.h"

#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QDateTime>
#include <QLineSeries>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <memory>

namespace {

const QString kPassword = QStringLiteral("correct horse battery");
constexpr qint64 kHourMs = 3600000;

QChart *chartOf(MetricsView *view, const char *name)
{
    auto *chartView = view->findChild<QChartView *>(QString::fromLatin1(name));
    return chartView ? chartView->chart() : nullptr;
}

QBarSet *barsOf(MetricsView *view, const char *name)
{
    QChart *chart = chartOf(view, name);
    if (!chart || chart->series().isEmpty())
        return nullptr;
    auto *bars = qobject_cast<QBarSeries *>(chart->series().first());
    return bars && bars->count() == 1 ? bars->barSets().first() : nullptr;
}

double sum(QBarSet *set)
{
    double total = 0;
    for (int i = 0; set && i < set->count(); ++i)
        total += set->at(i);
    return total;
}

} // namespace

class TestMetricsView : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ApiClient> m_shopper;
    MemoryTokenStore m_tokens;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<MetricsView> m_view;

    bool signIn(Session *session, const QString &user)
    {
        session->signIn(QStringLiteral("http://127.0.0.1:%1").arg(m_server->port()), user, kPassword);
        return waitUntil([session] { return session->isSignedIn(); });
    }

    bool waitForRefresh(MetricsView *view, QSignalSpy &spy, int timeoutMs = 10000)
    {
        Q_UNUSED(view);
        const qsizetype before = spy.size();
        return waitUntil([&] { return spy.size() > before; }, timeoutMs);
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("supportd-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_metricsview"));
        QSettings().clear();
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));

        m_server = std::make_unique<TestServer>();
        START_TEST_SERVER(*m_server);
        QVERIFY(m_server->addOperator(QStringLiteral("ada"), OperatorRole::Admin, kPassword));
        QVERIFY(m_server->addOperator(QStringLiteral("sam"), OperatorRole::Agent, kPassword));
        m_shopper = std::make_unique<ApiClient>(m_server->port());
        // Two real turns now, one of them a handoff.
        QCOMPARE(m_shopper->sendMessage(QStringLiteral("How long does delivery take?")).status, 200);
        QCOMPARE(m_shopper->sendMessage(QStringLiteral("I want to talk to a human")).status, 200);

        // Three model turns two hours ago, with known latency and cost.
        Database &db = m_server->app().runtime().database();
        const qint64 twoHoursAgo = (QDateTime::currentMSecsSinceEpoch() / kHourMs - 2) * kHourMs;
        Thread thread;
        thread.id = QStringLiteral("metrics-view-thread");
        thread.channel = QStringLiteral("web");
        thread.createdAt = thread.updatedAt = twoHoursAgo;
        QVERIFY(ConversationStore(db).createThread(thread, QStringLiteral("digest")));
        for (int i = 0; i < 3; ++i) {
            Trace trace;
            trace.id = QStringLiteral("metrics-view-trace-%1").arg(i);
            trace.threadId = thread.id;
            trace.route = QStringLiteral("get_order");
            trace.outcome = QStringLiteral("responded");
            trace.brain = QStringLiteral("agent");
            trace.startedAt = twoHoursAgo + 1000 * i;
            trace.durationMs = 1000 * (i + 1);
            trace.usage.toolCalls = 2;
            trace.usage.toolErrors = i == 0 ? 1 : 0;
            trace.usage.costUsd = 0.5;
            QVERIFY(TraceStore(db).insert(trace));
        }
    }

    void cleanupTestCase()
    {
        m_view.reset();
        m_session.reset();
        QSettings().clear();
    }

    void signedOutSaysSo()
    {
        m_session = std::make_unique<Session>(&m_tokens);
        m_view = std::make_unique<MetricsView>(m_session.get());
        m_view->resize(1000, 700);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
        QVERIFY(m_view->messageText().contains(QStringLiteral("Sign in")));
        QVERIFY(!m_view->hasData());
    }

    void adminSeesTheCharts()
    {
        QSignalSpy refreshed(m_view.get(), &MetricsView::refreshed);
        QVERIFY(signIn(m_session.get(), QStringLiteral("ada")));
        QVERIFY(waitForRefresh(m_view.get(), refreshed));
        QVERIFY2(m_view->hasData(), qPrintable(m_view->messageText()));
        QVERIFY(m_view->messageText().isEmpty());

        // 24 hourly bars holding all five turns, three of them two hours back.
        QBarSet *turns = barsOf(m_view.get(), "turnsChart");
        QVERIFY(turns);
        QCOMPARE(turns->count(), 24);
        QCOMPARE(sum(turns), 5.0);
        QCOMPARE(turns->at(21), 3.0);
        QCOMPARE(turns->at(23), 2.0);

        // Latency: one point per hour with turns; that hour's P50 and P95.
        QChart *latency = chartOf(m_view.get(), "latencyChart");
        QCOMPARE(latency->series().size(), 2);
        auto *p50 = qobject_cast<QLineSeries *>(latency->series().at(0));
        auto *p95 = qobject_cast<QLineSeries *>(latency->series().at(1));
        QCOMPARE(p50->count(), 2);
        QCOMPARE(p50->at(0).y(), 2000.0);
        QCOMPARE(p95->at(0).y(), 3000.0);

        // Rates in percent: 1 tool error in 6 calls two hours back, one handoff in 2 turns now.
        QChart *rates = chartOf(m_view.get(), "ratesChart");
        auto *toolErrors = qobject_cast<QLineSeries *>(rates->series().at(0));
        auto *handoffs = qobject_cast<QLineSeries *>(rates->series().at(1));
        QCOMPARE(toolErrors->count(), 24);
        QVERIFY(qAbs(toolErrors->at(21).y() - 100.0 / 6) < 1e-9);
        QCOMPARE(handoffs->at(23).y(), 50.0);

        // Cost per day: today's 1.50 USD (the rules brain costs nothing).
        QBarSet *cost = barsOf(m_view.get(), "costChart");
        QVERIFY(cost);
        QVERIFY(cost->count() >= 1);
        QVERIFY(qAbs(sum(cost) - 1.5) < 1e-9 || QDateTime::currentDateTimeUtc().time().hour() < 2);

        QVERIFY2(m_view->summaryText().contains(QStringLiteral("Turns: 5")), qPrintable(m_view->summaryText()));
        QVERIFY(m_view->summaryText().contains(QStringLiteral("Handoff rate: 20.0 %")));
    }

    void periodsChangeTheBuckets_data()
    {
        QTest::addColumn<int>("period");
        QTest::addColumn<int>("bars");
        QTest::addColumn<int>("days");
        QTest::newRow("7 days in 6-hour bars") << int(MetricsView::Period::Week) << 28 << 7;
        QTest::newRow("30 days in daily bars") << int(MetricsView::Period::Month) << 30 << 30;
        QTest::newRow("back to 24 hours") << int(MetricsView::Period::Day) << 24 << 1;
    }

    void periodsChangeTheBuckets()
    {
        QFETCH(int, period);
        QFETCH(int, bars);
        QFETCH(int, days);
        QSignalSpy refreshed(m_view.get(), &MetricsView::refreshed);
        m_view->setPeriod(MetricsView::Period(period));
        QVERIFY(waitForRefresh(m_view.get(), refreshed));
        QCOMPARE(barsOf(m_view.get(), "turnsChart")->count(), bars);
        QCOMPARE(sum(barsOf(m_view.get(), "turnsChart")), 5.0);
        QCOMPARE(barsOf(m_view.get(), "costChart")->count(), days);
        QCOMPARE(m_view->series().hourly().size(), bars * (period == int(MetricsView::Period::Week) ? 6
                                                           : period == int(MetricsView::Period::Month) ? 24 : 1));
    }

    void liveActivityRefreshesWhileShown()
    {
        m_view->setActivityDelay(200);
        QVERIFY(waitUntil([&] { return m_session->live()->state() == Api::LiveConnection::State::Live; }));
        QSignalSpy refreshed(m_view.get(), &MetricsView::refreshed);
        QCOMPARE(m_shopper->sendMessage(QStringLiteral("Which payment methods do you accept?")).status, 200);
        QVERIFY(waitUntil([&] { return sum(barsOf(m_view.get(), "turnsChart")) == 6.0; }));
        QVERIFY(refreshed.size() >= 1);
    }

    void hiddenReadsNothing()
    {
        m_view->setAutoRefreshInterval(100);
        m_view->hide();
        QSignalSpy refreshed(m_view.get(), &MetricsView::refreshed);
        QCOMPARE(m_shopper->sendMessage(QStringLiteral("How do returns work?")).status, 200);
        QTest::qWait(600);
        QCOMPARE(refreshed.size(), 0);
        QCOMPARE(sum(barsOf(m_view.get(), "turnsChart")), 6.0);

        // Shown again: read at once, then every interval.
        m_view->show();
        QVERIFY(waitUntil([&] { return refreshed.size() >= 2; }, 5000));
        QCOMPARE(sum(barsOf(m_view.get(), "turnsChart")), 7.0);
        m_view->setAutoRefreshInterval(30000);
    }

    void agentIsToldAboutTheAdminRole()
    {
        MemoryTokenStore tokens;
        Session session(&tokens);
        MetricsView view(&session);
        view.show();
        QSignalSpy refreshed(&view, &MetricsView::refreshed);
        QVERIFY(signIn(&session, QStringLiteral("sam")));
        QVERIFY(waitForRefresh(&view, refreshed));
        QVERIFY(!view.hasData());
        QVERIFY2(view.messageText().contains(QStringLiteral("admin role")), qPrintable(view.messageText()));
        QVERIFY(view.messageText().contains(QStringLiteral("sam")));
        session.signOut();
    }

    void signOutClears()
    {
        m_session->signOut();
        QVERIFY(!m_view->hasData());
        QVERIFY(m_view->messageText().contains(QStringLiteral("Sign in")));
        QCOMPARE(sum(barsOf(m_view.get(), "turnsChart")), 0.0);
    }
};

QTEST_MAIN(TestMetricsView)
#include "tst_metricsview.moc"

// TraceListModel: the trace browser's turns, pages appended once by id.
#include "models/tracelistmodel.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QTest>

namespace {

Trace makeTrace(const QString &id, const QString &outcome, int toolCalls = 1, int toolErrors = 0, double cost = 0)
{
    Trace trace;
    trace.id = id;
    trace.threadId = QStringLiteral("thread-0123456789");
    trace.route = QStringLiteral("search_kb");
    trace.outcome = outcome;
    trace.startedAt = 1'700'000'000'000;
    trace.durationMs = 87;
    trace.usage.toolCalls = toolCalls;
    trace.usage.toolErrors = toolErrors;
    trace.usage.modelCalls = cost > 0 ? 2 : 0;
    trace.usage.costUsd = cost;
    return trace;
}

} // namespace

class TestTraceListModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale::c()); }
    void cells_data();
    void cells();
    void pagesAppendOnce();
};

void TestTraceListModel::cells_data()
{
    QTest::addColumn<QString>("outcome");
    QTest::addColumn<int>("toolCalls");
    QTest::addColumn<int>("toolErrors");
    QTest::addColumn<double>("cost");
    QTest::addColumn<QString>("outcomeText");
    QTest::addColumn<QString>("toolText");
    QTest::addColumn<QString>("costText");
    QTest::newRow("answered") << "responded" << 1 << 0 << 0.0 << "Answered" << "1" << "\u2013";
    QTest::newRow("handed off") << "handoff" << 1 << 0 << 0.0 << "Handed off" << "1" << "\u2013";
    QTest::newRow("degraded with a failed tool") << "degraded" << 3 << 1 << 0.00042 << "Degraded" << "3 (1 failed)" << "$0.00042";
    QTest::newRow("failed") << "failed" << 0 << 0 << 0.0125 << "Failed" << "0" << "$0.01250";
    QTest::newRow("unknown outcome as sent") << "paused" << 0 << 0 << 0.0 << "paused" << "0" << "\u2013";
}

void TestTraceListModel::cells()
{
    QFETCH(QString, outcome);
    QFETCH(int, toolCalls);
    QFETCH(int, toolErrors);
    QFETCH(double, cost);
    QFETCH(QString, outcomeText);
    QFETCH(QString, toolText);
    QFETCH(QString, costText);
    TraceListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTraces({makeTrace("t1", outcome, toolCalls, toolErrors, cost)});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.columnCount(), int(TraceListModel::ColumnCount));
    const auto cell = [&](int column) { return model.index(0, column).data().toString(); };
    QCOMPARE(cell(TraceListModel::OutcomeColumn), outcomeText);
    QCOMPARE(cell(TraceListModel::ToolCallsColumn), toolText);
    QCOMPARE(cell(TraceListModel::CostColumn), costText);
    QCOMPARE(cell(TraceListModel::LatencyColumn), QStringLiteral("87 ms"));
    QCOMPARE(cell(TraceListModel::RouteColumn), QStringLiteral("search_kb"));
    QCOMPARE(cell(TraceListModel::ThreadColumn), QStringLiteral("thread-0"));
    QCOMPARE(model.index(0, TraceListModel::ThreadColumn).data(Qt::ToolTipRole).toString(),
             QStringLiteral("thread-0123456789"));
    QCOMPARE(model.index(0, 0).data(TraceListModel::OutcomeRole).toString(), outcome);
    QCOMPARE(model.index(0, 0).data(TraceListModel::ToolErrorsRole).toInt(), toolErrors);
    QCOMPARE(model.index(0, 0).data(TraceListModel::TraceIdRole).toString(), QStringLiteral("t1"));
    QCOMPARE(model.headerData(TraceListModel::LatencyColumn, Qt::Horizontal).toString(), QStringLiteral("Latency"));
}

void TestTraceListModel::pagesAppendOnce()
{
    TraceListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTraces({makeTrace("a", "responded"), makeTrace("b", "handoff"), makeTrace("a", "responded")});
    QCOMPARE(model.rowCount(), 2);
    model.appendTraces({makeTrace("b", "handoff"), makeTrace("c", "failed"), makeTrace("c", "failed")});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.rowOf("c"), 2);
    QCOMPARE(model.traceAt(2).outcome, QStringLiteral("failed"));
    model.appendTraces({makeTrace("a", "responded")}); // nothing new
    QCOMPARE(model.rowCount(), 3);
    model.retranslate();
    model.setTraces({makeTrace("d", "degraded")});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.rowOf("a"), -1);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TestTraceListModel)
#include "tst_tracelistmodel.moc"

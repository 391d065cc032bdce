// SpanTreeModel: a turn's flat span list as a tree of states with their tool
// calls and model requests, and the roles the trace browser draws from.
#include "models/spantreemodel.h"

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QTest>

namespace {

TraceSpan span(const QString &name, qint64 start, qint64 duration, const QJsonObject &attributes = {})
{
    TraceSpan s;
    s.name = name;
    s.startMs = start;
    s.durationMs = duration;
    s.attributes = attributes;
    return s;
}

// A turn as the orchestrator records it: a state span first, then what it called.
Trace sampleTrace()
{
    Trace trace;
    trace.id = QStringLiteral("trace-1");
    trace.durationMs = 40;
    trace.spans = {
        span("PLAN", 0, 12, {{"brain", "agent"}, {"decision", "search_kb"}}),
        span("model", 1, 10, {{"model", "gpt-test"}, {"step", "plan"}, {"input_tokens", 900}, {"cost_usd", 0.0021}}),
        span("TOOL_LOOP", 12, 8, {{"calls_so_far", 1}}),
        span("tool:search_kb", 12, 3,
             {{"tool", "search_kb"}, {"arguments", QJsonObject{{"query", "delivery time"}}}, {"latency_us", 2750}}),
        span("model", 15, 5, {{"model", "gpt-test"}, {"step", "plan"}, {"error", "HTTP 500"}, {"fallback", true}}),
        span("DRAFT", 20, 10, {{"drafted_by", "plan"}}),
        span("GUARDRAIL", 30, 1, {{"passed", false}, {"rule", "citation"}}),
        span("RESPOND", 31, 2, {{"handoff", false}}),
        span("tool:create_ticket", 31, 1, {{"tool", "create_ticket"}, {"error", "upstream down"}}),
        span("DONE", 45, 0),
    };
    return trace;
}

} // namespace

class TestSpanTreeModel : public QObject
{
    Q_OBJECT

private slots:
    void treeByStates();
    void columnsAndRoles_data();
    void columnsAndRoles();
    void kinds_data();
    void kinds();
    void findsSpans();
    void emptyAndReset();
};

void TestSpanTreeModel::treeByStates()
{
    SpanTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTrace(sampleTrace());
    QStringList roots;
    for (int row = 0; row < model.rowCount(); ++row)
        roots << model.index(row, 0).data().toString();
    QCOMPARE(roots, QStringList({"PLAN", "TOOL_LOOP", "DRAFT", "GUARDRAIL", "RESPOND", "DONE"}));
    const QModelIndex plan = model.index(0, 0);
    QCOMPARE(model.rowCount(plan), 1);
    QCOMPARE(model.index(0, 0, plan).data(SpanTreeModel::KindRole).toString(), QStringLiteral("model"));
    const QModelIndex loop = model.index(1, 0);
    QCOMPARE(model.rowCount(loop), 2);
    const QModelIndex tool = model.index(0, 0, loop);
    QCOMPARE(tool.data().toString(), QStringLiteral("search_kb"));
    QCOMPARE(tool.parent(), loop);
    QCOMPARE(model.index(1, SpanTreeModel::StatusColumn, loop).parent(), loop);
    QCOMPARE(model.rowCount(model.index(2, 0)), 0);                        // DRAFT made no call
    QCOMPARE(model.rowCount(model.index(4, 0)), 1);                        // RESPOND opened a ticket
    QCOMPARE(model.rowCount(model.index(1, SpanTreeModel::KindColumn)), 0); // children hang off column 0
    // The timeline's scale: the last span ends after the recorded duration.
    QCOMPARE(model.turnDurationMs(), 45);
    QCOMPARE(tool.data(SpanTreeModel::TurnDurationMsRole).toLongLong(), 45);
}

void TestSpanTreeModel::columnsAndRoles_data()
{
    QTest::addColumn<int>("spanIndex");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("start");
    QTest::addColumn<QString>("duration");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("error");
    QTest::newRow("state") << 0 << "PLAN" << "+0 ms" << "12 ms" << "ok" << "";
    QTest::newRow("model call") << 1 << "gpt-test (plan)" << "+1 ms" << "10 ms" << "ok" << "";
    QTest::newRow("tool in microseconds") << 3 << "search_kb" << "+12 ms" << "2.75 ms" << "ok" << "";
    QTest::newRow("failed model call") << 4 << "gpt-test (plan)" << "+15 ms" << "5 ms" << "error" << "HTTP 500";
    QTest::newRow("guardrail not passed") << 6 << "GUARDRAIL" << "+30 ms" << "1 ms" << "warning" << "";
    QTest::newRow("failed tool") << 8 << "create_ticket" << "+31 ms" << "1 ms" << "error" << "upstream down";
}

void TestSpanTreeModel::columnsAndRoles()
{
    QFETCH(int, spanIndex);
    QFETCH(QString, name);
    QFETCH(QString, start);
    QFETCH(QString, duration);
    QFETCH(QString, status);
    QFETCH(QString, error);
    SpanTreeModel model;
    const Trace trace = sampleTrace();
    model.setTrace(trace);
    const QModelIndex index = model.indexOfSpan(spanIndex);
    QVERIFY(index.isValid());
    const auto cell = [&](int column) { return index.siblingAtColumn(column); };
    QCOMPARE(cell(SpanTreeModel::NameColumn).data().toString(), name);
    QCOMPARE(cell(SpanTreeModel::StartColumn).data().toString(), start);
    QCOMPARE(cell(SpanTreeModel::DurationColumn).data().toString(), duration);
    QCOMPARE(cell(SpanTreeModel::StatusColumn).data().toString(), status); // English: the same words
    QCOMPARE(index.data(SpanTreeModel::StatusRole).toString(), status);
    QCOMPARE(index.data(SpanTreeModel::ErrorRole).toString(), error);
    QCOMPARE(index.data(SpanTreeModel::SpanIndexRole).toInt(), spanIndex);
    QCOMPARE(index.data(SpanTreeModel::StartMsRole).toLongLong(), trace.spans.at(spanIndex).startMs);
    QCOMPARE(cell(SpanTreeModel::TimelineColumn).data(SpanTreeModel::DurationMsRole).toLongLong(),
             trace.spans.at(spanIndex).durationMs);
    QCOMPARE(index.data(SpanTreeModel::AttributesRole).toJsonObject(), trace.spans.at(spanIndex).attributes);
}

void TestSpanTreeModel::kinds_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("kind");
    QTest::newRow("plan") << "PLAN" << "state";
    QTest::newRow("tool loop") << "TOOL_LOOP" << "state";
    QTest::newRow("handoff end") << "HANDOFF" << "state";
    QTest::newRow("tool") << "tool:get_order" << "tool";
    QTest::newRow("model") << "model" << "model";
    QTest::newRow("something new") << "cache_lookup" << "other";
}

void TestSpanTreeModel::kinds()
{
    QFETCH(QString, name);
    QFETCH(QString, kind);
    QCOMPARE(SpanTreeModel::kindOf(span(name, 0, 0)), kind);
}

void TestSpanTreeModel::findsSpans()
{
    SpanTreeModel model;
    model.setTrace(sampleTrace());
    const QModelIndex tool = model.findSpan(QStringLiteral("tool:search_kb"));
    QVERIFY(tool.isValid());
    QCOMPARE(tool.parent().data().toString(), QStringLiteral("TOOL_LOOP"));
    const QJsonObject arguments = tool.data(SpanTreeModel::AttributesRole).toJsonObject().value("arguments").toObject();
    QCOMPARE(arguments.value("query").toString(), QStringLiteral("delivery time"));
    QVERIFY(!model.findSpan(QStringLiteral("tool:get_order")).isValid());
    QVERIFY(!model.indexOfSpan(99).isValid());
}

void TestSpanTreeModel::emptyAndReset()
{
    SpanTreeModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    model.setTrace(sampleTrace());
    model.retranslate();
    // A call recorded before any state (not made today, but kept visible at the top).
    Trace odd;
    odd.spans = {span("tool:search_kb", 0, 1), span("PLAN", 1, 1), span("model", 1, 1)};
    model.setTrace(odd);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowCount(model.index(1, 0)), 1);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.turnDurationMs(), 0);
}

QTEST_GUILESS_MAIN(TestSpanTreeModel)
#include "tst_spantreemodel.moc"

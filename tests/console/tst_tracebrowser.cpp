// The console's trace browser end to end, offscreen: a real supportd in the
// test process, turns made through the agent API, and the Traces tab driven
// like an operator would: see the turns, open one, read its span tree and a
// tool call's JSON arguments, filter by outcome and thread, and jump from a
// bot message in the thread view to its trace.
#include "language.h"
#include "mainwindow.h"
#include "memorytokenstore.h"
#include "session.h"
#include "signindialog.h"
#include "spantimeline.h"
#include "threadview.h"
#include "tracebrowser.h"

#include "models/spantreemodel.h"
#include "models/threadlistmodel.h"
#include "models/tracelistmodel.h"
#include "models/transcriptmodel.h"
#include "support/apiclient.h"
#include "support/eventwait.h"
#include "support/testserver.h"

#include <QComboBox>
#include <QFontInfo>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTreeView>
#include <memory>

namespace {

const QString kPassword = QStringLiteral("correct horse battery");
const QString kQuestion = QStringLiteral("How long does delivery take?");

} // namespace

class TestTraceBrowser : public QObject
{
    Q_OBJECT

private:
    TraceBrowser *browser() { return m_window->traceBrowser(); }
    QTabWidget *tabs() { return m_window->findChild<QTabWidget *>(QStringLiteral("tabs")); }
    QStringList listedIds()
    {
        QStringList ids;
        for (int row = 0; row < browser()->traceModel()->rowCount(); ++row)
            ids << browser()->traceModel()->traceAt(row).id;
        return ids;
    }
    // Waits for the list to settle on exactly these turns (in this order).
    bool listed(const QStringList &ids) { return waitUntil([&] { return listedIds() == ids; }); }

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ApiClient> m_shopper;
    MemoryTokenStore m_tokens;
    Language m_language;
    std::unique_ptr<MainWindow> m_window;
    QString m_faqThread, m_faqTrace, m_handoffThread, m_handoffTrace;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("supportd-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_tracebrowser"));
        QSettings().clear();

        m_server = std::make_unique<TestServer>();
        START_TEST_SERVER(*m_server);
        QVERIFY(m_server->addOperator(QStringLiteral("sam"), OperatorRole::Agent, kPassword));
        m_shopper = std::make_unique<ApiClient>(m_server->port());
        const HttpResult faq = m_shopper->sendMessage(kQuestion);
        QCOMPARE(faq.status, 200);
        m_faqThread = faq.json().value("thread_id").toString();
        m_faqTrace = faq.json().value("trace_id").toString();
        const HttpResult handoff = m_shopper->sendMessage(QStringLiteral("I want to talk to a human"));
        QCOMPARE(handoff.json().value("status").toString(), QStringLiteral("handoff"));
        m_handoffThread = handoff.json().value("thread_id").toString();
        m_handoffTrace = handoff.json().value("trace_id").toString();
        QVERIFY(!m_faqTrace.isEmpty() && !m_handoffTrace.isEmpty());

        m_language.choose(QStringLiteral("en"));
        m_window = std::make_unique<MainWindow>(&m_tokens, &m_language);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->session()->signIn(QStringLiteral("http://127.0.0.1:%1").arg(m_server->port()), QStringLiteral("sam"),
                                    kPassword);
        QVERIFY(waitUntil([&] { return m_window->session()->isSignedIn(); }));
    }

    void cleanupTestCase()
    {
        m_window.reset();
        QSettings().clear();
    }

    void listsTheTurns()
    {
        QTabWidget *tabWidget = tabs();
        QVERIFY(tabWidget);
        const int index = tabWidget->indexOf(browser());
        QVERIFY(index > 0);
        QCOMPARE(tabWidget->tabText(index), MainWindow::tr("Traces"));
        QVERIFY(browser()->traceModel()->rowCount() == 0); // nothing read before it is looked at
        tabWidget->setCurrentIndex(index);
        QVERIFY(listed({m_handoffTrace, m_faqTrace}));
        QTableView *table = browser()->traceTable();
        QCOMPARE(table->model()->index(1, TraceListModel::OutcomeColumn).data().toString(), TraceListModel::tr("Answered"));
        QCOMPARE(table->model()->index(1, TraceListModel::RouteColumn).data().toString(), QStringLiteral("search_kb"));
        QCOMPARE(table->model()->index(0, TraceListModel::OutcomeColumn).data().toString(), TraceListModel::tr("Handed off"));
        QCOMPARE(table->model()->index(0, 0).data(TraceListModel::ThreadIdRole).toString(), m_handoffThread);
    }

    void opensATurnWithItsSpans()
    {
        QTableView *table = browser()->traceTable();
        const int row = browser()->traceModel()->rowOf(m_faqTrace);
        QVERIFY(row >= 0);
        // By keyboard, as an operator would: into the list, to the turn.
        table->setFocus();
        table->selectionModel()->setCurrentIndex(table->model()->index(0, 0), QItemSelectionModel::ClearAndSelect
                                                                                    | QItemSelectionModel::Rows);
        for (int i = 0; i < row; ++i)
            QTest::keyClick(table, Qt::Key_Down);
        QCOMPARE(table->currentIndex().row(), row);
        SpanTreeModel *spans = browser()->spanModel();
        QVERIFY(waitUntil([&] { return spans->trace().id == m_faqTrace && spans->rowCount() > 0; }));
        QCOMPARE(browser()->currentTraceId(), m_faqTrace);

        // The states at the top, the tool call under the state that made it.
        QStringList roots;
        for (int i = 0; i < spans->rowCount(); ++i)
            roots << spans->index(i, 0).data().toString();
        QCOMPARE(roots.first(), QStringLiteral("PLAN"));
        QVERIFY2(roots.contains(QStringLiteral("TOOL_LOOP")) && roots.contains(QStringLiteral("RESPOND")), qPrintable(roots.join(',')));
        const QModelIndex tool = spans->findSpan(QStringLiteral("tool:search_kb"));
        QVERIFY(tool.isValid());
        QCOMPARE(tool.parent().data().toString(), QStringLiteral("TOOL_LOOP"));
        QCOMPARE(tool.data(SpanTreeModel::KindRole).toString(), QStringLiteral("tool"));
        QVERIFY(browser()->spanTree()->isExpanded(tool.parent()));

        // The tool call is selected first; its arguments shown as indented JSON.
        QTreeView *tree = browser()->spanTree();
        QCOMPARE(tree->currentIndex().siblingAtColumn(0), tool);
        QPlainTextEdit *details = browser()->detailsView();
        QVERIFY(details->isReadOnly());
        QVERIFY(QFontInfo(details->font()).fixedPitch());
        const QString text = details->toPlainText();
        QVERIFY2(text.startsWith(TraceBrowser::tr("Arguments") + QLatin1Char('\n') + QLatin1Char('{')), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("\n    \"query\": \"") + kQuestion + QLatin1Char('"')), qPrintable(text));
        QVERIFY(text.contains(QLatin1Char('\n') + TraceBrowser::tr("Result") + QLatin1Char('\n')));
        // The JSON part parses back to what the server recorded.
        const QString arguments = text.section(QLatin1Char('\n') + TraceBrowser::tr("Result"), 0, 0)
                                      .mid(TraceBrowser::tr("Arguments").size() + 1);
        QCOMPARE(QJsonDocument::fromJson(arguments.toUtf8()).object(),
                 tool.data(SpanTreeModel::AttributesRole).toJsonObject().value("arguments").toObject());
        QVERIFY(browser()->summaryLabel()->text().startsWith(QStringLiteral("search_kb")));

        // Down to the next span: its details follow the selection.
        tree->setFocus();
        QTest::keyClick(tree, Qt::Key_Up);
        QCOMPARE(tree->currentIndex().siblingAtColumn(0).data().toString(), QStringLiteral("TOOL_LOOP"));
        QVERIFY(details->toPlainText().contains(QStringLiteral("\"calls_so_far\": 1")));

        // Every span has a bar on the timeline, drawn without trouble.
        QVERIFY(!tree->isColumnHidden(SpanTreeModel::TimelineColumn));
        QVERIFY(!tree->grab().isNull());
    }

    void timelineBars_data()
    {
        QTest::addColumn<qint64>("start");
        QTest::addColumn<qint64>("duration");
        QTest::addColumn<qint64>("turn");
        QTest::addColumn<QRectF>("bar");
        // The cell is 104 x 26: 100 px for the turn after the 2 px margins.
        QTest::newRow("whole turn") << qint64(0) << qint64(50) << qint64(50) << QRectF(2, 3, 100, 20);
        QTest::newRow("second half") << qint64(25) << qint64(25) << qint64(50) << QRectF(52, 3, 50, 20);
        QTest::newRow("instant span stays visible") << qint64(10) << qint64(0) << qint64(100) << QRectF(12, 3, 2, 20);
        QTest::newRow("sub-millisecond turn") << qint64(0) << qint64(0) << qint64(0) << QRectF(2, 3, 2, 20);
        QTest::newRow("past the end is clamped") << qint64(120) << qint64(30) << qint64(100) << QRectF(100, 3, 2, 20);
    }

    void timelineBars()
    {
        QFETCH(qint64, start);
        QFETCH(qint64, duration);
        QFETCH(qint64, turn);
        QFETCH(QRectF, bar);
        QCOMPARE(SpanTimelineDelegate::barRect(QRectF(0, 0, 104, 26), start, duration, turn), bar);
    }

    void filtersNarrowTheList()
    {
        auto *outcome = browser()->findChild<QComboBox *>(QStringLiteral("traceOutcomeFilter"));
        QVERIFY(outcome);
        QCOMPARE(outcome->count(), 4);
        outcome->setCurrentIndex(outcome->findData(QStringLiteral("handoff")));
        QVERIFY(listed({m_handoffTrace}));
        outcome->setCurrentIndex(outcome->findData(QStringLiteral("failed")));
        QVERIFY(listed({}));
        outcome->setCurrentIndex(outcome->findData(QStringLiteral("degraded")));
        QVERIFY(listed({}));
        outcome->setCurrentIndex(0);
        QVERIFY(listed({m_handoffTrace, m_faqTrace}));

        // By thread: typed (or pasted) and confirmed with Return.
        auto *thread = browser()->findChild<QLineEdit *>(QStringLiteral("traceThreadFilter"));
        QVERIFY(thread);
        thread->setFocus();
        QTest::keyClicks(thread, m_faqThread);
        QTest::keyClick(thread, Qt::Key_Return);
        QVERIFY(listed({m_faqTrace}));
        // Both filters at once: that thread's turn was answered, not handed off.
        outcome->setCurrentIndex(outcome->findData(QStringLiteral("handoff")));
        QVERIFY(listed({}));
        thread->clear();
        browser()->setOutcomeFilter({});
        QVERIFY(listed({m_handoffTrace, m_faqTrace}));
        auto *error = browser()->findChild<QLabel *>(QStringLiteral("traceError"));
        QVERIFY(error && error->isHidden());
    }

    void threadViewOpensTheTrace()
    {
        // A turn made after the list was read: the thread view still finds it.
        const HttpResult later = m_shopper->sendMessage(QStringLiteral("How do returns work?"));
        QCOMPARE(later.status, 200);
        const QString laterThread = later.json().value("thread_id").toString();
        const QString laterTrace = later.json().value("trace_id").toString();

        QVERIFY(waitUntil([&] { return m_window->threadModel()->rowOf(laterThread) >= 0; }, 15000));
        tabs()->setCurrentIndex(0);
        QVERIFY(m_window->selectThread(laterThread));
        ThreadView *view = m_window->threadView();
        QVERIFY(waitUntil([&] { return view->transcript()->threadId() == laterThread && view->transcript()->rowCount() >= 2; }));
        auto *showTrace = view->findChild<QPushButton *>(QStringLiteral("showTraceButton"));
        QVERIFY(showTrace);
        QVERIFY(waitUntil([&] { return showTrace->isEnabled(); }));
        QTest::mouseClick(showTrace, Qt::LeftButton);
        QCOMPARE(tabs()->currentWidget(), browser());
        QCOMPARE(browser()->currentTraceId(), laterTrace);
        QVERIFY(waitUntil([&] { return browser()->spanModel()->trace().id == laterTrace; }));
        QVERIFY(browser()->spanModel()->findSpan(QStringLiteral("tool:search_kb")).isValid());

        // Reloaded, the new turn is listed on top and selected.
        QTest::mouseClick(browser()->findChild<QPushButton *>(QStringLiteral("traceReloadButton")), Qt::LeftButton);
        QVERIFY(listed({laterTrace, m_handoffTrace, m_faqTrace}));
        QVERIFY(waitUntil([&] { return browser()->traceTable()->currentIndex().row() == 0; }));

        // The selected message's own turn when one is selected.
        tabs()->setCurrentIndex(0);
        QVERIFY(m_window->selectThread(m_faqThread));
        QVERIFY(waitUntil([&] { return view->transcript()->threadId() == m_faqThread && view->transcript()->rowCount() >= 2; }));
        auto *transcriptView = view->findChild<QAbstractItemView *>(QStringLiteral("transcriptView"));
        QVERIFY(transcriptView);
        transcriptView->setCurrentIndex(view->transcript()->index(1, 0));
        QTest::mouseClick(showTrace, Qt::LeftButton);
        QCOMPARE(browser()->currentTraceId(), m_faqTrace);
        QVERIFY(waitUntil([&] { return browser()->traceTable()->currentIndex().row() == 2; }));
    }

    void signOutForgetsTheTurns()
    {
        QVERIFY(browser()->traceModel()->rowCount() > 0);
        m_window->session()->signOut();
        QVERIFY(waitUntil([&] { return browser()->traceModel()->rowCount() == 0; }));
        QCOMPARE(browser()->spanModel()->rowCount(), 0);
        QVERIFY(browser()->detailsView()->toPlainText().isEmpty());
    }
};

QTEST_MAIN(TestTraceBrowser)
#include "tst_tracebrowser.moc"

#pragma once
#include <QPointer>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QTreeView;
class Session;
class SpanTreeModel;
class TraceListModel;
struct Trace;
namespace Api {
class ApiReply;
}

// The "Traces" tab: recorded turns newest first (filtered by outcome and
// thread, more pages on demand), and for the selected turn its spans as a
// tree with a timeline bar each, and the selected span's details: model,
// tokens, cost, error, and its tool arguments and result (or all its
// attributes) as indented JSON. Everything loads asynchronously.
class TraceBrowser : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TraceBrowser)

public:
    explicit TraceBrowser(Session *session, QWidget *parent = nullptr);
    ~TraceBrowser() override;

    TraceListModel *traceModel() const { return m_traces; }
    SpanTreeModel *spanModel() const { return m_spans; }
    QTableView *traceTable() const { return m_table; }
    QTreeView *spanTree() const { return m_tree; }
    QPlainTextEdit *detailsView() const { return m_json; }
    QLabel *summaryLabel() const { return m_summary; }
    QString currentTraceId() const { return m_traceId; }

    // "" (all), "failed", "degraded", "handoff", "ok"; reloads the list.
    void setOutcomeFilter(const QString &outcome);
    void setThreadFilter(const QString &threadId);
    // Shows one turn (selected in the list when it is listed there).
    void showTrace(const QString &traceId);
    // Reads the first page again; loadMore() reads the next.
    void reload();
    void loadMore();

signals:
    void statusMessage(const QString &text);

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void retranslateUi();
    void loadPage(bool more);
    void loadTrace(const QString &traceId);
    void onTraceRowChanged();
    void showSpanDetails();
    void selectListedTrace();
    void clearDetails();
    void showError(const QString &text);

    Session *m_session;
    TraceListModel *m_traces;
    SpanTreeModel *m_spans;
    QPointer<Api::ApiReply> m_listLoad;
    QPointer<Api::ApiReply> m_traceLoad;
    QString m_traceId;       // the turn shown (or being loaded)
    QString m_nextBefore;    // where the next page starts; empty: no more
    QTimer m_threadDelay;    // typing in the thread filter reloads once, after a pause
    bool m_loadedOnce = false;

    QLabel *m_outcomeLabel = nullptr;
    QComboBox *m_outcomeFilter = nullptr;
    QLabel *m_threadLabel = nullptr;
    QLineEdit *m_threadFilter = nullptr;
    QPushButton *m_reload = nullptr;
    QPushButton *m_more = nullptr;
    QTableView *m_table = nullptr;
    QLabel *m_spansLabel = nullptr;
    QTreeView *m_tree = nullptr;
    QLabel *m_summary = nullptr;
    QPlainTextEdit *m_json = nullptr;
    QLabel *m_error = nullptr;
};

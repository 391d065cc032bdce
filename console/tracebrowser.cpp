#include "tracebrowser.h"
#include "rowtable.h"
#include "session.h"
#include "spantimeline.h"

#include "models/spantreemodel.h"
#include "models/tracelistmodel.h"

#include <QComboBox>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

namespace {

// Objects and arrays indented; a lone string or number as JSON writes it.
QString formatJson(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented)).trimmed();
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented)).trimmed();
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

} // namespace

TraceBrowser::TraceBrowser(Session *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_traces(new TraceListModel(this)), m_spans(new SpanTreeModel(this))
{
    setObjectName(QStringLiteral("traceBrowser"));

    m_outcomeLabel = new QLabel(this);
    m_outcomeFilter = new QComboBox(this);
    m_outcomeFilter->setObjectName(QStringLiteral("traceOutcomeFilter"));
    m_outcomeLabel->setBuddy(m_outcomeFilter);
    m_threadLabel = new QLabel(this);
    m_threadFilter = new QLineEdit(this);
    m_threadFilter->setObjectName(QStringLiteral("traceThreadFilter"));
    m_threadFilter->setClearButtonEnabled(true);
    m_threadFilter->setMaxLength(64);
    m_threadLabel->setBuddy(m_threadFilter);
    m_reload = new QPushButton(this);
    m_reload->setObjectName(QStringLiteral("traceReloadButton"));
    m_more = new QPushButton(this);
    m_more->setObjectName(QStringLiteral("traceMoreButton"));
    m_more->setEnabled(false);

    m_table = rowTable(m_traces, -1, QStringLiteral("traceTable"), this);

    m_spansLabel = new QLabel(this);
    m_tree = new QTreeView(this);
    m_tree->setObjectName(QStringLiteral("spanTree"));
    m_tree->setModel(m_spans);
    m_tree->setItemDelegate(new SpanTimelineDelegate(m_tree));
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setStretchLastSection(true);
    m_tree->header()->setMinimumSectionSize(40);
    m_spansLabel->setBuddy(m_tree);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("spanSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_json = new QPlainTextEdit(this);
    m_json->setObjectName(QStringLiteral("spanDetails"));
    m_json->setReadOnly(true);
    m_json->setTabChangesFocus(true);
    m_json->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_json->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_json->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("traceError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->hide();

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_outcomeLabel);
    filters->addWidget(m_outcomeFilter);
    filters->addWidget(m_threadLabel);
    filters->addWidget(m_threadFilter, 1);
    filters->addWidget(m_reload);
    filters->addWidget(m_more);

    auto *details = new QWidget(this);
    auto *detailsLayout = new QVBoxLayout(details);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    detailsLayout->addWidget(m_summary);
    detailsLayout->addWidget(m_json, 1);
    auto *spansPane = new QWidget(this);
    auto *spansLayout = new QVBoxLayout(spansPane);
    spansLayout->setContentsMargins(0, 0, 0, 0);
    spansLayout->addWidget(m_spansLabel);
    spansLayout->addWidget(m_tree, 1);
    auto *right = new QSplitter(Qt::Vertical, this);
    right->addWidget(spansPane);
    right->addWidget(details);
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 2);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_table);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_error);

    m_threadDelay.setSingleShot(true);
    m_threadDelay.setInterval(400);
    connect(&m_threadDelay, &QTimer::timeout, this, &TraceBrowser::reload);
    connect(m_threadFilter, &QLineEdit::textEdited, this, [this] { m_threadDelay.start(); });
    connect(m_threadFilter, &QLineEdit::returnPressed, this, &TraceBrowser::reload);
    connect(m_outcomeFilter, &QComboBox::currentIndexChanged, this, &TraceBrowser::reload);
    connect(m_reload, &QPushButton::clicked, this, &TraceBrowser::reload);
    connect(m_more, &QPushButton::clicked, this, &TraceBrowser::loadMore);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &TraceBrowser::onTraceRowChanged);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &TraceBrowser::showSpanDetails);
    connect(m_session, &Session::signedIn, this, [this] {
        m_loadedOnce = false;
        if (isVisible())
            reload();
    });
    const auto signedOff = [this] {
        if (m_listLoad)
            m_listLoad->abort();
        if (m_traceLoad)
            m_traceLoad->abort();
        m_traces->clear();
        m_spans->clear();
        m_traceId.clear();
        m_loadedOnce = false;
        clearDetails();
    };
    connect(m_session, &Session::signedOut, this, signedOff);
    connect(m_session, &Session::expired, this, signedOff);

    retranslateUi();
    clearDetails();
}

TraceBrowser::~TraceBrowser() = default;

void TraceBrowser::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        m_traces->retranslate();
        m_spans->retranslate();
        showSpanDetails();
    }
    QWidget::changeEvent(event);
}

void TraceBrowser::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    // The list is read when first looked at, then on demand (new turns are many).
    if (!m_loadedOnce && m_session->isSignedIn())
        reload();
}

void TraceBrowser::retranslateUi()
{
    m_outcomeLabel->setText(tr("S&how:"));
    m_threadLabel->setText(tr("T&hread:"));
    m_threadFilter->setPlaceholderText(tr("Any thread (paste a thread id)"));
    m_reload->setText(tr("Re&load"));
    m_more->setText(tr("&More"));
    m_more->setToolTip(tr("Load older turns."));
    m_spansLabel->setText(tr("S&pans of the turn:"));
    const QSignalBlocker blocker(m_outcomeFilter);
    const QString current = m_outcomeFilter->currentData().toString();
    m_outcomeFilter->clear();
    m_outcomeFilter->addItem(tr("All turns"), QString());
    m_outcomeFilter->addItem(tr("Failed"), QStringLiteral("failed"));
    m_outcomeFilter->addItem(tr("Degraded"), QStringLiteral("degraded"));
    m_outcomeFilter->addItem(tr("Handed off"), QStringLiteral("handoff"));
    m_outcomeFilter->setCurrentIndex(qMax(0, m_outcomeFilter->findData(current)));
}

void TraceBrowser::setOutcomeFilter(const QString &outcome)
{
    const int index = m_outcomeFilter->findData(outcome);
    if (index >= 0 && index != m_outcomeFilter->currentIndex())
        m_outcomeFilter->setCurrentIndex(index); // reloads
    else
        reload();
}

void TraceBrowser::setThreadFilter(const QString &threadId)
{
    m_threadFilter->setText(threadId);
    reload();
}

void TraceBrowser::reload()
{
    m_threadDelay.stop();
    loadPage(false);
}

void TraceBrowser::loadMore()
{
    if (!m_nextBefore.isEmpty())
        loadPage(true);
}

void TraceBrowser::loadPage(bool more)
{
    if (!m_session->isSignedIn())
        return;
    if (m_listLoad)
        m_listLoad->abort();
    m_loadedOnce = true;
    Api::TraceQuery query;
    query.outcome = m_outcomeFilter->currentData().toString();
    query.threadId = m_threadFilter->text().trimmed();
    query.before = more ? m_nextBefore : QString();
    m_more->setEnabled(false);
    m_listLoad = m_session->client()->listTraces(query, this, [this, more](const Api::Result<Api::TracePage> &result) {
        if (!result.ok()) {
            if (result.error.kind != Api::ApiError::Kind::Aborted)
                showError(result.error.toString());
            m_more->setEnabled(!m_nextBefore.isEmpty());
            return;
        }
        showError({});
        if (more)
            m_traces->appendTraces(result->traces);
        else
            m_traces->setTraces(result->traces);
        m_nextBefore = result->nextBefore;
        m_more->setEnabled(!m_nextBefore.isEmpty());
        m_table->resizeColumnsToContents();
        selectListedTrace();
    });
}

void TraceBrowser::showTrace(const QString &traceId)
{
    if (traceId.isEmpty())
        return;
    if (traceId != m_traceId || m_spans->trace().id != traceId)
        loadTrace(traceId);
    selectListedTrace();
}

void TraceBrowser::selectListedTrace()
{
    const int row = m_traces->rowOf(m_traceId);
    if (row < 0)
        return;
    const QModelIndex index = m_traces->index(row, 0);
    if (m_table->selectionModel()->currentIndex().row() != row)
        m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
}

void TraceBrowser::onTraceRowChanged()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid())
        return;
    const QString traceId = current.data(TraceListModel::TraceIdRole).toString();
    if (traceId != m_traceId)
        loadTrace(traceId);
}

void TraceBrowser::loadTrace(const QString &traceId)
{
    if (m_traceLoad)
        m_traceLoad->abort();
    m_traceId = traceId;
    m_spans->clear();
    clearDetails();
    m_summary->setText(tr("Loading\u2026"));
    m_traceLoad = m_session->client()->getTrace(traceId, this, [this, traceId](const Api::Result<Trace> &result) {
        if (traceId != m_traceId)
            return;
        if (!result.ok()) {
            if (result.error.kind != Api::ApiError::Kind::Aborted) {
                m_summary->clear();
                showError(result.error.toString());
            }
            return;
        }
        showError({});
        m_spans->setTrace(*result);
        m_tree->expandAll();
        for (int column = 0; column < SpanTreeModel::TimelineColumn; ++column)
            m_tree->resizeColumnToContents(column);
        // Open on what an operator looks for first: a failure, else the first tool call.
        QModelIndex first;
        for (int i = 0; i < result->spans.size() && !first.isValid(); ++i) {
            if (SpanTreeModel::statusOf(result->spans.at(i)) == QLatin1String("error"))
                first = m_spans->indexOfSpan(i);
        }
        for (int i = 0; i < result->spans.size() && !first.isValid(); ++i) {
            if (SpanTreeModel::kindOf(result->spans.at(i)) == QLatin1String("tool"))
                first = m_spans->indexOfSpan(i);
        }
        if (!first.isValid())
            first = m_spans->index(0, 0);
        if (first.isValid())
            m_tree->selectionModel()->setCurrentIndex(first, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        showSpanDetails();
    });
}

void TraceBrowser::clearDetails()
{
    m_summary->setText(tr("Select a turn to see its spans."));
    m_json->clear();
}

void TraceBrowser::showSpanDetails()
{
    const QModelIndex current = m_tree->selectionModel()->currentIndex();
    const Trace &trace = m_spans->trace();
    if (trace.id.isEmpty())
        return;
    const QLocale locale;
    if (!current.isValid()) {
        // The turn as a whole.
        m_summary->setText(tr("Turn %1: %2, route %3, %4 ms; %5 tool calls (%6 failed), %7 model calls, "
                              "%8 input and %9 output tokens, cost %10.")
                               .arg(trace.id, TraceListModel::outcomeText(trace.outcome), trace.route)
                               .arg(trace.durationMs)
                               .arg(trace.usage.toolCalls)
                               .arg(trace.usage.toolErrors)
                               .arg(trace.usage.modelCalls)
                               .arg(locale.toString(trace.usage.inputTokens), locale.toString(trace.usage.outputTokens),
                                    TraceListModel::formatCost(trace.usage.costUsd)));
        m_json->clear();
        return;
    }
    const QJsonObject attributes = current.data(SpanTreeModel::AttributesRole).toJsonObject();
    const QString kind = current.data(SpanTreeModel::KindRole).toString();
    const QModelIndex row = current.siblingAtColumn(0);
    QStringList lines;
    lines << tr("%1 (%2): starts at +%3 ms, takes %4, %5.")
                 .arg(row.data().toString(), row.siblingAtColumn(SpanTreeModel::KindColumn).data().toString(),
                      QString::number(current.data(SpanTreeModel::StartMsRole).toLongLong()),
                      row.siblingAtColumn(SpanTreeModel::DurationColumn).data().toString(),
                      row.siblingAtColumn(SpanTreeModel::StatusColumn).data().toString());
    if (kind == QLatin1String("model")) {
        lines << tr("Model: %1, template %2, finish reason %3")
                     .arg(attributes.value(QStringLiteral("model")).toString(),
                          attributes.value(QStringLiteral("template")).toString(),
                          attributes.value(QStringLiteral("finish_reason")).toString());
        lines << tr("Tokens: %1 in, %2 out; cost %3")
                     .arg(locale.toString(attributes.value(QStringLiteral("input_tokens")).toInteger()),
                          locale.toString(attributes.value(QStringLiteral("output_tokens")).toInteger()),
                          TraceListModel::formatCost(attributes.value(QStringLiteral("cost_usd")).toDouble()));
    } else if (kind == QLatin1String("tool")) {
        lines << tr("Tool: %1, version %2")
                     .arg(attributes.value(QStringLiteral("tool")).toString(),
                          attributes.value(QStringLiteral("version")).toVariant().toString());
    }
    const QString error = current.data(SpanTreeModel::ErrorRole).toString();
    if (!error.isEmpty()) {
        const QString errorKind = attributes.value(QStringLiteral("error_kind")).toVariant().toString();
        lines << (errorKind.isEmpty() ? tr("Error: %1").arg(error) : tr("Error (%1): %2").arg(errorKind, error));
    }
    m_summary->setText(lines.join(QLatin1Char('\n')));

    // A tool call's input and output, each on its own; anything else whole.
    QString text;
    if (kind == QLatin1String("tool")) {
        text = tr("Arguments") + QLatin1Char('\n') + formatJson(attributes.value(QStringLiteral("arguments")))
             + QStringLiteral("\n\n") + tr("Result") + QLatin1Char('\n')
             + formatJson(attributes.value(QStringLiteral("result")));
    } else {
        text = formatJson(attributes);
    }
    m_json->setPlainText(text);
}

void TraceBrowser::showError(const QString &text)
{
    m_error->setText(text);
    m_error->setVisible(!text.isEmpty());
    if (!text.isEmpty())
        emit statusMessage(text);
}

#include "metricsview.h"
#include "session.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QStackedWidget>
#include <QValueAxis>
#include <QVBoxLayout>
#include <algorithm>

namespace {

constexpr int kAutoRefreshMs = 30000;
// Live events come in bursts: one read a moment after the first of them.
constexpr int kActivityDelayMs = 3000;

QChartView *makeChartView(QWidget *parent, const char *name)
{
    auto *chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation); // redrawn every 30 s: animations only distract
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    auto *view = new QChartView(chart, parent);
    view->setObjectName(QString::fromLatin1(name));
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(320, 220);
    return view;
}

void resetChart(QChart *chart, const QString &title)
{
    chart->setTitle(title);
    chart->removeAllSeries();
    const QList<QAbstractAxis *> axes = chart->axes();
    for (QAbstractAxis *axis : axes) {
        chart->removeAxis(axis);
        delete axis;
    }
}

QValueAxis *valueAxis(double max, const QString &title, const char *format = "%d")
{
    auto *axis = new QValueAxis;
    axis->setRange(0, max > 0 ? max * 1.1 : 1.0);
    axis->applyNiceNumbers();
    axis->setLabelFormat(QString::fromLatin1(format));
    axis->setTitleText(title);
    return axis;
}

} // namespace

MetricsView::MetricsView(Session *session, QWidget *parent) : QWidget(parent), m_session(session)
{
    setObjectName(QStringLiteral("metricsView"));
    m_periodLabel = new QLabel(this);
    m_periodBox = new QComboBox(this);
    m_periodBox->setObjectName(QStringLiteral("metricsPeriod"));
    m_periodLabel->setBuddy(m_periodBox);
    m_refreshButton = new QPushButton(this);
    m_refreshButton->setObjectName(QStringLiteral("metricsRefresh"));
    m_updated = new QLabel(this);
    m_updated->setObjectName(QStringLiteral("metricsUpdated"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("metricsSummary"));
    m_summary->setWordWrap(true);

    m_turnsView = makeChartView(this, "turnsChart");
    m_latencyView = makeChartView(this, "latencyChart");
    m_ratesView = makeChartView(this, "ratesChart");
    m_costView = makeChartView(this, "costChart");
    auto *charts = new QWidget(this);
    auto *grid = new QGridLayout(charts);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(m_turnsView, 0, 0);
    grid->addWidget(m_latencyView, 0, 1);
    grid->addWidget(m_ratesView, 1, 0);
    grid->addWidget(m_costView, 1, 1);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("metricsMessage"));
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_pages = new QStackedWidget(this);
    m_pages->addWidget(charts);
    m_pages->addWidget(m_message);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_periodLabel);
    bar->addWidget(m_periodBox);
    bar->addWidget(m_refreshButton);
    bar->addStretch();
    bar->addWidget(m_updated);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_summary);
    layout->addWidget(m_pages, 1);

    m_autoRefresh.setInterval(kAutoRefreshMs);
    connect(&m_autoRefresh, &QTimer::timeout, this, &MetricsView::refresh);
    m_activityDelay.setInterval(kActivityDelayMs);
    m_activityDelay.setSingleShot(true);
    connect(&m_activityDelay, &QTimer::timeout, this, &MetricsView::refresh);
    connect(m_refreshButton, &QPushButton::clicked, this, &MetricsView::refresh);
    connect(m_periodBox, &QComboBox::currentIndexChanged, this,
            [this] { setPeriod(Period(m_periodBox->currentData().toInt())); });

    connect(m_session->live(), &Api::LiveConnection::eventReceived, this, &MetricsView::noteActivity);
    connect(m_session, &Session::signedIn, this, [this] {
        clearData();
        if (isVisible())
            refresh();
    });
    const auto signedOff = [this] {
        if (m_load)
            m_load->abort();
        clearData();
    };
    connect(m_session, &Session::signedOut, this, signedOff);
    connect(m_session, &Session::expired, this, signedOff);

    retranslateUi();
    clearData();
}

MetricsView::~MetricsView()
{
    if (m_load)
        m_load->abort();
}

MetricsView::PeriodSpec MetricsView::spec(Period period)
{
    // Bars per 1, 6 or 24 hours keep every period near 24-30 bars.
    switch (period) {
    case Period::Day: return {24, 1, 1};
    case Period::Week: return {7 * 24, 7, 6};
    case Period::Month: return {30 * 24, 30, 24};
    }
    return {24, 1, 1};
}

void MetricsView::setPeriod(Period period)
{
    if (period != m_period) {
        m_period = period;
        const QSignalBlocker blocker(m_periodBox);
        m_periodBox->setCurrentIndex(qMax(0, m_periodBox->findData(int(period))));
        clearData();
    }
    refresh();
}

void MetricsView::refresh()
{
    m_activityDelay.stop();
    if (!m_session->isSignedIn())
        return;
    if (m_load)
        m_load->abort();
    const PeriodSpec wanted = spec(m_period);
    const Period period = m_period;
    m_updated->setText(tr("Updating\u2026"));
    m_load = m_session->client()->metrics(wanted.days, wanted.hours, this,
                                          [this, period](const Api::Result<QJsonObject> &result) {
                                              if (period != m_period || result.error.kind == Api::ApiError::Kind::Aborted)
                                                  return;
                                              if (result.ok())
                                                  onLoaded(*result);
                                              else
                                                  onFailed(result.error);
                                          });
}

void MetricsView::noteActivity()
{
    if (isVisible() && m_session->isSignedIn() && !m_activityDelay.isActive())
        m_activityDelay.start();
}

void MetricsView::onLoaded(const QJsonObject &json)
{
    MetricsSeries series;
    QString error;
    if (!MetricsSeries::fromJson(json, &series, &error)) {
        showMessage(error);
        emit refreshed();
        return;
    }
    m_series = series;
    m_haveData = true;
    m_loadedAt = QDateTime::currentMSecsSinceEpoch();
    m_pages->setCurrentIndex(0);
    render();
    m_updated->setText(tr("Updated at %1").arg(locale().toString(QTime::currentTime(), QLocale::ShortFormat)));
    emit refreshed();
}

void MetricsView::onFailed(const Api::ApiError &error)
{
    if (error.kind == Api::ApiError::Kind::Http && error.httpStatus == 403) {
        showMessage(tr("The metrics dashboard is for administrators: %1 does not have the admin role. "
                       "Ask an administrator for access.")
                        .arg(m_session->username()));
    } else if (m_haveData) {
        // Keep the last figures on screen; say they are not fresh.
        m_updated->setText(tr("Could not update: %1").arg(error.toString()));
    } else {
        showMessage(error.toString());
    }
    emit refreshed();
}

void MetricsView::showMessage(const QString &text)
{
    m_haveData = false;
    m_series = MetricsSeries();
    m_message->setText(text);
    m_pages->setCurrentIndex(1);
    m_summary->clear();
    m_updated->clear();
}

void MetricsView::clearData()
{
    m_series = MetricsSeries();
    m_haveData = false;
    m_loadedAt = 0;
    render();
    m_updated->clear();
    if (m_session->isSignedIn())
        m_pages->setCurrentIndex(0);
    else
        showMessage(tr("Sign in to see the metrics."));
}

QString MetricsView::messageText() const
{
    return m_pages->currentIndex() == 1 ? m_message->text() : QString();
}

QString MetricsView::summaryText() const
{
    return m_summary->text();
}

void MetricsView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_autoRefresh.start();
    if (m_loadedAt == 0 || QDateTime::currentMSecsSinceEpoch() - m_loadedAt >= m_autoRefresh.interval())
        refresh();
}

void MetricsView::hideEvent(QHideEvent *event)
{
    // Off screen: no reads at all.
    m_autoRefresh.stop();
    m_activityDelay.stop();
    QWidget::hideEvent(event);
}

void MetricsView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void MetricsView::retranslateUi()
{
    m_periodLabel->setText(tr("&Period:"));
    {
        const QSignalBlocker blocker(m_periodBox);
        m_periodBox->clear();
        m_periodBox->addItem(tr("Last 24 hours"), int(Period::Day));
        m_periodBox->addItem(tr("Last 7 days"), int(Period::Week));
        m_periodBox->addItem(tr("Last 30 days"), int(Period::Month));
        m_periodBox->setCurrentIndex(qMax(0, m_periodBox->findData(int(m_period))));
    }
    m_refreshButton->setText(tr("Re&fresh"));
    m_refreshButton->setToolTip(tr("Read the metrics again (they also refresh every 30 seconds while shown)"));
    if (!m_session->isSignedIn())
        m_message->setText(tr("Sign in to see the metrics."));
    render();
}

void MetricsView::render()
{
    renderTurns();
    renderLatency();
    renderRates();
    renderCost();
    if (!m_haveData) {
        m_summary->clear();
        return;
    }
    const MetricsSeries::Point total = m_series.total();
    const QLocale here = locale();
    m_summary->setText(tr("Turns: %1 \u00b7 Handoff rate: %2 % \u00b7 Tool error rate: %3 % \u00b7 "
                          "Latency P50 %4 ms, P95 %5 ms \u00b7 Cost: %6")
                           .arg(here.toString(total.turns), here.toString(total.handoffRatePercent(), 'f', 1),
                                here.toString(total.toolErrorRatePercent(), 'f', 1), here.toString(m_series.p50Ms()),
                                here.toString(m_series.p95Ms()),
                                here.toCurrencyString(total.costUsd, QStringLiteral("$"), 2)));
}

QString MetricsView::bucketLabel(qint64 startMs) const
{
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(startMs);
    switch (m_period) {
    case Period::Day: return locale().toString(at.time(), QStringLiteral("HH:mm"));
    case Period::Week: return locale().toString(at, QStringLiteral("ddd HH:mm"));
    case Period::Month: return locale().toString(at.date(), QStringLiteral("d MMM"));
    }
    return {};
}

void MetricsView::renderTurns()
{
    const int width = spec(m_period).bucketHours;
    QChart *chart = m_turnsView->chart();
    resetChart(chart, width == 1 ? tr("Turns per hour") : tr("Turns per %n hours", nullptr, width));
    auto *set = new QBarSet(tr("Turns"));
    QStringList labels;
    for (const MetricsSeries::Point &point : m_series.buckets(width)) {
        set->append(double(point.turns));
        labels.append(bucketLabel(point.startMs));
    }
    auto *series = new QBarSeries;
    series->append(set);
    chart->addSeries(series);
    auto *x = new QBarCategoryAxis;
    x->append(labels);
    x->setLabelsAngle(-90);
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    QValueAxis *y = valueAxis(double(m_series.maxTurns(width)), tr("Turns"));
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(y);
    chart->legend()->hide();
}

void MetricsView::renderLatency()
{
    QChart *chart = m_latencyView->chart();
    resetChart(chart, tr("Turn latency"));
    auto *p50 = new QLineSeries;
    p50->setName(tr("P50"));
    auto *p95 = new QLineSeries;
    p95->setName(tr("P95"));
    // Only hours with turns have a latency; the lines join those.
    for (const MetricsSeries::Point &point : m_series.hourly()) {
        if (point.turns == 0)
            continue;
        p50->append(double(point.startMs), double(point.p50Ms));
        p95->append(double(point.startMs), double(point.p95Ms));
    }
    chart->addSeries(p50);
    chart->addSeries(p95);
    auto *x = new QDateTimeAxis;
    x->setFormat(m_period == Period::Day ? QStringLiteral("HH:mm") : QStringLiteral("d MMM"));
    if (!m_series.hourly().isEmpty())
        x->setRange(QDateTime::fromMSecsSinceEpoch(m_series.hourly().first().startMs),
                    QDateTime::fromMSecsSinceEpoch(m_series.hourly().last().startMs + 3600000));
    chart->addAxis(x, Qt::AlignBottom);
    QValueAxis *y = valueAxis(double(m_series.maxLatencyMs()), tr("ms"));
    chart->addAxis(y, Qt::AlignLeft);
    for (QLineSeries *series : {p50, p95}) {
        series->setPointsVisible(true); // an hour alone has no line to draw
        series->attachAxis(x);
        series->attachAxis(y);
    }
    chart->legend()->show();
}

void MetricsView::renderRates()
{
    const int width = spec(m_period).bucketHours;
    QChart *chart = m_ratesView->chart();
    resetChart(chart, tr("Tool error rate and handoff rate"));
    auto *toolErrors = new QLineSeries;
    toolErrors->setName(tr("Tool errors (% of tool calls)"));
    auto *handoffs = new QLineSeries;
    handoffs->setName(tr("Handoffs (% of turns)"));
    double most = 0;
    const QList<MetricsSeries::Point> buckets = m_series.buckets(width);
    for (const MetricsSeries::Point &point : buckets) {
        toolErrors->append(double(point.startMs), point.toolErrorRatePercent());
        handoffs->append(double(point.startMs), point.handoffRatePercent());
        most = std::max({most, point.toolErrorRatePercent(), point.handoffRatePercent()});
    }
    chart->addSeries(toolErrors);
    chart->addSeries(handoffs);
    auto *x = new QDateTimeAxis;
    x->setFormat(m_period == Period::Day ? QStringLiteral("HH:mm") : QStringLiteral("d MMM"));
    if (!buckets.isEmpty())
        x->setRange(QDateTime::fromMSecsSinceEpoch(buckets.first().startMs),
                    QDateTime::fromMSecsSinceEpoch(buckets.last().startMs));
    chart->addAxis(x, Qt::AlignBottom);
    QValueAxis *y = valueAxis(std::min(100.0, std::max(5.0, most)), tr("%"));
    chart->addAxis(y, Qt::AlignLeft);
    for (QLineSeries *series : {toolErrors, handoffs}) {
        series->attachAxis(x);
        series->attachAxis(y);
    }
    chart->legend()->show();
}

void MetricsView::renderCost()
{
    QChart *chart = m_costView->chart();
    resetChart(chart, tr("Cost per day (USD)"));
    auto *set = new QBarSet(tr("Cost"));
    QStringList labels;
    for (const MetricsSeries::Day &day : m_series.days()) {
        set->append(day.costUsd);
        labels.append(locale().toString(day.date, QStringLiteral("d MMM")));
    }
    auto *series = new QBarSeries;
    series->append(set);
    chart->addSeries(series);
    auto *x = new QBarCategoryAxis;
    x->append(labels);
    x->setLabelsAngle(m_series.days().size() > 7 ? -90 : 0);
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    QValueAxis *y = valueAxis(m_series.maxCostUsd(), tr("USD"), "%.2f");
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(y);
    chart->legend()->hide();
}

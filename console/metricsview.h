#pragma once
#include "models/metricsseries.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QChart;
class QChartView;
class QComboBox;
class QLabel;
class QPushButton;
class QStackedWidget;
class Session;
namespace Api { class ApiReply; struct ApiError; }

// The metrics dashboard (admin role): turns per hour, turn latency P50/P95,
// tool error and handoff rates, and cost per day, over the last 24 hours,
// 7 days or 30 days. It reads GET /admin/agent/metrics while it is on screen:
// on showing, every 30 seconds, and a few seconds after live activity; an
// operator without the admin role sees why there is nothing to show.
class MetricsView : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MetricsView)

public:
    enum class Period { Day, Week, Month };

    explicit MetricsView(Session *session, QWidget *parent = nullptr);
    ~MetricsView() override;

    Period period() const { return m_period; }
    void setPeriod(Period period);
    // Reads the metrics again now (nothing when signed out).
    void refresh();
    // Something happened on the server: refresh soon if the dashboard is on screen.
    void noteActivity();

    const MetricsSeries &series() const { return m_series; }
    bool hasData() const { return m_haveData; }
    // What the view shows instead of the charts (no admin role, an error), or empty.
    QString messageText() const;
    QString summaryText() const;
    void setAutoRefreshInterval(int msecs) { m_autoRefresh.setInterval(msecs); }
    void setActivityDelay(int msecs) { m_activityDelay.setInterval(msecs); }

signals:
    // A read finished (charts updated, or the message says why not).
    void refreshed();

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    struct PeriodSpec
    {
        int hours;
        int days;
        int bucketHours;
    };
    static PeriodSpec spec(Period period);

    void retranslateUi();
    void onLoaded(const QJsonObject &json);
    void onFailed(const Api::ApiError &error);
    void showMessage(const QString &text);
    void clearData();
    void render();
    void renderTurns();
    void renderLatency();
    void renderRates();
    void renderCost();
    QString bucketLabel(qint64 startMs) const;

    Session *m_session;
    Period m_period = Period::Day;
    MetricsSeries m_series;
    bool m_haveData = false;
    qint64 m_loadedAt = 0; // ms since the epoch; 0 = never for this period
    QPointer<Api::ApiReply> m_load;
    QTimer m_autoRefresh;
    QTimer m_activityDelay;

    QLabel *m_periodLabel = nullptr;
    QComboBox *m_periodBox = nullptr;
    QPushButton *m_refreshButton = nullptr;
    QLabel *m_updated = nullptr;
    QLabel *m_summary = nullptr;
    QStackedWidget *m_pages = nullptr;
    QLabel *m_message = nullptr;
    QChartView *m_turnsView = nullptr;
    QChartView *m_latencyView = nullptr;
    QChartView *m_ratesView = nullptr;
    QChartView *m_costView = nullptr;
};

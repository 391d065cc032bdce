// MetricsSeries: the metrics route's JSON as dense chart series (no server:
// the JSON is shaped as tst_metricsapi shows the route answers).
#include "models/metricsseries.h"

#include <QDateTime>
#include <QJsonArray>
#include <QTest>

namespace {

constexpr qint64 kHourMs = 3600000;
const qint64 kFrom = QDateTime(QDate(2026, 3, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();

QString iso(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

QJsonObject hour(qint64 startMs, int turns, int handoffs, int toolCalls, int toolErrors, int p50, int p95, double cost)
{
    return {{"hour", iso(startMs)},   {"turns", turns},   {"handoffs", handoffs}, {"failed", 0},
            {"tool_calls", toolCalls}, {"tool_errors", toolErrors}, {"p50_ms", p50}, {"p95_ms", p95},
            {"cost_usd", cost}};
}

// 12 hours from 2026-03-01T00:00Z; two days of cost.
QJsonObject sample()
{
    const QJsonArray hourly{hour(kFrom + 1 * kHourMs, 4, 1, 8, 2, 200, 900, 0.5),
                            hour(kFrom + 2 * kHourMs, 6, 0, 6, 0, 300, 1200, 0.25),
                            hour(kFrom + 7 * kHourMs, 10, 5, 20, 1, 100, 400, 1.0),
                            hour(kFrom + 40 * kHourMs, 99, 0, 0, 0, 1, 1, 9.0)}; // outside: ignored
    const QJsonArray days{QJsonObject{{"date", "2026-03-01"}, {"turns", 20}, {"cost_usd", 1.75}}};
    return {{"window", QJsonObject{{"days", 2}, {"from", "2026-02-28T00:00:00Z"}, {"hours", 12},
                                   {"hours_from", iso(kFrom)}, {"to", iso(kFrom + 11 * kHourMs + 5)}}},
            {"totals", QJsonObject{{"turns", 20}, {"latency", QJsonObject{{"p50_ms", 250}, {"p95_ms", 1100}}}}},
            {"days", days},
            {"hourly", hourly}};
}

} // namespace

class TestMetricsSeries : public QObject
{
    Q_OBJECT

private slots:
    void fillsEveryHour()
    {
        MetricsSeries series;
        QVERIFY(MetricsSeries::fromJson(sample(), &series));
        QCOMPARE(series.hourly().size(), 12);
        for (int i = 0; i < 12; ++i)
            QCOMPARE(series.hourly().at(i).startMs, kFrom + i * kHourMs);
        QCOMPARE(series.hourly().at(0).turns, 0);
        const MetricsSeries::Point &one = series.hourly().at(1);
        QCOMPARE(one.turns, 4);
        QCOMPARE(one.p50Ms, 200);
        QCOMPARE(one.p95Ms, 900);
        QCOMPARE(one.handoffRatePercent(), 25.0);
        QCOMPARE(one.toolErrorRatePercent(), 25.0);
        QCOMPARE(series.hourly().at(7).turns, 10);
        QCOMPARE(series.maxTurns(), 10);
        QCOMPARE(series.maxLatencyMs(), 1200);
        QCOMPARE(series.p50Ms(), 250);
        QCOMPARE(series.p95Ms(), 1100);
    }

    void ratesOfNothingAreZero()
    {
        const MetricsSeries::Point empty;
        QCOMPARE(empty.handoffRatePercent(), 0.0);
        QCOMPARE(empty.toolErrorRatePercent(), 0.0);
    }

    void sumsHoursIntoBuckets_data()
    {
        QTest::addColumn<int>("width");
        QTest::addColumn<QList<qint64>>("turns");
        QTest::addColumn<QList<double>>("toolErrorPercent");
        QTest::newRow("hourly") << 1 << QList<qint64>{0, 4, 6, 0, 0, 0, 0, 10, 0, 0, 0, 0}
                                << QList<double>{0, 25, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0};
        QTest::newRow("six hours") << 6 << QList<qint64>{10, 10} << QList<double>{2.0 / 14 * 100, 5};
        QTest::newRow("five hours, last partial") << 5 << QList<qint64>{10, 10, 0}
                                                  << QList<double>{2.0 / 14 * 100, 5, 0};
        QTest::newRow("a day") << 24 << QList<qint64>{20} << QList<double>{3.0 / 34 * 100};
    }

    void sumsHoursIntoBuckets()
    {
        QFETCH(int, width);
        QFETCH(QList<qint64>, turns);
        QFETCH(QList<double>, toolErrorPercent);
        MetricsSeries series;
        QVERIFY(MetricsSeries::fromJson(sample(), &series));
        const QList<MetricsSeries::Point> buckets = series.buckets(width);
        QCOMPARE(buckets.size(), turns.size());
        for (int i = 0; i < buckets.size(); ++i) {
            QCOMPARE(buckets.at(i).startMs, kFrom + i * width * kHourMs);
            QCOMPARE(buckets.at(i).turns, turns.at(i));
            QVERIFY(qAbs(buckets.at(i).toolErrorRatePercent() - toolErrorPercent.at(i)) < 1e-9);
        }
    }

    void totalOfTheHours()
    {
        MetricsSeries series;
        QVERIFY(MetricsSeries::fromJson(sample(), &series));
        const MetricsSeries::Point total = series.total();
        QCOMPARE(total.turns, 20); // the hour outside the window is not counted
        QCOMPARE(total.handoffs, 6);
        QCOMPARE(total.handoffRatePercent(), 30.0);
        QCOMPARE(total.costUsd, 1.75);
        QCOMPARE(total.hours, 12);
    }

    void costPerDay()
    {
        MetricsSeries series;
        QVERIFY(MetricsSeries::fromJson(sample(), &series));
        QCOMPARE(series.days().size(), 2);
        QCOMPARE(series.days().at(0).date, QDate(2026, 2, 28));
        QCOMPARE(series.days().at(0).costUsd, 0.0);
        QCOMPARE(series.days().at(1).date, QDate(2026, 3, 1));
        QCOMPARE(series.days().at(1).costUsd, 1.75);
        QCOMPARE(series.days().at(1).turns, 20);
        QCOMPARE(series.maxCostUsd(), 1.75);
    }

    void refusesAnAnswerWithoutHours_data()
    {
        QTest::addColumn<QJsonObject>("json");
        QJsonObject noHours = sample();
        QJsonObject window = noHours.value("window").toObject();
        window.remove("hours");
        noHours.insert("window", window);
        QJsonObject oddStart = sample();
        window = oddStart.value("window").toObject();
        window.insert("hours_from", iso(kFrom + 5 * 60000));
        oddStart.insert("window", window);
        QJsonObject noDays = sample();
        window = noDays.value("window").toObject();
        window.remove("from");
        noDays.insert("window", window);
        QTest::newRow("empty") << QJsonObject();
        QTest::newRow("no hours") << noHours;
        QTest::newRow("hour not whole") << oddStart;
        QTest::newRow("no days") << noDays;
    }

    void refusesAnAnswerWithoutHours()
    {
        QFETCH(QJsonObject, json);
        MetricsSeries series;
        QString error;
        QVERIFY(!MetricsSeries::fromJson(json, &series, &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(series.hourly().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestMetricsSeries)
#include "tst_metricsseries.moc"

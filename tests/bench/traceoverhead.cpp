#include "traceoverhead.h"

#include <curl/curl.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

namespace {

struct Fetch
{
    CURL *handle = nullptr;
    curl_slist *headers = nullptr;
    QByteArray url;
    QByteArray body;
    size_t sample = 0;
};

size_t appendToBuffer(char *data, size_t size, size_t count, void *buffer)
{
    static_cast<QByteArray *>(buffer)->append(data, qsizetype(size * count));
    return size * count;
}

// Exact nearest-rank percentile.
double percentileOf(std::vector<double> values, double fraction)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto rank = qint64(std::ceil(fraction * double(values.size())));
    return values[size_t(std::clamp<qint64>(rank - 1, 0, qint64(values.size()) - 1))];
}

double meanOf(const std::vector<double> &values)
{
    double sum = 0;
    for (double value : values)
        sum += value;
    return values.empty() ? 0 : sum / double(values.size());
}

double rounded(double value) { return std::round(value * 1000.0) / 1000.0; }

void addTrace(OverheadReport &report, const QJsonObject &trace, double clientMs, double serverMs)
{
    double model = 0, tools = 0;
    int modelCalls = 0, toolCalls = 0;
    for (const QJsonValue &value : trace.value(QLatin1String("spans")).toArray()) {
        const QJsonObject span = value.toObject();
        const QString name = span.value(QLatin1String("name")).toString();
        // Microseconds where the span has them (whole milliseconds otherwise).
        const QJsonObject attributes = span.value(QLatin1String("attributes")).toObject();
        const double latency = attributes.contains(QLatin1String("latency_us"))
                                   ? attributes.value(QLatin1String("latency_us")).toDouble() / 1000.0
                                   : attributes.value(QLatin1String("latency_ms")).toDouble();
        if (name == QLatin1String("model")) {
            model += latency;
            ++modelCalls;
        } else if (name.startsWith(QLatin1String("tool:"))) {
            tools += latency;
            ++toolCalls;
        }
    }
    const double duration = trace.value(QLatin1String("duration_ms")).toDouble();
    report.clientMs.push_back(clientMs);
    report.modelMs.push_back(model);
    report.toolMs.push_back(tools);
    report.durationMs.push_back(duration);
    report.overheadMs.push_back(clientMs - model - tools);
    report.inTurnMs.push_back(duration - model - tools);
    report.outsideMs.push_back(clientMs - duration);
    if (serverMs >= 0) {
        report.serverMs.push_back(serverMs);
        report.serverOverheadMs.push_back(serverMs - model - tools);
        report.clientSideMs.push_back(clientMs - serverMs);
    }
    if (report.modelDelayMs >= 0) {
        const double nominal = double(modelCalls) * report.modelDelayMs;
        report.nominalOverheadMs.push_back(clientMs - nominal - tools);
        report.modelExcessMs.push_back(model - nominal);
    }
    ++report.shapes[QStringLiteral("%1 model, %2 tool").arg(modelCalls).arg(toolCalls)];
    ++report.outcomes[trace.value(QLatin1String("outcome")).toString()];
}

struct Row
{
    const char *label;
    const std::vector<double> *values;
};

QList<Row> rowsOf(const OverheadReport &report)
{
    QList<Row> rows{{"client latency", &report.clientMs},
                    {"model (sum of spans)", &report.modelMs},
                    {"tools (sum of spans)", &report.toolMs},
                    {"trace duration", &report.durationMs},
                    {"OVERHEAD", &report.overheadMs},
                    {"  in the turn", &report.inTurnMs},
                    {"  outside the trace", &report.outsideMs}};
    if (!report.serverMs.empty()) {
        rows.append({"server time", &report.serverMs});
        rows.append({"SERVER OVERHEAD", &report.serverOverheadMs});
        rows.append({"  client side", &report.clientSideMs});
    }
    if (report.modelDelayMs >= 0) {
        rows.append({"overhead vs nominal", &report.nominalOverheadMs});
        rows.append({"model excess over D", &report.modelExcessMs});
    }
    return rows;
}

QByteArray keyOf(const char *label)
{
    QByteArray key = QByteArray(label).trimmed().toLower();
    key.replace(" (sum of spans)", "");
    key.replace(' ', '_');
    return key;
}

} // namespace

OverheadReport analyseTraces(const QString &baseUrl, const QByteArray &token,
                             const std::vector<TurnSample> &samples, int modelDelayMs, int parallel)
{
    OverheadReport report;
    report.samples = qint64(samples.size());
    report.modelDelayMs = modelDelayMs;
    QString base = baseUrl;
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    const QByteArray authorization = "Authorization: Bearer " + token;

    CURLM *multi = curl_multi_init();
    std::vector<std::unique_ptr<Fetch>> fetches;
    for (int i = 0; i < std::max(1, parallel); ++i) {
        auto fetch = std::make_unique<Fetch>();
        fetch->handle = curl_easy_init();
        fetch->headers = curl_slist_append(nullptr, authorization.constData());
        curl_easy_setopt(fetch->handle, CURLOPT_HTTPHEADER, fetch->headers);
        curl_easy_setopt(fetch->handle, CURLOPT_WRITEFUNCTION, &appendToBuffer);
        curl_easy_setopt(fetch->handle, CURLOPT_WRITEDATA, &fetch->body);
        curl_easy_setopt(fetch->handle, CURLOPT_PRIVATE, fetch.get());
        curl_easy_setopt(fetch->handle, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(fetch->handle, CURLOPT_TIMEOUT_MS, 30000L);
        fetches.push_back(std::move(fetch));
    }

    size_t next = 0;
    auto start = [&](Fetch *fetch) {
        fetch->sample = next++;
        fetch->body.clear();
        fetch->url = (base + QStringLiteral("/admin/agent/traces/")).toUtf8() + samples[fetch->sample].traceId;
        curl_easy_setopt(fetch->handle, CURLOPT_URL, fetch->url.constData());
        curl_multi_add_handle(multi, fetch->handle);
    };
    for (auto &fetch : fetches) {
        if (next < samples.size())
            start(fetch.get());
    }
    int running = 1;
    while (running > 0) {
        curl_multi_perform(multi, &running);
        int left = 0;
        while (CURLMsg *message = curl_multi_info_read(multi, &left)) {
            if (message->msg != CURLMSG_DONE)
                continue;
            const CURLcode result = message->data.result;
            Fetch *fetch = nullptr;
            curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &fetch);
            long status = 0;
            curl_easy_getinfo(message->easy_handle, CURLINFO_RESPONSE_CODE, &status);
            curl_multi_remove_handle(multi, fetch->handle);
            const QJsonObject trace = QJsonDocument::fromJson(fetch->body).object();
            if (result == CURLE_OK && status == 200 && trace.contains(QLatin1String("spans"))) {
                ++report.fetched;
                addTrace(report, trace, samples[fetch->sample].clientMs, samples[fetch->sample].serverMs);
            } else {
                ++report.fetchErrors;
                if (report.fetchErrors <= 3)
                    std::fprintf(stderr, "supportd-bench: trace %s: HTTP %ld, curl %d\n",
                                 samples[fetch->sample].traceId.constData(), status, int(result));
            }
            if (next < samples.size()) {
                start(fetch);
                running = 1;
            }
        }
        if (running > 0)
            curl_multi_poll(multi, nullptr, 0, 100, nullptr);
    }
    for (auto &fetch : fetches) {
        curl_easy_cleanup(fetch->handle);
        curl_slist_free_all(fetch->headers);
    }
    curl_multi_cleanup(multi);
    return report;
}

void printOverheadText(const OverheadReport &report)
{
    std::printf("traces:      %lld of %lld measured turns read (%lld not readable)\n", report.fetched,
                report.samples, report.fetchErrors);
    QStringList shapes, outcomes;
    for (auto it = report.shapes.begin(); it != report.shapes.end(); ++it)
        shapes << QStringLiteral("%1: %2").arg(it.key()).arg(it.value());
    for (auto it = report.outcomes.begin(); it != report.outcomes.end(); ++it)
        outcomes << QStringLiteral("%1: %2").arg(it.key()).arg(it.value());
    std::printf("turn shapes: %s\n", qPrintable(shapes.join(QLatin1String(", "))));
    std::printf("outcomes:    %s\n", qPrintable(outcomes.join(QLatin1String(", "))));
    std::printf("per turn, ms             mean      p50      p90      p99    p99.9      max\n");
    for (const Row &row : rowsOf(report)) {
        const std::vector<double> &v = *row.values;
        std::printf("%-22s %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f\n", row.label, meanOf(v), percentileOf(v, 0.5),
                    percentileOf(v, 0.9), percentileOf(v, 0.99), percentileOf(v, 0.999), percentileOf(v, 1.0));
    }
    std::printf("(OVERHEAD = client latency - model spans - tool spans; in the turn = trace duration - model - tools;\n"
                " outside the trace = client latency - trace duration. Model and tool spans carry microseconds;\n"
                " the trace duration is whole ms, truncated.)\n");
    if (!report.serverMs.empty())
        std::printf("(SERVER OVERHEAD = Server-Timing app;dur - model - tools: request parsed to answer written, as\n"
                    " supportd saw it; client side = client latency - Server-Timing.)\n");
}

QJsonObject overheadJson(const OverheadReport &report)
{
    QJsonObject object{{QStringLiteral("traces_read"), report.fetched},
                       {QStringLiteral("traces_not_readable"), report.fetchErrors}};
    if (report.modelDelayMs >= 0)
        object.insert(QStringLiteral("model_delay_ms"), report.modelDelayMs);
    for (const Row &row : rowsOf(report)) {
        const std::vector<double> &v = *row.values;
        object.insert(QString::fromUtf8(keyOf(row.label)),
                      QJsonObject{{QStringLiteral("mean"), rounded(meanOf(v))},
                                  {QStringLiteral("p50"), rounded(percentileOf(v, 0.5))},
                                  {QStringLiteral("p90"), rounded(percentileOf(v, 0.9))},
                                  {QStringLiteral("p99"), rounded(percentileOf(v, 0.99))},
                                  {QStringLiteral("max"), rounded(percentileOf(v, 1.0))}});
    }
    QJsonObject shapes;
    for (auto it = report.shapes.begin(); it != report.shapes.end(); ++it)
        shapes.insert(it.key(), it.value());
    object.insert(QStringLiteral("turn_shapes"), shapes);
    QJsonObject outcomes;
    for (auto it = report.outcomes.begin(); it != report.outcomes.end(); ++it)
        outcomes.insert(it.key(), it.value());
    object.insert(QStringLiteral("outcomes"), outcomes);
    return object;
}

double serverTimingMs(const QByteArray &headerValue)
{
    // e.g. "app;dur=12.345" (one metric; others, if any, separated by commas)
    for (const QByteArray &metric : headerValue.split(',')) {
        const QList<QByteArray> parts = metric.trimmed().split(';');
        if (parts.isEmpty() || parts.first().trimmed() != "app")
            continue;
        for (const QByteArray &parameter : parts.mid(1)) {
            const QByteArray trimmed = parameter.trimmed();
            if (!trimmed.startsWith("dur="))
                continue;
            bool ok = false;
            const double value = trimmed.mid(4).toDouble(&ok);
            return ok && value >= 0 ? value : -1;
        }
    }
    return -1;
}

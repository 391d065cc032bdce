// supportd-orderbench: latency of the get_order tool as the orchestrator
// calls it (ToolRegistry::invoke -> GetOrderTool -> OrderAccess -> source),
// against the fake WooCommerce shop of the tests (REST API v3 over HTTPS with
// a generated self-signed certificate, started in-process on 127.0.0.1) or
// the local orders table (scratch SQLite database seeded with the demo orders).
//
//   supportd-orderbench [--calls N] [--concurrency C] [--source woocommerce|local] [--json]
//
// Every call is a successful anonymous lookup (number and billing e-mail
// match), cycling through the shop's orders, so nothing is throttled.

#include "fakes/fakewoocommerce.h"
#include "orders/localordersource.h"
#include "orders/orderaccess.h"
#include "orders/woocommerceordersource.h"
#include "store/database.h"
#include "tools/getordertool.h"
#include "tools/toolregistry.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace {

constexpr int kWarmupCalls = 20;
const QString kConsumerKey = QStringLiteral("ck_bench_0123456789abcdef");
const QString kConsumerSecret = QStringLiteral("cs_bench_fedcba9876543210");

struct Options
{
    int calls = 2000;
    int concurrency = 1;
    QString source = QStringLiteral("woocommerce");
    bool json = false;
};

double percentile(const std::vector<double> &sorted, double fraction)
{
    if (sorted.empty())
        return 0;
    const auto rank = qint64(std::ceil(fraction * double(sorted.size())));
    const auto index = std::clamp<qint64>(rank - 1, 0, qint64(sorted.size()) - 1);
    return sorted[size_t(index)];
}

double rounded(double value, int decimals = 3)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

std::optional<Options> parseOptions(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "get_order tool latency through the ToolRegistry, against the fake WooCommerce (HTTPS, in-process) "
        "or the local orders table."));
    parser.addHelpOption();
    const QCommandLineOption callsOption(QStringLiteral("calls"), QStringLiteral("Calls to time (default 2000)."),
                                         QStringLiteral("N"), QStringLiteral("2000"));
    const QCommandLineOption concurrencyOption(QStringLiteral("concurrency"),
        QStringLiteral("Threads calling at once, like worker threads running turns (default 1)."), QStringLiteral("C"),
        QStringLiteral("1"));
    const QCommandLineOption sourceOption(QStringLiteral("source"),
        QStringLiteral("Order source: woocommerce (the fake shop, default) or local."), QStringLiteral("name"),
        QStringLiteral("woocommerce"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("Print the figures as one JSON object."));
    parser.addOptions({callsOption, concurrencyOption, sourceOption, jsonOption});
    parser.process(app);

    Options options;
    bool callsOk = false, concurrencyOk = false;
    options.calls = parser.value(callsOption).toInt(&callsOk);
    options.concurrency = parser.value(concurrencyOption).toInt(&concurrencyOk);
    options.source = parser.value(sourceOption);
    options.json = parser.isSet(jsonOption);
    if (!callsOk || options.calls < 1 || !concurrencyOk || options.concurrency < 1 || options.concurrency > 64) {
        std::fprintf(stderr, "supportd-orderbench: --calls must be >= 1 and --concurrency 1..64\n");
        return std::nullopt;
    }
    if (options.source != QLatin1String("woocommerce") && options.source != QLatin1String("local")) {
        std::fprintf(stderr, "supportd-orderbench: --source is woocommerce or local\n");
        return std::nullopt;
    }
    return options;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("supportd-orderbench"));
    const std::optional<Options> options = parseOptions(app);
    if (!options)
        return 2;

    QString error;
    // (order number, billing e-mail) pairs that the source answers.
    QList<std::pair<QString, QString>> lookups;
    std::unique_ptr<FakeWooCommerce> shop;
    QTemporaryDir scratch;
    std::unique_ptr<Database> database;
    std::unique_ptr<OrderSource> source;
    if (options->source == QLatin1String("woocommerce")) {
        shop = std::make_unique<FakeWooCommerce>();
        if (!shop->start(&error)) {
            std::fprintf(stderr, "supportd-orderbench: the fake WooCommerce did not start: %s\n", qPrintable(error));
            return 1;
        }
        shop->setCredentials(kConsumerKey, kConsumerSecret);
        if (shop->addBundledOrders(&error) < 3) {
            std::fprintf(stderr, "supportd-orderbench: bundled orders: %s\n", qPrintable(error));
            return 1;
        }
        // tests/fakes/woocommerce/: completed, processing, shipped in two parcels.
        lookups = {{QStringLiteral("1042"), QStringLiteral("emma.visser@example.com")},
                   {QStringLiteral("1043"), QStringLiteral("noah.peeters@example.be")},
                   {QStringLiteral("1044"), QStringLiteral("lena.schmidt@example.de")}};
        WooCommerceSettings settings; // as OrderConfig makes them, the CA file added
        settings.baseUrl = shop->baseUrl();
        settings.consumerKey = kConsumerKey;
        settings.consumerSecret = kConsumerSecret;
        settings.caFile = shop->caFile();
        source = std::make_unique<WooCommerceOrderSource>(settings);
    } else {
        database = std::make_unique<Database>(DatabaseConfig::sqlite(scratch.filePath(QStringLiteral("orders.sqlite"))));
        if (!scratch.isValid() || !database->open(&error)) {
            std::fprintf(stderr, "supportd-orderbench: scratch database: %s\n", qPrintable(error));
            return 1;
        }
        auto local = std::make_unique<LocalOrderSource>(*database);
        if (local->seedDemoOrdersOnFirstStart(&error) <= 0) {
            std::fprintf(stderr, "supportd-orderbench: demo orders: %s\n", qPrintable(error));
            return 1;
        }
        for (const Order &order : LocalOrderSource::demoOrders(QDateTime::currentDateTimeUtc()))
            lookups.append({order.number, order.billingEmail});
        source = std::move(local);
    }

    // High failure limits: every call here succeeds anyway.
    OrderAccess access(*source, OrderAccess::Limits{1000000, 1000000, 10});
    ToolRegistry registry;
    registry.add(std::make_unique<GetOrderTool>(access));

    std::atomic<int> failures{0};
    auto call = [&](int i, int thread) {
        const auto &lookup = lookups.at(i % lookups.size());
        ToolContext context;
        context.threadId = QStringLiteral("bench-thread-%1").arg(thread);
        context.channel = QStringLiteral("web");
        context.clientAddress = QStringLiteral("198.51.100.%1").arg(thread + 1);
        context.deadline = QDeadlineTimer(3000); // the orchestrator's per-tool deadline
        const ToolCall result = registry.invoke(
            QStringLiteral("get_order"),
            QJsonObject{{QStringLiteral("order_id"), lookup.first}, {QStringLiteral("email"), lookup.second}}, context);
        if (!result.succeeded() || !result.result.value(QStringLiteral("found")).toBool()) {
            if (failures.fetch_add(1) < 5) {
                std::fprintf(stderr, "supportd-orderbench: call failed: %s %s\n", qPrintable(result.error),
                             QJsonDocument(result.result).toJson(QJsonDocument::Compact).constData());
            }
        }
    };

    for (int i = 0; i < kWarmupCalls; ++i)
        call(i, 0);
    failures = 0;

    std::vector<std::vector<double>> perThread(size_t(options->concurrency));
    std::atomic<int> next{0};
    QElapsedTimer wall;
    wall.start();
    std::vector<std::thread> threads;
    for (int t = 0; t < options->concurrency; ++t) {
        threads.emplace_back([&, t] {
            QElapsedTimer timer;
            for (int i = next++; i < options->calls; i = next++) {
                timer.start();
                call(i, t);
                perThread[size_t(t)].push_back(double(timer.nsecsElapsed()) / 1e6);
            }
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    const double seconds = double(wall.nsecsElapsed()) / 1e9;
    std::vector<double> latencies;
    for (const auto &samples : perThread)
        latencies.insert(latencies.end(), samples.begin(), samples.end());
    std::sort(latencies.begin(), latencies.end());

    const QJsonObject figures{
        {QStringLiteral("source"), options->source},
        {QStringLiteral("calls"), int(latencies.size())},
        {QStringLiteral("concurrency"), options->concurrency},
        {QStringLiteral("failures"), failures.load()},
        {QStringLiteral("seconds"), rounded(seconds)},
        {QStringLiteral("calls_per_s"), rounded(double(latencies.size()) / seconds, 1)},
        {QStringLiteral("tool_p50_ms"), rounded(percentile(latencies, 0.50))},
        {QStringLiteral("tool_p90_ms"), rounded(percentile(latencies, 0.90))},
        {QStringLiteral("tool_p99_ms"), rounded(percentile(latencies, 0.99))},
        {QStringLiteral("tool_max_ms"), rounded(latencies.back())},
    };
    if (options->json) {
        std::printf("%s\n", QJsonDocument(figures).toJson(QJsonDocument::Compact).constData());
    } else {
        std::printf("supportd-orderbench: get_order through the ToolRegistry, source %s%s\n", qPrintable(options->source),
                    shop ? qPrintable(QStringLiteral(" (fake WooCommerce at %1, HTTPS)").arg(shop->baseUrl())) : "");
        std::printf("calls:       %zu (%d failed), concurrency %d, %d warm-up calls\n", latencies.size(), failures.load(),
                    options->concurrency, kWarmupCalls);
        std::printf("throughput:  %.1f calls/s\n", double(latencies.size()) / seconds);
        std::printf("latency ms:  p50 %.3f  p90 %.3f  p99 %.3f  max %.3f\n", percentile(latencies, 0.50),
                    percentile(latencies, 0.90), percentile(latencies, 0.99), latencies.back());
    }
    return failures.load() == 0 ? 0 : 1;
}

#include "retrievaleval.h"

#include "kb/documentloader.h"
#include "kb/embedder.h"
#include "kb/kbindex.h"
#include "kb/kbservice.h"
#include "store/database.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTemporaryDir>
#include <algorithm>
#include <memory>

namespace retrievaleval {
namespace {

struct Query
{
    QString text;
    QSet<QString> relevant;
};

std::optional<QList<Query>> readQueries(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1").arg(path);
        return std::nullopt;
    }
    QList<Query> queries;
    int line = 0;
    while (!file.atEnd()) {
        ++line;
        const QByteArray raw = file.readLine().trimmed();
        if (raw.isEmpty())
            continue;
        const QJsonObject row = QJsonDocument::fromJson(raw).object();
        Query query{row.value(QStringLiteral("query")).toString(), {}};
        for (const QJsonValue &id : row.value(QStringLiteral("relevant")).toArray())
            query.relevant.insert(id.toString());
        if (query.text.isEmpty() || query.relevant.isEmpty()) {
            *error = QStringLiteral("%1 line %2: expected {\"query\", \"relevant\": [doc ids]}").arg(path).arg(line);
            return std::nullopt;
        }
        queries.append(query);
    }
    return queries;
}

double percentile(QList<double> values, double share)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype index = qMin(values.size() - 1, qsizetype(share * double(values.size())));
    return values.at(index);
}

double round4(double value)
{
    return qRound64(value * 1e4) / 1e4;
}

} // namespace

QJsonObject run(const Options &options, Embedder &embedder)
{
    auto failure = [](const QString &message) { return QJsonObject{{QStringLiteral("error"), message}}; };
    QString error;
    const std::optional<QList<Query>> queries = readQueries(options.queriesPath, &error);
    if (!queries)
        return failure(error);
    const kb::LoadResult loaded = kb::loadPaths({options.docsPath});
    if (loaded.documents.isEmpty())
        return failure(loaded.errors.isEmpty() ? QStringLiteral("no documents in %1").arg(options.docsPath)
                                               : loaded.errors.first());

    // A scratch database and index, as supportd would have them.
    QTemporaryDir scratch;
    Database database(DatabaseConfig::sqlite(scratch.filePath(QStringLiteral("kb-eval.sqlite"))));
    if (!scratch.isValid() || !database.open(&error))
        return failure(QStringLiteral("cannot create a scratch database: %1").arg(error));
    KbIndex index(std::shared_ptr<Embedder>(&embedder, [](Embedder *) {}));
    KbService service(database, index);
    QElapsedTimer buildTimer;
    buildTimer.start();
    const KbService::ImportReport report = service.importDocuments(loaded.documents);
    const qint64 buildMs = buildTimer.elapsed();
    if (!report.errors.isEmpty())
        return failure(report.errors.first());

    const int depth = qMax(10, options.k);
    int hitsAt1 = 0, hitsAt3 = 0, hitsAt8 = 0, hitsAtK = 0;
    double reciprocalRanks = 0;
    QList<double> latencies;
    for (const Query &query : *queries) {
        QElapsedTimer timer;
        timer.start();
        const QList<KbHit> hits = index.search(query.text, KbSearchOptions{depth, options.channel, true});
        latencies.append(double(timer.nsecsElapsed()) / 1e6);
        int rank = 0;
        for (qsizetype i = 0; i < hits.size(); ++i) {
            if (query.relevant.contains(hits.at(i).docId)) {
                rank = int(i + 1);
                break;
            }
        }
        hitsAt1 += rank == 1;
        hitsAt3 += rank >= 1 && rank <= 3;
        hitsAt8 += rank >= 1 && rank <= 8;
        hitsAtK += rank >= 1 && rank <= options.k;
        if (rank >= 1 && rank <= 10)
            reciprocalRanks += 1.0 / rank;
    }
    const double n = double(queries->size());
    QJsonObject figures{{QStringLiteral("documents"), index.documentCount()},
                        {QStringLiteral("chunks"), index.chunkCount()},
                        {QStringLiteral("queries"), int(queries->size())},
                        {QStringLiteral("embedder"), embedder.modelId()},
                        {QStringLiteral("index_build_ms"), buildMs},
                        {QStringLiteral("recall@1"), round4(hitsAt1 / n)},
                        {QStringLiteral("recall@3"), round4(hitsAt3 / n)},
                        {QStringLiteral("recall@8"), round4(hitsAt8 / n)},
                        {QStringLiteral("mrr@10"), round4(reciprocalRanks / n)},
                        {QStringLiteral("latency_p50_ms"), round4(percentile(latencies, 0.50))},
                        {QStringLiteral("latency_p99_ms"), round4(percentile(latencies, 0.99))}};
    figures.insert(QStringLiteral("recall@%1").arg(options.k), round4(hitsAtK / n));
    if (!loaded.errors.isEmpty())
        figures.insert(QStringLiteral("skipped_documents"), int(loaded.errors.size()));
    return figures;
}

QString formatText(const QJsonObject &figures)
{
    QString text;
    text += QStringLiteral("documents %1, chunks %2, queries %3 (embedder %4, index built in %5 ms)\n")
                .arg(figures.value(QStringLiteral("documents")).toInt())
                .arg(figures.value(QStringLiteral("chunks")).toInt())
                .arg(figures.value(QStringLiteral("queries")).toInt())
                .arg(figures.value(QStringLiteral("embedder")).toString())
                .arg(figures.value(QStringLiteral("index_build_ms")).toInteger());
    QStringList keys = figures.keys();
    keys.erase(std::remove_if(keys.begin(), keys.end(), [](const QString &key) { return !key.contains(QLatin1Char('@')); }),
               keys.end());
    for (const QString &key : std::as_const(keys))
        text += QStringLiteral("%1  %2\n").arg(key, -10).arg(figures.value(key).toDouble(), 0, 'f', 4);
    text += QStringLiteral("latency   P50 %1 ms, P99 %2 ms\n")
                .arg(figures.value(QStringLiteral("latency_p50_ms")).toDouble(), 0, 'f', 3)
                .arg(figures.value(QStringLiteral("latency_p99_ms")).toDouble(), 0, 'f', 3);
    return text;
}

} // namespace retrievaleval

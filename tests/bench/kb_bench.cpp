// supportd-kbbench: speed and size of the knowledge-base retrieval path.
//
// Loads documents with the server's loaders (kb::loadPaths), imports them into
// a scratch SQLite database and index exactly as `supportd kb eval` does
// (KbService::importDocuments: chunk, embed, store in kb_docs/kb_chunks, index
// in Xapian + hnswlib), then runs queries through KbIndex::search as the
// search_kb tool does, and prints documents, chunks, the index build time,
// peak RSS and query latency percentiles.
//
//   supportd-kbbench PATH... [--queries N] [--queries-file Q.jsonl] [--channel C] [--json]
//
// The embedder is the one configuration chooses (kb::configuredEmbedder): the
// offline HashingEmbedder unless SUPPORTD_EMBEDDINGS_* are set.

#include "kb/chunker.h"
#include "kb/documentloader.h"
#include "kb/embedder.h"
#include "kb/embedderfactory.h"
#include "kb/kbindex.h"
#include "kb/kbservice.h"
#include "kb/markdownarticle.h"
#include "kb/textanalyzer.h"
#include "store/database.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTemporaryDir>

#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <memory>
#include <optional>
#include <random>
#include <vector>

namespace {

// Queries run first and left out of the figures (first-use costs such as the
// WordNet synonym table are paid once per process, not per query).
constexpr int kWarmupQueries = 20;
constexpr quint64 kQuerySeed = 20240611;

struct Options
{
    QStringList paths;
    int queries = 1000;
    bool queriesGiven = false;
    QString queriesFile;
    QString channel = QStringLiteral("web");
    QString format; // keep only documents of this format; empty: all
    bool json = false;
};

double peakRssMb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024.0; // Linux: kilobytes
}

double threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

// Exact nearest-rank percentile of sorted samples.
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

std::optional<QStringList> readQueriesFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "supportd-kbbench: cannot read %s\n", qPrintable(path));
        return std::nullopt;
    }
    QStringList queries;
    int line = 0;
    while (!file.atEnd()) {
        ++line;
        const QByteArray raw = file.readLine().trimmed();
        if (raw.isEmpty())
            continue;
        const QString query = QJsonDocument::fromJson(raw).object().value(QStringLiteral("query")).toString();
        if (query.isEmpty()) {
            std::fprintf(stderr, "supportd-kbbench: %s line %d: expected {\"query\": \"...\"}\n", qPrintable(path), line);
            return std::nullopt;
        }
        queries.append(query);
    }
    if (queries.isEmpty()) {
        std::fprintf(stderr, "supportd-kbbench: %s holds no queries\n", qPrintable(path));
        return std::nullopt;
    }
    return queries;
}

// Queries derived from the corpus, the same on every run (a fixed seed and
// std::mt19937_64, whose sequence the standard fixes; no std::*_distribution,
// whose output is implementation-defined). Each query:
//  1. picks a random document (among those with text) and a random chunk of
//     it (kb::chunkDocument, the chunker the import uses);
//  2. takes the last part of the chunk's section heading ("Tutorial > More
//     Control Flow Tools" -> "More Control Flow Tools") when it has at least
//     3 words and a coin toss says so, else a random sentence of the chunk
//     with at least 3 words (markdown::sentences, as snippets are cut);
//  3. keeps a run of 3 to 6 consecutive words of it (text::words: lower-case
//     word tokens, punctuation dropped), at a random start, joined by spaces.
// So queries are short, lower-case and about something the corpus says, like
// a shopper typing a few remembered words of an answer.
QStringList corpusQueries(const QList<KbDocument> &documents, int count)
{
    std::mt19937_64 random(kQuerySeed);
    auto below = [&random](qsizetype n) { return qsizetype(random() % quint64(n)); };
    QList<qsizetype> withText;
    for (qsizetype i = 0; i < documents.size(); ++i) {
        if (!documents.at(i).text.trimmed().isEmpty())
            withText.append(i);
    }
    QHash<qsizetype, QList<KbChunk>> chunksOf; // only the documents drawn
    QStringList queries;
    int attempts = 0;
    while (queries.size() < count && !withText.isEmpty() && attempts++ < count * 20) {
        const qsizetype docIndex = withText.at(below(withText.size()));
        auto it = chunksOf.find(docIndex);
        if (it == chunksOf.end())
            it = chunksOf.insert(docIndex, kb::chunkDocument(documents.at(docIndex)));
        if (it->isEmpty())
            continue;
        const KbChunk &chunk = it->at(below(it->size()));

        QStringList words = text::words(chunk.section.section(QStringLiteral(" > "), -1));
        if (words.size() < 3 || random() % 2 == 0) {
            QList<QStringList> sentences;
            for (const QString &sentence : markdown::sentences(chunk.text)) {
                const QStringList sentenceWords = text::words(sentence);
                if (sentenceWords.size() >= 3)
                    sentences.append(sentenceWords);
            }
            if (!sentences.isEmpty())
                words = sentences.at(below(sentences.size()));
        }
        if (words.size() < 3)
            continue;
        const qsizetype length = qMin(words.size(), qsizetype(3 + random() % 4));
        const qsizetype start = below(words.size() - length + 1);
        queries.append(words.mid(start, length).join(QLatin1Char(' ')));
    }
    return queries;
}

std::optional<Options> parseOptions(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Knowledge-base benchmark: loads documents, builds the retrieval index as supportd does "
        "(scratch SQLite database), runs queries and prints build time, peak RSS and query latency."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("PATH"), QStringLiteral("Files or folders to load (Markdown, HTML, text, JSONL)."),
                                 QStringLiteral("PATH..."));
    const QCommandLineOption queriesOption(QStringLiteral("queries"),
        QStringLiteral("Queries to time (default 1000; with --queries-file, one pass over the file)."), QStringLiteral("N"));
    const QCommandLineOption queriesFileOption(QStringLiteral("queries-file"),
        QStringLiteral("JSONL of {\"query\"} rows to use instead of queries derived from the corpus (cycled to N)."),
        QStringLiteral("Q.jsonl"));
    const QCommandLineOption channelOption(QStringLiteral("channel"),
        QStringLiteral("Channel the searches are made for (default web)."), QStringLiteral("C"), QStringLiteral("web"));
    const QCommandLineOption formatOption(QStringLiteral("format"),
        QStringLiteral("Keep only documents of this format (html, markdown, text), e.g. to leave out the reST "
                       "sources (_sources/*.txt) that Sphinx ships beside its HTML."),
        QStringLiteral("F"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("Print the figures as one JSON object."));
    parser.addOptions({queriesOption, queriesFileOption, channelOption, formatOption, jsonOption});
    parser.process(app);

    Options options;
    options.paths = parser.positionalArguments();
    if (options.paths.isEmpty()) {
        std::fprintf(stderr, "supportd-kbbench: name at least one file or folder (see --help)\n");
        return std::nullopt;
    }
    if (parser.isSet(queriesOption)) {
        bool ok = false;
        options.queries = parser.value(queriesOption).toInt(&ok);
        if (!ok || options.queries < 1) {
            std::fprintf(stderr, "supportd-kbbench: --queries must be an integer >= 1\n");
            return std::nullopt;
        }
        options.queriesGiven = true;
    }
    options.queriesFile = parser.value(queriesFileOption);
    options.channel = parser.value(channelOption);
    options.format = parser.value(formatOption);
    options.json = parser.isSet(jsonOption);
    return options;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("supportd-kbbench"));
    const std::optional<Options> options = parseOptions(app);
    if (!options)
        return 2;

    std::optional<QStringList> fileQueries;
    if (!options->queriesFile.isEmpty()) {
        fileQueries = readQueriesFile(options->queriesFile);
        if (!fileQueries)
            return 2;
    }

    QString error;
    const std::shared_ptr<Embedder> embedder = kb::configuredEmbedder(&error);
    if (!embedder) {
        std::fprintf(stderr, "supportd-kbbench: %s\n", qPrintable(error));
        return 2;
    }

    // 1. Load (not part of the build time: the server is handed documents).
    QElapsedTimer timer;
    timer.start();
    kb::LoadResult loaded = kb::loadPaths(options->paths);
    if (!options->format.isEmpty()) {
        loaded.documents.erase(std::remove_if(loaded.documents.begin(), loaded.documents.end(),
                                              [&](const KbDocument &doc) { return doc.format != options->format; }),
                               loaded.documents.end());
    }
    const double loadSeconds = double(timer.nsecsElapsed()) / 1e9;
    for (const QString &loadError : loaded.errors)
        std::fprintf(stderr, "supportd-kbbench: skipped: %s\n", qPrintable(loadError));
    if (loaded.documents.isEmpty()) {
        std::fprintf(stderr, "supportd-kbbench: no documents loaded\n");
        return 1;
    }

    // The queries are made before the build, so the chunks drawn for them
    // are freed before the index grows (they are not part of peak RSS).
    QStringList queries;
    QString querySource;
    if (fileQueries) {
        const int count = options->queriesGiven ? options->queries : int(fileQueries->size());
        for (int i = 0; i < count; ++i)
            queries.append(fileQueries->at(i % fileQueries->size()));
        querySource = options->queriesFile;
    } else {
        queries = corpusQueries(loaded.documents, options->queries);
        querySource = QStringLiteral("corpus (seed %1)").arg(kQuerySeed);
    }
    if (queries.isEmpty()) {
        std::fprintf(stderr, "supportd-kbbench: no queries (the corpus has no sentence of 3 words)\n");
        return 1;
    }

    // 2. Build: a scratch database and index, as supportd kb eval has them.
    QTemporaryDir scratch;
    Database database(DatabaseConfig::sqlite(scratch.filePath(QStringLiteral("kb-bench.sqlite"))));
    if (!scratch.isValid() || !database.open(&error)) {
        std::fprintf(stderr, "supportd-kbbench: cannot create a scratch database: %s\n", qPrintable(error));
        return 1;
    }
    KbIndex index(embedder);
    KbService service(database, index);
    timer.restart();
    const KbService::ImportReport report = service.importDocuments(loaded.documents);
    const double buildSeconds = double(timer.nsecsElapsed()) / 1e9;
    for (const QString &importError : report.errors)
        std::fprintf(stderr, "supportd-kbbench: not imported: %s\n", qPrintable(importError));
    const double rssAfterBuildMb = peakRssMb();

    // 3. Queries.
    const KbSearchOptions searchOptions{3, options->channel, true}; // what search_kb asks for
    for (int i = 0; i < kWarmupQueries; ++i)
        index.search(queries.at(i % queries.size()), searchOptions);
    std::vector<double> latencies;
    std::vector<double> cpuTimes; // this thread's CPU time: what the query costs, whatever else the machine runs
    latencies.reserve(size_t(queries.size()));
    cpuTimes.reserve(size_t(queries.size()));
    qint64 withHits = 0;
    QElapsedTimer queryTimer;
    timer.restart();
    for (const QString &query : std::as_const(queries)) {
        const double cpuBefore = threadCpuMs();
        queryTimer.start();
        const QList<KbHit> hits = index.search(query, searchOptions);
        latencies.push_back(double(queryTimer.nsecsElapsed()) / 1e6);
        cpuTimes.push_back(threadCpuMs() - cpuBefore);
        withHits += !hits.isEmpty();
    }
    const double querySeconds = double(timer.nsecsElapsed()) / 1e9;
    std::sort(latencies.begin(), latencies.end());
    std::sort(cpuTimes.begin(), cpuTimes.end());

    const QJsonObject figures{
        {QStringLiteral("documents"), index.documentCount()},
        {QStringLiteral("chunks"), index.chunkCount()},
        {QStringLiteral("skipped_files"), int(loaded.errors.size())},
        {QStringLiteral("import_errors"), int(report.errors.size())},
        {QStringLiteral("embedder"), embedder->modelId()},
        {QStringLiteral("only_format"), options->format.isEmpty() ? QStringLiteral("all") : options->format},
        {QStringLiteral("load_s"), rounded(loadSeconds)},
        {QStringLiteral("index_build_s"), rounded(buildSeconds)},
        {QStringLiteral("rss_after_build_mb"), rounded(rssAfterBuildMb, 1)},
        {QStringLiteral("peak_rss_mb"), rounded(peakRssMb(), 1)},
        {QStringLiteral("queries"), int(latencies.size())},
        {QStringLiteral("query_source"), querySource},
        {QStringLiteral("queries_with_hits"), withHits},
        {QStringLiteral("queries_per_s"), rounded(double(latencies.size()) / querySeconds, 1)},
        {QStringLiteral("query_p50_ms"), rounded(percentile(latencies, 0.50))},
        {QStringLiteral("query_p90_ms"), rounded(percentile(latencies, 0.90))},
        {QStringLiteral("query_p99_ms"), rounded(percentile(latencies, 0.99))},
        {QStringLiteral("query_max_ms"), rounded(latencies.back())},
        {QStringLiteral("query_cpu_p50_ms"), rounded(percentile(cpuTimes, 0.50))},
        {QStringLiteral("query_cpu_p99_ms"), rounded(percentile(cpuTimes, 0.99))},
    };
    if (options->json) {
        std::printf("%s\n", QJsonDocument(figures).toJson(QJsonDocument::Compact).constData());
        return 0;
    }
    std::printf("supportd-kbbench: %s\n", qPrintable(options->paths.join(QLatin1Char(' '))));
    std::printf("documents:    %d (%d files skipped, %d not imported)\n", index.documentCount(),
                int(loaded.errors.size()), int(report.errors.size()));
    std::printf("chunks:       %d\n", index.chunkCount());
    std::printf("embedder:     %s\n", qPrintable(embedder->modelId()));
    std::printf("load:         %.3f s (reading and parsing files, not in the build time)\n", loadSeconds);
    std::printf("index build:  %.3f s (chunk + embed + store + index)\n", buildSeconds);
    std::printf("peak RSS:     %.1f MB (%.1f MB after the build)\n", peakRssMb(), rssAfterBuildMb);
    std::printf("queries:      %zu from %s, %lld with hits, %.1f queries/s\n", latencies.size(),
                qPrintable(querySource), withHits, double(latencies.size()) / querySeconds);
    std::printf("latency ms:   p50 %.3f  p90 %.3f  p99 %.3f  max %.3f\n", percentile(latencies, 0.50),
                percentile(latencies, 0.90), percentile(latencies, 0.99), latencies.back());
    std::printf("CPU ms:       p50 %.3f  p99 %.3f (the query thread's CPU time)\n", percentile(cpuTimes, 0.50),
                percentile(cpuTimes, 0.99));
    return 0;
}

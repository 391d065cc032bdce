// supportd kb import | search | eval: the knowledge base from the command line.
#include "commands.h"
#include "application.h"

#include "eval/retrievaleval.h"
#include "kb/documentloader.h"
#include "kb/embedderfactory.h"
#include "kb/kbindex.h"
#include "kb/kbservice.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>
#include <iostream>

namespace commands {
namespace {

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

bool parseKbOptions(QCommandLineParser &parser, const QStringList &arguments, bool withDatabase)
{
    if (withDatabase) {
        parser.addOption({QStringLiteral("data-dir"), QStringLiteral("Folder of the embedded SQLite database."), QStringLiteral("DIR")});
        parser.addOption({QStringLiteral("database"), QStringLiteral("PostgreSQL URL; also SUPPORTD_DATABASE_URL."), QStringLiteral("URL")});
    }
    parser.addHelpOption();
    if (!parser.parse(arguments)) {
        err() << "supportd: " << parser.errorText() << "\n";
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::cout << qPrintable(parser.helpText());
        std::exit(0);
    }
    return true;
}

// The configured database with the knowledge base loaded, or null.
std::unique_ptr<AgentRuntime> openRuntime(const QCommandLineParser &parser)
{
    QString error;
    const auto config = Application::databaseConfig(parser.value(QStringLiteral("data-dir")),
                                                    parser.value(QStringLiteral("database")), &error);
    std::shared_ptr<Embedder> embedder = config ? kb::configuredEmbedder(&error) : nullptr;
    if (!embedder) {
        err() << "supportd: " << error << "\n";
        return nullptr;
    }
    auto runtime = std::make_unique<AgentRuntime>(*config, TurnLimits{}, embedder);
    if (!runtime->start(&error)) {
        err() << "supportd: " << error << "\n";
        return nullptr;
    }
    return runtime;
}

} // namespace

int kbImport(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("url-base"), QStringLiteral("URL prefix for documents without a URL of their own."),
                      QStringLiteral("URL")});
    parser.addPositionalArgument(QStringLiteral("paths"), QStringLiteral("Files or folders (.md, .html, .txt, .jsonl)."),
                                 QStringLiteral("PATH..."));
    if (!parseKbOptions(parser, arguments, true))
        return 2;
    const QStringList paths = parser.positionalArguments();
    if (paths.isEmpty()) {
        err() << "supportd: kb import PATH... (--data-dir D | --database URL)\n";
        return 2;
    }
    auto runtime = openRuntime(parser);
    if (!runtime)
        return 1;
    kb::LoadResult loaded;
    QStringList pruneUnder;
    for (const QString &path : paths) {
        // Sources name the absolute file, so a later import of the same
        // folder knows which stored documents came from it.
        const QFileInfo info(path);
        kb::LoadResult one = kb::loadPaths({path}, parser.value(QStringLiteral("url-base")));
        const QString root = info.isDir() ? QDir(info.absoluteFilePath()).absolutePath() : info.absolutePath();
        for (KbDocument &doc : one.documents) {
            if (doc.source.startsWith(QLatin1String("file:")))
                doc.source = QStringLiteral("file:") + QDir(root).absoluteFilePath(doc.source.mid(5));
            loaded.documents.append(doc);
        }
        loaded.errors += one.errors;
        if (info.isDir())
            pruneUnder.append(QStringLiteral("file:") + root + QLatin1Char('/'));
    }
    // A folder that failed to load in part must not prune what it still has.
    const KbService::ImportReport report =
        runtime->kb().importDocuments(loaded.documents, loaded.errors.isEmpty() ? pruneUnder : QStringList());
    for (const QString &error : std::as_const(loaded.errors) + report.errors)
        err() << "supportd: " << error << "\n";
    err().flush();
    std::cout << report.added << " added, " << report.updated << " updated, " << report.unchanged << " unchanged, "
              << report.removed << " removed; " << runtime->kbIndex().documentCount() << " documents, "
              << runtime->kbIndex().chunkCount() << " chunks in the index\n";
    return loaded.errors.isEmpty() && report.errors.isEmpty() ? 0 : 1;
}

int kbSearch(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("channel"), QStringLiteral("web, slack or email (default web)."), QStringLiteral("C"),
                      QStringLiteral("web")});
    parser.addOption({QStringLiteral("top"), QStringLiteral("How many results (default 3)."), QStringLiteral("N"), QStringLiteral("3")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print JSON.")});
    parser.addPositionalArgument(QStringLiteral("query"), QStringLiteral("What to look up."));
    if (!parseKbOptions(parser, arguments, true))
        return 2;
    bool topOk = false;
    const int top = parser.value(QStringLiteral("top")).toInt(&topOk);
    const QString query = parser.positionalArguments().join(QLatin1Char(' ')).trimmed();
    if (query.isEmpty() || !topOk || top < 1 || top > 50) {
        err() << "supportd: kb search \"QUERY\" [--channel C] [--top N] [--json]\n";
        return 2;
    }
    if (!kb::knownChannels().contains(parser.value(QStringLiteral("channel")))) {
        err() << "supportd: unknown channel; use one of " << kb::knownChannels().join(QStringLiteral(", ")) << "\n";
        return 2;
    }
    auto runtime = openRuntime(parser);
    if (!runtime)
        return 1;
    const QList<KbHit> hits =
        runtime->kbIndex().search(query, KbSearchOptions{top, parser.value(QStringLiteral("channel")), true});
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonArray results;
        for (const KbHit &hit : hits) {
            results.append(QJsonObject{{QStringLiteral("doc_id"), hit.docId}, {QStringLiteral("chunk_id"), hit.chunkId},
                                       {QStringLiteral("title"), hit.title}, {QStringLiteral("section"), hit.section},
                                       {QStringLiteral("url"), hit.url}, {QStringLiteral("snippet"), hit.snippet},
                                       {QStringLiteral("score"), hit.score}, {QStringLiteral("bm25"), hit.lexicalScore},
                                       {QStringLiteral("vector"), hit.vectorScore}, {QStringLiteral("coverage"), hit.coverage}});
        }
        std::cout << QJsonDocument(QJsonObject{{QStringLiteral("results"), results}}).toJson(QJsonDocument::Compact).constData() << "\n";
        return 0;
    }
    if (hits.isEmpty())
        std::cout << "no results\n";
    for (qsizetype i = 0; i < hits.size(); ++i) {
        const KbHit &hit = hits.at(i);
        std::cout << i + 1 << ". " << qPrintable(hit.title)
                  << (hit.section.isEmpty() ? "" : qPrintable(QStringLiteral(" > ") + hit.section)) << "  ["
                  << qPrintable(hit.docId) << "]  bm25 " << hit.lexicalScore << ", vector " << hit.vectorScore
                  << ", coverage " << hit.coverage << "\n   " << qPrintable(hit.snippet) << "\n";
    }
    return 0;
}

int kbEval(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("docs"), QStringLiteral("Documents (JSONL {id,title,text,url}, or files/folders)."), QStringLiteral("F")});
    parser.addOption({QStringLiteral("queries"), QStringLiteral("Queries (JSONL {query, relevant:[doc ids]})."), QStringLiteral("Q")});
    parser.addOption({QStringLiteral("k"), QStringLiteral("Results a turn uses (default 3)."), QStringLiteral("K"), QStringLiteral("3")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print the figures as JSON.")});
    if (!parseKbOptions(parser, arguments, false))
        return 2;
    retrievaleval::Options options;
    options.docsPath = parser.value(QStringLiteral("docs"));
    options.queriesPath = parser.value(QStringLiteral("queries"));
    bool kOk = false;
    options.k = parser.value(QStringLiteral("k")).toInt(&kOk);
    if (options.docsPath.isEmpty() || options.queriesPath.isEmpty() || !kOk || options.k < 1 || options.k > 50) {
        err() << "supportd: kb eval --docs F.jsonl --queries Q.jsonl [--k 3] [--json]\n";
        return 2;
    }
    QString error;
    std::shared_ptr<Embedder> embedder = kb::configuredEmbedder(&error);
    if (!embedder) {
        err() << "supportd: " << error << "\n";
        return 1;
    }
    const QJsonObject figures = retrievaleval::run(options, *embedder);
    if (figures.contains(QStringLiteral("error"))) {
        err() << "supportd: " << figures.value(QStringLiteral("error")).toString() << "\n";
        return 1;
    }
    if (parser.isSet(QStringLiteral("json")))
        std::cout << QJsonDocument(figures).toJson(QJsonDocument::Compact).constData() << "\n";
    else
        std::cout << qPrintable(retrievaleval::formatText(figures));
    return 0;
}

} // namespace commands

#pragma once
#include <QJsonObject>
#include <QString>

class Embedder;

// supportd kb eval --docs F.jsonl --queries Q.jsonl: imports the documents
// into a throwaway database and index through the same code path as the
// server (loader, chunker, embedder, KbService, KbIndex), runs every query
// {"query","relevant":[doc ids]} and scores the ranking by document:
// recall@1, @3, @8 (and @k), MRR@10, and query latency P50/P99.
namespace retrievaleval {

struct Options
{
    QString docsPath;
    QString queriesPath;
    int k = 3;
    QString channel = QStringLiteral("web");
};

// Returns the figures, or an object with "error".
QJsonObject run(const Options &options, Embedder &embedder);
QString formatText(const QJsonObject &figures);

} // namespace retrievaleval

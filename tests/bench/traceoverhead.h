#pragma once
// The server's own overhead per turn, from the turns' traces (supportd-bench
// --traces-token; tests/bench/run-llm-bench.sh).
//
// After a run (never during it, so the measurement is not disturbed), the
// trace of every measured turn is fetched from GET /admin/agent/traces/{id}
// and set against the latency the client saw:
//
//   overhead       = client latency  − Σ model spans' latency_ms − Σ tool spans' latency_ms
//   in the turn    = trace duration  − Σ model − Σ tools   (the orchestrator's own work)
//   outside        = client latency  − trace duration      (HTTP, queueing, storage outside the trace)
//
// When the replies carry Server-Timing (supportd with SUPPORTD_SERVER_TIMING=1),
// the overhead is also split at the server's edge:
//
//   server overhead = server time − Σ model − Σ tools  (request parsed → answer written, as the server saw it)
//   client side     = client latency − server time     (the load generator, the kernel, waiting for the I/O thread)
//
// With the fake model's fixed delay D given, also
//
//   vs nominal     = client latency  − (model calls × D) − Σ tools   (the "2d + tools + overhead")
//   model excess   = Σ model − (model calls × D)   (the brain's HTTP client, the fake's own work, localhost)
//
// No turn is left out: a trace that cannot be fetched is counted and reported.
// The server records span times in whole milliseconds (QElapsedTimer::elapsed,
// truncated), so each subtracted span may be up to 1 ms short: the overhead
// figures err high, by about 0.5 ms per span on average.

#include <QByteArray>
#include <QJsonObject>
#include <QMap>
#include <QString>

#include <vector>

struct TurnSample
{
    QByteArray traceId;
    double clientMs = 0;
    double serverMs = -1; // the reply's Server-Timing app;dur (SUPPORTD_SERVER_TIMING=1); -1: none
};

struct OverheadReport
{
    qint64 samples = 0;      // measured turns with a trace id
    qint64 fetched = 0;      // traces read
    qint64 fetchErrors = 0;  // traces not found or not readable
    int modelDelayMs = -1;   // -1: not given
    std::vector<double> clientMs, modelMs, toolMs, durationMs, overheadMs, inTurnMs, outsideMs;
    std::vector<double> serverMs, serverOverheadMs, clientSideMs; // only with Server-Timing
    std::vector<double> nominalOverheadMs, modelExcessMs; // only with modelDelayMs >= 0
    QMap<QString, qint64> shapes;   // "2 model, 1 tool" -> turns
    QMap<QString, qint64> outcomes; // trace outcome -> turns
};

// Fetches the traces of `samples` from baseUrl with the operator's bearer
// token, `parallel` requests at a time, and computes the figures above.
OverheadReport analyseTraces(const QString &baseUrl, const QByteArray &token,
                             const std::vector<TurnSample> &samples, int modelDelayMs, int parallel = 8);

// The "app;dur=<ms>" of a Server-Timing header value; -1 when there is none.
double serverTimingMs(const QByteArray &headerValue);

void printOverheadText(const OverheadReport &report);
QJsonObject overheadJson(const OverheadReport &report);

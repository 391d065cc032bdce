// supportd-bench: load generator for supportd's agent API.
//
// Drives N concurrent conversations against POST /api/agent/messages using
// libcurl's multi interface on a single thread (the machine that runs the
// benchmark usually runs the server too, so the generator must stay cheap),
// and reports throughput, latency percentiles, error counts and, optionally,
// the server's memory use. With --traces-token it then reads the measured
// turns' traces and reports the server's own overhead per turn beyond the
// model's and the tools' time (traceoverhead.h; tests/bench/run-llm-bench.sh).

#include "traceoverhead.h"

#include <curl/curl.h>

#include <QByteArray>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <memory>
#include <optional>
#include <random>
#include <unistd.h>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;

constexpr long kTimeoutMs = 10000;
constexpr auto kProgressInterval = std::chrono::seconds(5);
// Upper bound for one wait in the event loop, so progress reports stay on time.
constexpr int kMaxPollMs = 100;

// Realistic shopper messages for an outdoor-gear web shop: mostly help-centre
// questions, a few order-status questions and a little small talk. None asks
// for a human, which would hand the thread off and take it off the bot path.
const char *const kMessages[] = {
    "How long does standard delivery take?",
    "how do i return a jacket",
    "what payment methods do you accept",
    "I forgot my password",
    "can I get an invoice for my order",
    "how do I unsubscribe from the newsletter",
    "how do I wash my down jacket",
    "Do you ship to Switzerland?",
    "How much does express shipping cost?",
    "is delivery free above a certain order value?",
    "Can I exchange my hiking boots for a bigger size?",
    "how long do refunds take to show up on my card",
    "Do I have to pay for return shipping?",
    "Can I change the delivery address after ordering?",
    "how do I cancel my order",
    "Is there a warranty on your tents?",
    "the zip on my sleeping bag broke, can it be repaired?",
    "Can I pay with PayPal?",
    "do you offer buy now pay later",
    "How do I use a discount code?",
    "my gift card doesn't work at checkout",
    "How do I change the email address on my account?",
    "how do i delete my account",
    "Do you have a physical store I can visit?",
    "how do I find my size for trail running shoes",
    "Is your down responsibly sourced?",
    "How do I reproof a waterproof jacket?",
    "can I click and collect",
    "Do you price match?",
    "do you have a student discount",
    "The backpack I want is out of stock, when will it be back?",
    "How do I track my parcel?",
    "Do you deliver on Saturdays?",
    "where is my order 100482?",
    "Has order 100517 shipped yet?",
    "what's the status of order #100733",
    "When will order 100655 arrive?",
    "what's the weather tomorrow",
    "hi there",
    "can you recommend a good hike near Munich?",
    "tell me a joke",
    "thanks, that's all",
};
constexpr int kMessageCount = int(std::size(kMessages));

// The order-lookup mix (--mix orders=P): P % of new threads open with an
// order question that carries a number and its billing e-mail, so the rules
// brain routes the turn to get_order. The pairs are the local order source's
// demo orders (server/orders/localordersource.cpp), which serve finds them.
struct DemoOrder
{
    const char *number;
    const char *email;
};
const DemoOrder kDemoOrders[] = {
    {"100482", "jane.doe@example.com"},   {"100460", "lukas.weber@example.net"},
    {"100517", "sofia.rossi@example.org"}, {"100391", "jane.doe@example.com"},
    {"100405", "m.janssens@example.be"},   {"100356", "oliver.bennett@example.co.uk"},
    {"100529", "ana.garcia@example.es"},   {"100521", "lukas.weber@example.net"},
};
// %1 the order number, %2 the e-mail.
const char *const kOrderQuestions[] = {
    "Where is my order %1? My email is %2",
    "hi, where is order #%1? it's for %2",
    "what's the status of order %1, email %2",
    "Has my order %1 shipped yet? I ordered with %2",
};

// Whether a shopper message names an order number (a run of 5+ digits). A
// thread that opened with an order question skips those: with the e-mail
// given earlier in the thread they would be failed lookups, and failed
// lookups from one address are throttled (OrderAccess), which would turn the
// mix's own order questions into "too many attempts" (all the bench's
// traffic comes from 127.0.0.1).
bool mentionsOrderNumber(const char *message)
{
    int run = 0;
    for (const char *c = message; *c; ++c) {
        run = (*c >= '0' && *c <= '9') ? run + 1 : 0;
        if (run >= 5)
            return true;
    }
    return false;
}

double millisecondsBetween(TimePoint from, TimePoint to)
{
    return std::chrono::duration<double, std::milli>(to - from).count();
}

// ---------------------------------------------------------------------------
// Options

struct Options
{
    QString url;
    int conversations = 50;
    qint64 turns = 100000;
    int turnsPerConversation = 8;
    double rate = 0;
    qint64 warmup = 1000;
    qint64 serverPid = 0; // 0 = not given
    int orderShare = 0;   // --mix orders=P: percent of new threads opened with an order question
    bool json = false;
    QByteArray tracesToken; // --traces-token: read the measured turns' traces afterwards
    int modelDelayMs = -1;  // --model-delay-ms: the fake model's fixed delay, for the nominal overhead
};

std::optional<Options> parseOptions(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Load benchmark for supportd's agent API (POST /api/agent/messages)."));
    parser.addHelpOption();
    const QCommandLineOption urlOption(QStringLiteral("url"),
        QStringLiteral("Base URL of the server (default http://127.0.0.1:8080)."), QStringLiteral("url"),
        QStringLiteral("http://127.0.0.1:8080"));
    const QCommandLineOption conversationsOption(QStringLiteral("conversations"),
        QStringLiteral("Concurrent conversations (default 50)."), QStringLiteral("N"), QStringLiteral("50"));
    const QCommandLineOption turnsOption(QStringLiteral("turns"),
        QStringLiteral("Turns to measure, after the warm-up (default 100000)."), QStringLiteral("T"),
        QStringLiteral("100000"));
    const QCommandLineOption turnsPerConversationOption(QStringLiteral("turns-per-conversation"),
        QStringLiteral("Turns after which a conversation starts a fresh thread (default 8)."),
        QStringLiteral("K"), QStringLiteral("8"));
    const QCommandLineOption rateOption(QStringLiteral("rate"),
        QStringLiteral("Total turns/s, open loop; 0 = closed loop (default 0)."), QStringLiteral("R"),
        QStringLiteral("0"));
    const QCommandLineOption warmupOption(QStringLiteral("warmup"),
        QStringLiteral("Turns run first and excluded from the figures (default 1000)."), QStringLiteral("W"),
        QStringLiteral("1000"));
    const QCommandLineOption serverPidOption(QStringLiteral("server-pid"),
        QStringLiteral("PID of the server, to report its memory use."), QStringLiteral("pid"));
    const QCommandLineOption jsonOption(QStringLiteral("json"),
        QStringLiteral("Print the results as one JSON object."));
    const QCommandLineOption mixOption(QStringLiteral("mix"),
        QStringLiteral("Traffic mix: orders=P opens P % of new threads with an order question (number and "
                       "e-mail of a demo order of the local order source), answered through get_order "
                       "(default orders=0)."),
        QStringLiteral("orders=P"), QStringLiteral("orders=0"));
    const QCommandLineOption tracesTokenOption(QStringLiteral("traces-token"),
        QStringLiteral("Operator bearer token: after the run, read every measured turn's trace "
                       "(GET /admin/agent/traces/{id}) and report the overhead beyond model and tool time."),
        QStringLiteral("token"));
    const QCommandLineOption modelDelayOption(QStringLiteral("model-delay-ms"),
        QStringLiteral("The fake model's fixed delay, to report the overhead against it as well (with --traces-token)."),
        QStringLiteral("ms"));
    parser.addOptions({urlOption, conversationsOption, turnsOption, turnsPerConversationOption,
                       rateOption, warmupOption, serverPidOption, jsonOption, mixOption, tracesTokenOption,
                       modelDelayOption});
    parser.process(app);

    bool allOk = true;
    auto number = [&](const QCommandLineOption &option, qint64 minimum) -> qint64 {
        bool ok = false;
        const qint64 value = parser.value(option).toLongLong(&ok);
        if (!ok || value < minimum) {
            std::fprintf(stderr, "supportd-bench: --%s must be an integer >= %lld\n",
                         qPrintable(option.names().constFirst()), minimum);
            allOk = false;
        }
        return value;
    };

    Options options;
    options.url = parser.value(urlOption);
    options.conversations = int(number(conversationsOption, 1));
    options.turns = number(turnsOption, 1);
    options.turnsPerConversation = int(number(turnsPerConversationOption, 1));
    options.warmup = number(warmupOption, 0);
    if (parser.isSet(serverPidOption))
        options.serverPid = number(serverPidOption, 1);
    options.json = parser.isSet(jsonOption);
    options.tracesToken = parser.value(tracesTokenOption).toUtf8();
    if (parser.isSet(modelDelayOption))
        options.modelDelayMs = int(number(modelDelayOption, 0));
    {
        const QString mix = parser.value(mixOption);
        bool ok = mix.startsWith(QLatin1String("orders="));
        const int share = ok ? mix.mid(7).toInt(&ok) : 0;
        if (!ok || share < 0 || share > 100) {
            std::fprintf(stderr, "supportd-bench: --mix must be orders=P with P in 0..100\n");
            allOk = false;
        }
        options.orderShare = share;
    }

    bool rateOk = false;
    options.rate = parser.value(rateOption).toDouble(&rateOk);
    if (!rateOk || options.rate < 0 || !std::isfinite(options.rate)) {
        std::fprintf(stderr, "supportd-bench: --rate must be a number >= 0\n");
        allOk = false;
    }
    if (!allOk)
        return std::nullopt;
    return options;
}

// ---------------------------------------------------------------------------
// Server memory, read from /proc/PID/status

std::optional<double> readProcStatusMb(qint64 pid, const QByteArray &field)
{
    QFile file(QStringLiteral("/proc/%1/status").arg(pid));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return std::nullopt;
    const QByteArray prefix = field + ':';
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (!line.startsWith(prefix))
            continue;
        // Format: "VmRSS:\t   12345 kB"
        const QByteArray kilobytes = line.mid(prefix.size()).trimmed().split(' ').constFirst();
        bool ok = false;
        const qint64 value = kilobytes.toLongLong(&ok);
        return ok ? std::optional<double>(double(value) / 1024.0) : std::nullopt;
    }
    return std::nullopt;
}

// The server's CPU time so far (user + system), from /proc/PID/stat.
std::optional<double> readProcCpuSeconds(qint64 pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray stat = file.readAll();
    // Fields after the command name (which may hold spaces) in parentheses: utime is the 12th, stime the 13th.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return std::nullopt;
    const long ticks = sysconf(_SC_CLK_TCK);
    return double(fields.at(11).toLongLong() + fields.at(12).toLongLong()) / double(ticks > 0 ? ticks : 100);
}

// ---------------------------------------------------------------------------
// One simulated shopper: a reusable curl handle plus the state of its thread.

enum class TurnOutcome { Ok, HttpError, TransportError };

struct TurnResult
{
    TurnOutcome outcome = TurnOutcome::Ok;
    bool handedOff = false; // the reply's status was not "bot"
    bool orderAnswered = false; // an order question whose reply names the order number
};

class Conversation
{
public:
    Conversation(const QByteArray &endpoint, int firstMessage, int turnsPerThread, int orderShare = 0,
                 quint32 seed = 0);
    ~Conversation();
    Conversation(const Conversation &) = delete;
    Conversation &operator=(const Conversation &) = delete;

    CURL *handle() const { return m_handle; }
    bool isBusy() const { return m_busy; }
    TimePoint scheduledAt() const { return m_scheduledAt; }
    bool isMeasured() const { return m_measured; }
    bool isOrderTurn() const { return m_orderTurn; }
    const QByteArray &traceId() const { return m_traceId; } // of the last reply
    double serverTimingMs() const { return m_serverTimingMs; } // of the last reply; -1: none
    TimePoint nextDue() const { return m_nextDue; }
    void setNextDue(TimePoint due) { m_nextDue = due; }

    // Prepares the handle to send the next message. Latency is measured from
    // scheduledAt, which in open-loop mode may lie in the past; a turn that is
    // not measured is a warm-up turn.
    void beginTurn(TimePoint scheduledAt, bool measured);
    // Interprets the finished transfer and moves the thread state along.
    TurnResult endTurn(CURLcode transferResult);

private:
    void configureHandle(const QByteArray &endpoint);
    QByteArray nextRequestBody();
    void setRequestHeaders();
    TurnResult interpretReply(long httpStatus, bool continuing);
    void resetThread();

    static size_t appendToBuffer(char *data, size_t size, size_t count, void *buffer);
    static size_t readHeader(char *data, size_t size, size_t count, void *conversation);

    CURL *m_handle = nullptr;
    CURLSH *m_connectionCache = nullptr;
    curl_slist *m_headers = nullptr;
    QByteArray m_requestBody; // curl does not copy CURLOPT_POSTFIELDS: keep it alive
    QByteArray m_responseBody;
    QByteArray m_traceId;
    double m_serverTimingMs = -1;
    QString m_threadId;
    QByteArray m_threadToken;
    int m_turnsInThread = 0;
    const int m_turnsPerThread;
    int m_nextMessage;
    const int m_orderShare;
    std::mt19937 m_random; // decides which new threads open with an order question
    bool m_orderTurn = false;
    bool m_orderThread = false; // this thread opened with an order question
    QByteArray m_orderNumber;
    bool m_busy = false;
    bool m_measured = false;
    TimePoint m_scheduledAt;
    TimePoint m_nextDue;
};

Conversation::Conversation(const QByteArray &endpoint, int firstMessage, int turnsPerThread, int orderShare,
                           quint32 seed)
    : m_handle(curl_easy_init())
    , m_connectionCache(curl_share_init())
    , m_turnsPerThread(turnsPerThread)
    , m_nextMessage(firstMessage % kMessageCount)
    , m_orderShare(orderShare)
    , m_random(seed)
{
    if (!m_handle || !m_connectionCache)
        qFatal("curl_easy_init or curl_share_init failed");
    configureHandle(endpoint);
}

Conversation::~Conversation()
{
    curl_easy_cleanup(m_handle);
    curl_share_cleanup(m_connectionCache); // only once no handle uses it
    curl_slist_free_all(m_headers);
}

void Conversation::configureHandle(const QByteArray &endpoint)
{
    // Handles in a multi handle normally draw from one shared connection pool,
    // so a few connections would serve all conversations whenever few turns
    // are in flight. A connection cache of its own gives each conversation its
    // own keep-alive connection, as each real shopper has.
    curl_share_setopt(m_connectionCache, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
    curl_easy_setopt(m_handle, CURLOPT_SHARE, m_connectionCache);
    curl_easy_setopt(m_handle, CURLOPT_URL, endpoint.constData());
    curl_easy_setopt(m_handle, CURLOPT_PRIVATE, this);
    curl_easy_setopt(m_handle, CURLOPT_WRITEFUNCTION, &Conversation::appendToBuffer);
    curl_easy_setopt(m_handle, CURLOPT_WRITEDATA, &m_responseBody);
    curl_easy_setopt(m_handle, CURLOPT_HEADERFUNCTION, &Conversation::readHeader);
    curl_easy_setopt(m_handle, CURLOPT_HEADERDATA, this);
    curl_easy_setopt(m_handle, CURLOPT_HTTP_VERSION, long(CURL_HTTP_VERSION_1_1));
    curl_easy_setopt(m_handle, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(m_handle, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(m_handle, CURLOPT_TIMEOUT_MS, kTimeoutMs);
    curl_easy_setopt(m_handle, CURLOPT_CONNECTTIMEOUT_MS, kTimeoutMs);
}

size_t Conversation::appendToBuffer(char *data, size_t size, size_t count, void *buffer)
{
    static_cast<QByteArray *>(buffer)->append(data, qsizetype(size * count));
    return size * count;
}

size_t Conversation::readHeader(char *data, size_t size, size_t count, void *conversation)
{
    const QByteArray line(data, qsizetype(size * count));
    const qsizetype colon = line.indexOf(':');
    if (colon > 0 && line.left(colon).trimmed().toLower() == "server-timing")
        static_cast<Conversation *>(conversation)->m_serverTimingMs = ::serverTimingMs(line.mid(colon + 1));
    return size * count;
}

void Conversation::beginTurn(TimePoint scheduledAt, bool measured)
{
    m_busy = true;
    m_measured = measured;
    m_scheduledAt = scheduledAt;
    m_responseBody.clear();
    m_traceId.clear();
    m_serverTimingMs = -1;
    m_requestBody = nextRequestBody();
    setRequestHeaders();
    curl_easy_setopt(m_handle, CURLOPT_POSTFIELDSIZE, long(m_requestBody.size()));
    curl_easy_setopt(m_handle, CURLOPT_POSTFIELDS, m_requestBody.constData());
}

QByteArray Conversation::nextRequestBody()
{
    // A new thread opens with an order question in orderShare % of cases
    // (std::mt19937 per conversation, seeded by its index: the same mix on every run).
    m_orderTurn = m_threadId.isEmpty() && m_orderShare > 0 && int(m_random() % 100) < m_orderShare;
    if (m_threadId.isEmpty())
        m_orderThread = m_orderTurn;
    QString message;
    if (m_orderTurn) {
        const DemoOrder &order = kDemoOrders[m_random() % std::size(kDemoOrders)];
        const char *question = kOrderQuestions[m_random() % std::size(kOrderQuestions)];
        m_orderNumber = order.number;
        message = QString::fromUtf8(question).arg(QLatin1String(order.number), QLatin1String(order.email));
    } else {
        while (m_orderThread && mentionsOrderNumber(kMessages[m_nextMessage]))
            m_nextMessage = (m_nextMessage + 1) % kMessageCount;
        message = QString::fromUtf8(kMessages[m_nextMessage]);
        m_nextMessage = (m_nextMessage + 1) % kMessageCount;
    }
    QJsonObject body{{QStringLiteral("user_msg"), message}};
    if (m_threadId.isEmpty())
        body.insert(QStringLiteral("channel"), QStringLiteral("web"));
    else
        body.insert(QStringLiteral("thread_id"), m_threadId);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

void Conversation::setRequestHeaders()
{
    curl_slist_free_all(m_headers);
    m_headers = curl_slist_append(nullptr, "Content-Type: application/json");
    // An empty "Expect:" stops curl from sending "Expect: 100-continue",
    // which would add a round trip to larger POSTs.
    m_headers = curl_slist_append(m_headers, "Expect:");
    if (!m_threadId.isEmpty()) {
        const QByteArray tokenHeader = QByteArrayLiteral("X-Thread-Token: ") + m_threadToken;
        m_headers = curl_slist_append(m_headers, tokenHeader.constData()); // curl copies it
    }
    curl_easy_setopt(m_handle, CURLOPT_HTTPHEADER, m_headers);
}

TurnResult Conversation::endTurn(CURLcode transferResult)
{
    m_busy = false;
    const bool continuing = !m_threadId.isEmpty();
    if (continuing)
        ++m_turnsInThread; // counts failed turns too, so a broken thread is left eventually

    TurnResult result;
    if (transferResult != CURLE_OK) {
        result.outcome = TurnOutcome::TransportError;
    } else {
        long httpStatus = 0;
        curl_easy_getinfo(m_handle, CURLINFO_RESPONSE_CODE, &httpStatus);
        result = interpretReply(httpStatus, continuing);
    }
    if (!m_threadId.isEmpty() && m_turnsInThread >= m_turnsPerThread)
        resetThread();
    return result;
}

TurnResult Conversation::interpretReply(long httpStatus, bool continuing)
{
    if (httpStatus == 404 && continuing) {
        resetThread(); // the server lost the thread: start a new one
        return {TurnOutcome::HttpError, false};
    }
    if (httpStatus != 200)
        return {TurnOutcome::HttpError, false};

    // A 200 whose body does not follow the contract counts as an HTTP error.
    const QJsonObject reply = QJsonDocument::fromJson(m_responseBody).object();
    if (!reply.value(QStringLiteral("message")).isObject())
        return {TurnOutcome::HttpError, false};
    m_traceId = reply.value(QStringLiteral("trace_id")).toString().toUtf8();
    if (!continuing) {
        m_threadId = reply.value(QStringLiteral("thread_id")).toString();
        m_threadToken = reply.value(QStringLiteral("thread_token")).toString().toUtf8();
        if (m_threadId.isEmpty() || m_threadToken.isEmpty()) {
            resetThread();
            return {TurnOutcome::HttpError, false};
        }
        m_turnsInThread = 1;
    }
    // A thread that left the bot path no longer measures the bot: start afresh.
    const bool handedOff = reply.value(QStringLiteral("status")).toString() != QLatin1String("bot");
    const bool orderAnswered = m_orderTurn
        && reply.value(QStringLiteral("message")).toObject().value(QStringLiteral("content")).toString()
               .contains(QLatin1String(m_orderNumber));
    if (handedOff)
        resetThread();
    return {TurnOutcome::Ok, handedOff, orderAnswered};
}

void Conversation::resetThread()
{
    m_threadId.clear();
    m_threadToken.clear();
    m_turnsInThread = 0;
}

// ---------------------------------------------------------------------------
// Results

struct Results
{
    qint64 turns = 0; // measured turns, failed ones included
    double seconds = 0;
    std::vector<double> latenciesMs; // successful turns only
    std::vector<double> orderLatenciesMs; // successful order-question turns (--mix orders=P)
    std::vector<TurnSample> traceSamples;  // successful turns with their trace ids (--traces-token)
    qint64 orderTurns = 0;
    qint64 orderAnswered = 0; // order turns whose reply names the order number
    qint64 httpErrors = 0;
    qint64 transportErrors = 0;
    qint64 handoffs = 0;
    std::optional<double> rssStartMb;
    std::optional<double> rssEndMb;
    std::optional<double> rssPeakMb;
    std::optional<double> cpuStartS, cpuEndS; // the server's CPU time at the start and end of the measurement

    qint64 errors() const { return httpErrors + transportErrors; }
    double turnsPerSecond() const { return seconds > 0 ? double(turns) / seconds : 0; }
};

// Exact nearest-rank percentile of sorted samples.
double percentile(const std::vector<double> &sorted, double fraction)
{
    if (sorted.empty())
        return 0;
    const auto rank = qint64(std::ceil(fraction * double(sorted.size())));
    const auto index = std::clamp<qint64>(rank - 1, 0, qint64(sorted.size()) - 1);
    return sorted[size_t(index)];
}

struct LatencySummary
{
    double p50 = 0, p90 = 0, p99 = 0, p999 = 0, max = 0;
};

LatencySummary summarize(std::vector<double> latencies)
{
    std::sort(latencies.begin(), latencies.end());
    LatencySummary summary;
    summary.p50 = percentile(latencies, 0.50);
    summary.p90 = percentile(latencies, 0.90);
    summary.p99 = percentile(latencies, 0.99);
    summary.p999 = percentile(latencies, 0.999);
    summary.max = latencies.empty() ? 0 : latencies.back();
    return summary;
}

double rounded(double value, int decimals = 3)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

QJsonValue optionalToJson(const std::optional<double> &value)
{
    return value ? QJsonValue(rounded(*value, 1)) : QJsonValue(QJsonValue::Null);
}

void printJson(const Options &options, const Results &results, const QJsonObject &overhead)
{
    const LatencySummary latency = summarize(results.latenciesMs);
    QJsonObject object{
        {QStringLiteral("turns"), results.turns},
        {QStringLiteral("seconds"), rounded(results.seconds)},
        {QStringLiteral("turns_per_s"), rounded(results.turnsPerSecond(), 1)},
        {QStringLiteral("p50_ms"), rounded(latency.p50)},
        {QStringLiteral("p90_ms"), rounded(latency.p90)},
        {QStringLiteral("p99_ms"), rounded(latency.p99)},
        {QStringLiteral("p999_ms"), rounded(latency.p999)},
        {QStringLiteral("max_ms"), rounded(latency.max)},
        {QStringLiteral("http_errors"), results.httpErrors},
        {QStringLiteral("transport_errors"), results.transportErrors},
        {QStringLiteral("rss_start_mb"), optionalToJson(results.rssStartMb)},
        {QStringLiteral("rss_end_mb"), optionalToJson(results.rssEndMb)},
        {QStringLiteral("rss_peak_mb"), optionalToJson(results.rssPeakMb)},
    };
    if (results.cpuStartS && results.cpuEndS && results.turns > 0)
        object.insert(QStringLiteral("server_cpu_ms_per_turn"),
                      rounded((*results.cpuEndS - *results.cpuStartS) * 1000.0 / double(results.turns)));
    if (options.orderShare > 0) {
        const LatencySummary orders = summarize(results.orderLatenciesMs);
        object.insert(QStringLiteral("order_share_percent"), options.orderShare);
        object.insert(QStringLiteral("order_turns"), results.orderTurns);
        object.insert(QStringLiteral("order_turns_answered"), results.orderAnswered);
        object.insert(QStringLiteral("order_p50_ms"), rounded(orders.p50));
        object.insert(QStringLiteral("order_p99_ms"), rounded(orders.p99));
    }
    if (!overhead.isEmpty())
        object.insert(QStringLiteral("overhead"), overhead);
    std::printf("%s\n", QJsonDocument(object).toJson(QJsonDocument::Compact).constData());
}

QByteArray formatMb(const std::optional<double> &value)
{
    return value ? QByteArray::number(*value, 'f', 1) + " MB" : QByteArrayLiteral("n/a");
}

void printText(const Options &options, const Results &results)
{
    const LatencySummary latency = summarize(results.latenciesMs);
    const QByteArray mode = options.rate > 0
        ? "open loop at " + QByteArray::number(options.rate) + " turns/s"
        : QByteArrayLiteral("closed loop");
    std::printf("supportd-bench: %s, %d conversations, %d turns per thread, %lld warm-up turns\n",
                qPrintable(options.url), options.conversations, options.turnsPerConversation,
                options.warmup);
    std::printf("mode:        %s\n", mode.constData());
    std::printf("turns:       %lld (%zu ok)\n", results.turns, results.latenciesMs.size());
    std::printf("wall time:   %.3f s\n", results.seconds);
    std::printf("throughput:  %.1f turns/s\n", results.turnsPerSecond());
    std::printf("latency ms:  p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f\n",
                latency.p50, latency.p90, latency.p99, latency.p999, latency.max);
    std::printf("errors:      http %lld, transport %lld\n", results.httpErrors,
                results.transportErrors);
    std::printf("handoffs:    %lld (replies whose status was not \"bot\")\n", results.handoffs);
    if (options.orderShare > 0) {
        const LatencySummary orders = summarize(results.orderLatenciesMs);
        std::printf("order mix:   %d %% of new threads; %lld order turns, %lld answered with the order\n",
                    options.orderShare, results.orderTurns, results.orderAnswered);
        std::printf("order turns: p50 %.3f  p90 %.3f  p99 %.3f  max %.3f ms\n", orders.p50, orders.p90,
                    orders.p99, orders.max);
    }
    if (options.serverPid > 0) {
        std::printf("server RSS:  start %s, end %s, peak %s\n", formatMb(results.rssStartMb).constData(),
                    formatMb(results.rssEndMb).constData(), formatMb(results.rssPeakMb).constData());
        if (results.cpuStartS && results.cpuEndS && results.turns > 0 && results.seconds > 0) {
            const double cpu = *results.cpuEndS - *results.cpuStartS;
            std::printf("server CPU:  %.2f ms per turn (%.2f cores busy)\n", cpu * 1000.0 / double(results.turns),
                        cpu / results.seconds);
        }
    }
}

// ---------------------------------------------------------------------------
// The load generator

class Bench
{
public:
    explicit Bench(const Options &options);
    ~Bench();
    Bench(const Bench &) = delete;
    Bench &operator=(const Bench &) = delete;

    Results run();

private:
    bool isOpenLoop() const { return m_options.rate > 0; }
    bool isFinished() const { return m_turnsFinished >= m_totalTurns; }
    void scheduleFirstTurns(TimePoint start);
    void startDueTurns(TimePoint now);
    void startTurn(Conversation &conversation, TimePoint scheduledAt);
    void collectFinishedTurns();
    void recordTurn(const Conversation &conversation, TurnResult result, TimePoint finishedAt);
    void beginMeasurement(TimePoint start);
    void endMeasurement();
    int pollTimeoutMs(TimePoint now) const;
    void reportProgressIfDue(TimePoint now);

    const Options m_options;
    const qint64 m_totalTurns;
    CURLM *m_multi = nullptr;
    std::vector<std::unique_ptr<Conversation>> m_conversations;
    Clock::duration m_sendInterval{}; // per conversation, open loop only

    qint64 m_turnsStarted = 0;
    qint64 m_turnsFinished = 0;
    TimePoint m_measureStart;
    TimePoint m_lastFinish;
    TimePoint m_lastProgress;
    qint64 m_turnsAtLastProgress = 0;
    Results m_results;
};

Bench::Bench(const Options &options)
    : m_options(options)
    , m_totalTurns(options.warmup + options.turns)
    , m_multi(curl_multi_init())
{
    if (!m_multi)
        qFatal("curl_multi_init failed");

    QString base = options.url;
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    const QByteArray endpoint = (base + QStringLiteral("/api/agent/messages")).toUtf8();

    // Spread the starting messages so conversations do not all ask the same thing.
    const int stride = std::max(1, kMessageCount / options.conversations);
    m_conversations.reserve(size_t(options.conversations));
    for (int i = 0; i < options.conversations; ++i) {
        m_conversations.push_back(std::make_unique<Conversation>(
            endpoint, i * stride, options.turnsPerConversation, options.orderShare, quint32(i + 1)));
    }
    m_results.latenciesMs.reserve(size_t(options.turns));
}

Bench::~Bench()
{
    for (const auto &conversation : m_conversations) {
        if (conversation->isBusy())
            curl_multi_remove_handle(m_multi, conversation->handle());
    }
    m_conversations.clear(); // easy handles go before the multi handle
    curl_multi_cleanup(m_multi);
}

Results Bench::run()
{
    const TimePoint start = Clock::now();
    m_lastProgress = start;
    scheduleFirstTurns(start);

    while (!isFinished()) {
        startDueTurns(Clock::now());
        int running = 0;
        const CURLMcode code = curl_multi_perform(m_multi, &running);
        if (code != CURLM_OK)
            qFatal("curl_multi_perform: %s", curl_multi_strerror(code));
        collectFinishedTurns();
        if (isFinished())
            break;
        const TimePoint now = Clock::now();
        reportProgressIfDue(now);
        curl_multi_poll(m_multi, nullptr, 0, pollTimeoutMs(now), nullptr);
    }
    endMeasurement();
    return m_results;
}

void Bench::scheduleFirstTurns(TimePoint start)
{
    if (!isOpenLoop())
        return;
    // Each conversation sends every N/R seconds; their phases are staggered
    // by 1/R so the total rate is even rather than bursty.
    const std::chrono::duration<double> perTurn(1.0 / m_options.rate);
    m_sendInterval = std::chrono::duration_cast<Clock::duration>(perTurn * m_options.conversations);
    for (size_t i = 0; i < m_conversations.size(); ++i) {
        m_conversations[i]->setNextDue(
            start + std::chrono::duration_cast<Clock::duration>(perTurn * double(i)));
    }
}

void Bench::startDueTurns(TimePoint now)
{
    for (const auto &conversation : m_conversations) {
        if (m_turnsStarted >= m_totalTurns)
            return;
        if (conversation->isBusy())
            continue;
        if (!isOpenLoop()) {
            startTurn(*conversation, now);
        } else if (conversation->nextDue() <= now) {
            // A late send still counts its latency from when it was due, so a
            // slow server cannot hide queueing delay (coordinated omission).
            const TimePoint due = conversation->nextDue();
            conversation->setNextDue(due + m_sendInterval);
            startTurn(*conversation, due);
        }
    }
}

void Bench::startTurn(Conversation &conversation, TimePoint scheduledAt)
{
    // Warm-up is decided when a turn starts, not when it ends, so slow turns
    // of the warm-up (first connections, cold caches) cannot leak into the
    // figures. The window opens when the first measured turn is due.
    const bool measured = m_turnsStarted >= m_options.warmup;
    if (measured && m_turnsStarted == m_options.warmup)
        beginMeasurement(scheduledAt);
    conversation.beginTurn(scheduledAt, measured);
    const CURLMcode code = curl_multi_add_handle(m_multi, conversation.handle());
    if (code != CURLM_OK)
        qFatal("curl_multi_add_handle: %s", curl_multi_strerror(code));
    ++m_turnsStarted;
}

void Bench::collectFinishedTurns()
{
    int messagesLeft = 0;
    while (CURLMsg *message = curl_multi_info_read(m_multi, &messagesLeft)) {
        if (message->msg != CURLMSG_DONE)
            continue;
        CURL *handle = message->easy_handle;
        const CURLcode transferResult = message->data.result; // message dies with the removal
        const TimePoint finishedAt = Clock::now();
        Conversation *conversation = nullptr;
        curl_easy_getinfo(handle, CURLINFO_PRIVATE, &conversation);
        curl_multi_remove_handle(m_multi, handle);
        recordTurn(*conversation, conversation->endTurn(transferResult), finishedAt);
    }
}

void Bench::recordTurn(const Conversation &conversation, TurnResult result, TimePoint finishedAt)
{
    ++m_turnsFinished;
    if (!conversation.isMeasured())
        return;
    m_lastFinish = finishedAt;
    ++m_results.turns;
    if (result.handedOff)
        ++m_results.handoffs;
    if (conversation.isOrderTurn()) {
        ++m_results.orderTurns;
        m_results.orderAnswered += result.orderAnswered;
    }
    switch (result.outcome) {
    case TurnOutcome::Ok:
        m_results.latenciesMs.push_back(
            millisecondsBetween(conversation.scheduledAt(), finishedAt));
        if (conversation.isOrderTurn())
            m_results.orderLatenciesMs.push_back(m_results.latenciesMs.back());
        if (!m_options.tracesToken.isEmpty())
            m_results.traceSamples.push_back(
                {conversation.traceId(), m_results.latenciesMs.back(), conversation.serverTimingMs()});
        break;
    case TurnOutcome::HttpError:
        ++m_results.httpErrors;
        break;
    case TurnOutcome::TransportError:
        ++m_results.transportErrors;
        break;
    }
}

void Bench::beginMeasurement(TimePoint start)
{
    m_measureStart = start;
    m_lastFinish = start;
    if (m_options.serverPid > 0) {
        m_results.rssStartMb = readProcStatusMb(m_options.serverPid, "VmRSS");
        m_results.cpuStartS = readProcCpuSeconds(m_options.serverPid);
        if (!m_results.rssStartMb) {
            std::fprintf(stderr, "supportd-bench: cannot read /proc/%lld/status\n",
                         m_options.serverPid);
        }
    }
}

void Bench::endMeasurement()
{
    m_results.seconds = millisecondsBetween(m_measureStart, m_lastFinish) / 1000.0;
    if (m_options.serverPid > 0) {
        m_results.rssEndMb = readProcStatusMb(m_options.serverPid, "VmRSS");
        m_results.rssPeakMb = readProcStatusMb(m_options.serverPid, "VmHWM");
        m_results.cpuEndS = readProcCpuSeconds(m_options.serverPid);
    }
}

int Bench::pollTimeoutMs(TimePoint now) const
{
    auto timeout = std::chrono::milliseconds(kMaxPollMs);
    if (m_turnsStarted < m_totalTurns) {
        for (const auto &conversation : m_conversations) {
            if (conversation->isBusy())
                continue;
            if (!isOpenLoop())
                return 0;
            // Round up so we do not wake just before the send is due and spin.
            const auto untilDue =
                std::chrono::ceil<std::chrono::milliseconds>(conversation->nextDue() - now);
            timeout = std::min(timeout, std::max(untilDue, std::chrono::milliseconds(0)));
        }
    }
    return int(timeout.count());
}

void Bench::reportProgressIfDue(TimePoint now)
{
    if (now - m_lastProgress < kProgressInterval)
        return;
    const double seconds = millisecondsBetween(m_lastProgress, now) / 1000.0;
    const double rate = double(m_turnsFinished - m_turnsAtLastProgress) / seconds;
    std::fprintf(stderr, "supportd-bench: %lld/%lld turns done, %.1f turns/s\n", m_turnsFinished,
                 m_totalTurns, rate);
    m_lastProgress = now;
    m_turnsAtLastProgress = m_turnsFinished;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("supportd-bench"));
    const std::optional<Options> options = parseOptions(app);
    if (!options)
        return 2;

    // Writes to a connection the server has closed must not kill the process.
    std::signal(SIGPIPE, SIG_IGN);
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        std::fprintf(stderr, "supportd-bench: curl_global_init failed\n");
        return 2;
    }

    Results results;
    {
        Bench bench(*options);
        results = bench.run();
    }
    // After the run, so reading the traces cannot disturb the measurement.
    std::optional<OverheadReport> overhead;
    if (!options->tracesToken.isEmpty())
        overhead = analyseTraces(options->url, options->tracesToken, results.traceSamples, options->modelDelayMs);
    curl_global_cleanup();

    if (options->json)
        printJson(*options, results, overhead ? overheadJson(*overhead) : QJsonObject());
    else
        printText(*options, results);
    if (overhead && !options->json)
        printOverheadText(*overhead);

    // Every measured turn's trace must be read, or the overhead figures would leave turns out.
    if (overhead && overhead->fetchErrors > 0) {
        std::fprintf(stderr, "supportd-bench: %lld of %lld traces could not be read\n", overhead->fetchErrors,
                     overhead->samples);
        return 1;
    }
    // More than 1% failed turns makes the figures meaningless.
    if (results.errors() * 100 > results.turns) {
        std::fprintf(stderr, "supportd-bench: %lld of %lld turns failed (more than 1%%)\n",
                     results.errors(), results.turns);
        return 1;
    }
    return 0;
}

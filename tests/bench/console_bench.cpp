// support-consolebench: how the operator console keeps up, offscreen, against
// a real supportd in this process (its HTTP and turns run on their own threads).
//
//  (a) transcript: a thread of 1,000 messages opened in the console's
//      ThreadView, timed from the moment the event loop takes up the complete
//      reply to the end of the first paint of the laid-out transcript (target
//      < 100 ms), and from the click, server included.
//  (b) live list: the main window's thread table holding 5,000 threads while
//      real live events (new conversations, take-overs and hand-backs sent by
//      a feeder thread over HTTP) arrive over the WebSocket for ~10 s; per
//      update the time the console spends handling it, per frame the window's
//      repaint and the table's paint, and the longest the event loop was busy,
//      each as wall time and as the console thread's own CPU time (on a shared
//      machine the wall figures also hold the time other processes had the core).
//
// Usage: support-consolebench [--part transcript|live|all] [--messages N] [--threads N] [--seconds S]
//                             [--interval-ms MS] [--detail]
// Run it with QT_QPA_PLATFORM=offscreen (set here when unset).
#include "mainwindow.h"
#include "memorytokenstore.h"
#include "session.h"
#include "signindialog.h"
#include "threadview.h"

#include "models/threadlistmodel.h"
#include "models/transcriptmodel.h"
#include "store/conversationstore.h"
#include "support/apiclient.h"
#include "support/eventwait.h"
#include "support/testserver.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QListView>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QTableView>
#include <QThread>
#include <QTimer>
#include <QUuid>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <functional>
#include <memory>

namespace {

const QString kPassword = QStringLiteral("bench password 123");

// Every event dispatched from the event loop, timed: what a live update costs
// is the whole dispatch it arrived in (WebSocket frame, JSON, the model, the
// views' invalidation), and a frame is the window's UpdateRequest.
class BenchApplication : public QApplication
{
public:
    using QApplication::QApplication;

    QElapsedTimer clock;
    int depth = 0;
    qint64 dispatchStartNs = 0; // of the outermost event being dispatched
    int liveEvents = 0;         // live events handled within it
    QObject *window = nullptr;
    QObject *tablePort = nullptr;
    // Wall time, and this thread's CPU time (what the console itself spent,
    // whatever else the machine's cores were busy with).
    QList<double> updateMs, updateCpuMs, perEventCpuMs, frameMs, frameCpuMs, tablePaintMs, stallMs, stallCpuMs;
    bool recording = false;

    static qint64 cpuNs()
    {
        timespec now{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
        return qint64(now.tv_sec) * 1000000000 + now.tv_nsec;
    }

    bool notify(QObject *receiver, QEvent *event) override
    {
        // notify() runs in every thread that delivers events (the in-process
        // server's, the feeder's): time only the console's own, the GUI thread.
        if (QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        const qint64 start = clock.nsecsElapsed();
        const qint64 startCpu = recording ? cpuNs() : 0;
        if (depth == 0) {
            dispatchStartNs = start;
            liveEvents = 0;
        }
        ++depth;
        const bool result = QApplication::notify(receiver, event);
        --depth;
        if (!recording)
            return result;
        const double took = double(clock.nsecsElapsed() - start) / 1e6;
        const double cpu = double(cpuNs() - startCpu) / 1e6;
        if (receiver == window && event->type() == QEvent::UpdateRequest) {
            frameMs.append(took);
            frameCpuMs.append(cpu);
        } else if (receiver == tablePort && event->type() == QEvent::Paint) {
            tablePaintMs.append(took);
        }
        if (depth == 0) {
            stallMs.append(took);
            stallCpuMs.append(cpu);
            if (liveEvents > 0) {
                updateMs.append(took);
                updateCpuMs.append(cpu);
                perEventCpuMs.append(cpu / liveEvents);
            }
        }
        return result;
    }
};

BenchApplication *benchApp()
{
    return static_cast<BenchApplication *>(QCoreApplication::instance());
}

struct Figures
{
    double p50 = 0, p99 = 0, max = 0;
    qsizetype count = 0;
};

Figures figures(QList<double> values)
{
    Figures f;
    f.count = values.size();
    if (values.isEmpty())
        return f;
    std::sort(values.begin(), values.end());
    const auto rank = [&](double fraction) {
        const qsizetype at = qsizetype(std::ceil(fraction * double(values.size())));
        return values.at(qBound<qsizetype>(1, at, values.size()) - 1);
    };
    f.p50 = rank(0.5);
    f.p99 = rank(0.99);
    f.max = values.last();
    return f;
}

void print(const char *what, const QList<double> &values)
{
    const Figures f = figures(values);
    std::printf("  %-40s n=%-5lld P50 %7.2f ms   P99 %7.2f ms   max %7.2f ms\n", what, qlonglong(f.count), f.p50,
                f.p99, f.max);
}

Message makeMessage(const QString &threadId, MessageRole role, int n, qint64 at)
{
    Message message;
    message.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    message.threadId = threadId;
    message.role = role;
    message.createdAt = at;
    message.content = role == MessageRole::User
        ? QStringLiteral("Question %1: where is my order, and how long does delivery to Lyon usually take?").arg(n)
        : QStringLiteral("Answer %1: orders ship within one working day; delivery in France takes two to four "
                         "working days. You can follow the parcel with the link in your confirmation e-mail.")
              .arg(n);
    if (role == MessageRole::Assistant)
        message.citations.append({QStringLiteral("shipping"), QStringLiteral("Shipping and delivery"),
                                  QStringLiteral("https://shop.example/help/shipping"),
                                  QStringLiteral("Orders ship within one working day.")});
    return message;
}

// A thread of `count` messages (user and assistant turns), as the turn runner records them.
QString seedLongThread(Database &db, int count)
{
    ConversationStore store(db);
    Thread thread;
    thread.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const qint64 start = QDateTime::currentMSecsSinceEpoch() - qint64(count) * 60000;
    thread.createdAt = thread.updatedAt = start;
    if (!store.createThread(thread, QStringLiteral("bench-digest")))
        return {};
    for (int i = 0; i < count / 2; ++i) {
        ConversationStore::TurnRecord turn;
        turn.threadId = thread.id;
        turn.nowMs = start + i * 120000;
        turn.userMessage = makeMessage(thread.id, MessageRole::User, i, turn.nowMs);
        turn.reply = makeMessage(thread.id, MessageRole::Assistant, i, turn.nowMs + 800);
        turn.trace.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        turn.trace.threadId = thread.id;
        turn.trace.route = QStringLiteral("search_kb");
        turn.trace.outcome = QStringLiteral("responded");
        turn.trace.brain = QStringLiteral("rules");
        turn.trace.startedAt = turn.nowMs;
        turn.trace.durationMs = 800;
        turn.userMessage.traceId = turn.reply->traceId = turn.trace.id;
        if (!store.recordTurn(turn))
            return {};
    }
    return thread.id;
}

// Sends requests that make live events, at a fixed pace, from its own thread
// (so the console's thread does only what a console does).
class Feeder : public QObject
{
public:
    Feeder(quint16 port, QString token, QStringList threadIds, int intervalMs)
        : m_base(QStringLiteral("http://127.0.0.1:%1").arg(port)), m_token(std::move(token)),
          m_threads(std::move(threadIds)), m_intervalMs(intervalMs)
    {
    }

    void start()
    {
        m_manager = new QNetworkAccessManager(this);
        m_timer = new QTimer(this);
        m_timer->setTimerType(Qt::PreciseTimer);
        m_timer->setInterval(m_intervalMs);
        QObject::connect(m_timer, &QTimer::timeout, this, [this] { send(); });
        m_timer->start();
    }
    void stop() { m_timer->stop(); }
    int sent() const { return m_sent; }

private:
    void post(const QString &path, const QJsonObject &body, bool asOperator)
    {
        QNetworkRequest request(QUrl(m_base + path));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        if (asOperator)
            request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
        QNetworkReply *reply = m_manager->post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
        QObject::connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    }

    // In turn: a new conversation (thread.created and two message.added), a
    // take-over of a listed thread, and its hand-back (thread.status each).
    void send()
    {
        ++m_sent;
        switch (m_step++ % 3) {
        case 0:
            post(QStringLiteral("/api/agent/messages"),
                 {{QStringLiteral("user_msg"), QStringLiteral("How long does delivery take? (%1)").arg(m_sent)}}, false);
            break;
        case 1:
            m_current = m_threads.at(QRandomGenerator::global()->bounded(int(m_threads.size())));
            post(QStringLiteral("/admin/agent/threads/%1/takeover").arg(m_current), {}, true);
            break;
        default:
            post(QStringLiteral("/admin/agent/threads/%1/handback").arg(m_current), {}, true);
            break;
        }
    }

    QString m_base;
    QString m_token;
    QStringList m_threads;
    int m_intervalMs;
    QNetworkAccessManager *m_manager = nullptr;
    QTimer *m_timer = nullptr;
    QString m_current;
    int m_step = 0;
    int m_sent = 0;
};

// The console's main window, shown offscreen and signed in as the bench's admin; null if that failed.
std::unique_ptr<MainWindow> signedInConsole(TokenStore *tokens, quint16 port)
{
    auto window = std::make_unique<MainWindow>(tokens, nullptr);
    window->resize(1400, 900);
    window->show();
    Session *session = window->session();
    session->signIn(QStringLiteral("http://127.0.0.1:%1").arg(port), QStringLiteral("bench"), kPassword);
    if (!waitUntil([&] { return session->isSignedIn(); }))
        return nullptr;
    return window;
}

int benchTranscript(TestServer &server, int messages, bool detail)
{
    std::printf("(a) opening a thread of %d messages (ThreadView, offscreen)\n", messages);
    QElapsedTimer seedClock;
    seedClock.start();
    const QString longThread = seedLongThread(server.app().runtime().database(), messages);
    if (longThread.isEmpty()) {
        std::fprintf(stderr, "could not seed the thread\n");
        return 1;
    }
    std::printf("  seeded in %lld ms\n", qlonglong(seedClock.elapsed()));

    MemoryTokenStore tokens;
    const std::unique_ptr<MainWindow> window = signedInConsole(&tokens, server.port());
    if (!window)
        return 1;
    ThreadView *view = window->threadView();
    auto *list = view->findChild<QListView *>(QStringLiteral("transcriptView"));
    TranscriptModel *model = view->transcript();
    BenchApplication *app = benchApp();

    qint64 replyAt = 0, clickAt = 0, paintedAt = 0, resetAt = 0;
    QObject::connect(model, &QAbstractItemModel::modelReset, model, [&] {
        if (clickAt && !replyAt && model->rowCount() == messages) {
            replyAt = app->dispatchStartNs; // the dispatch that took up the finished reply
            resetAt = app->clock.nsecsElapsed();
        }
    });
    struct PaintWatch : QObject
    {
        std::function<void()> painted;
        bool eventFilter(QObject *, QEvent *event) override
        {
            if (event->type() == QEvent::Paint)
                QTimer::singleShot(0, this, painted); // right after this paint
            return false;
        }
    } watch;
    watch.painted = [&] {
        if (replyAt && !paintedAt && model->rowCount() == messages && list->indexAt(QPoint(4, 4)).isValid())
            paintedAt = app->clock.nsecsElapsed();
    };
    list->viewport()->installEventFilter(&watch);

    QList<double> fromReply, fromClick, toModel;
    for (int run = 0; run < 12; ++run) {
        view->showThread({});
        QCoreApplication::processEvents();
        replyAt = paintedAt = 0;
        clickAt = app->clock.nsecsElapsed();
        view->showThread(longThread);
        if (!waitUntil([&] { return paintedAt != 0; }, 20000)) {
            std::fprintf(stderr, "the transcript did not show\n");
            return 1;
        }
        if (run < 2)
            continue; // warm-up: first connections, caches, fonts
        fromReply.append(double(paintedAt - replyAt) / 1e6);
        fromClick.append(double(paintedAt - clickAt) / 1e6);
        toModel.append(double(resetAt - replyAt) / 1e6);
    }
    if (detail) {
        // Where the time goes, step by step, on the last transcript opened.
        QElapsedTimer t;
        t.start();
        for (int row = 0; row < model->rowCount(); ++row)
            model->index(row).data(Qt::DisplayRole);
        std::printf("  detail: DisplayRole x%d %.2f ms\n", model->rowCount(), double(t.nsecsElapsed()) / 1e6);
        Api::ApiReply *raw = window->session()->client()->send("GET", QStringLiteral("/admin/agent/threads/") + longThread);
        QByteArray body;
        QObject::connect(raw, &Api::ApiReply::finished, raw, [&] { body = raw->body(); });
        waitUntil([&] { return !body.isEmpty(); });
        t.restart();
        const QJsonObject parsed = QJsonDocument::fromJson(body).object();
        std::printf("  detail: %lld bytes, QJsonDocument %.2f ms\n", qlonglong(body.size()), double(t.nsecsElapsed()) / 1e6);
        t.restart();
        for (const QJsonValue &value : parsed.value(QStringLiteral("messages")).toArray())
            Message::fromJson(value.toObject());
        std::printf("  detail: Message::fromJson %.2f ms\n", double(t.nsecsElapsed()) / 1e6);
        t.restart();
        list->doItemsLayout();
        std::printf("  detail: doItemsLayout %.2f ms\n", double(t.nsecsElapsed()) / 1e6);
        t.restart();
        list->viewport()->repaint();
        std::printf("  detail: repaint %.2f ms\n", double(t.nsecsElapsed()) / 1e6);
        t.restart();
        model->setTranscript(longThread, QList<Message>{});
        std::printf("  detail: clear %.2f ms\n", double(t.nsecsElapsed()) / 1e6);
    }
    print("reply taken up -> laid out, painted", fromReply);
    print("click -> laid out, painted", fromClick);
    print("of which reply -> model filled", toModel);
    const Figures f = figures(fromReply);
    std::printf("  target < 100 ms (reply to view): P50 %s, P99 %s\n\n", f.p50 < 100.0 ? "met" : "MISSED",
                f.p99 < 100.0 ? "met" : "MISSED");
    window->session()->signOut();
    return 0;
}

int benchLiveList(TestServer &server, int threadCount, int seconds, int intervalMs)
{
    std::printf("(b) live list: %d threads, events from a feeder every %d ms for %d s\n", threadCount, intervalMs,
                seconds);
    ConversationStore store(server.app().runtime().database());
    QStringList ids;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QElapsedTimer seedClock;
    seedClock.start();
    for (int i = 0; i < threadCount; ++i) {
        Thread thread;
        thread.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        thread.channel = i % 5 == 0 ? QStringLiteral("slack") : i % 7 == 0 ? QStringLiteral("email") : QStringLiteral("web");
        thread.lastMessage = QStringLiteral("Where is my order %1?").arg(i);
        thread.messageCount = 2;
        thread.createdAt = thread.updatedAt = now - qint64(i) * 1000;
        if (!store.createThread(thread, QStringLiteral("bench-digest")))
            return 1;
        ids.append(thread.id);
    }
    std::printf("  seeded in %lld ms\n", qlonglong(seedClock.elapsed()));

    MemoryTokenStore tokens;
    const std::unique_ptr<MainWindow> window = signedInConsole(&tokens, server.port());
    if (!window)
        return 1;
    if (!waitUntil([&] { return window->session()->live()->state() == Api::LiveConnection::State::Live; }))
        return 1;
    // The live snapshot reads at most 500 (the route's page size): load all
    // 5,000 the way a snapshot does, one setThreads, from pages of the same route.
    QList<Thread> all;
    QElapsedTimer pageClock;
    pageClock.start();
    for (int offset = 0; offset < threadCount + 1000; offset += 500) {
        Api::ThreadQuery query;
        query.limit = 500;
        query.offset = offset;
        bool done = false, more = false;
        window->session()->client()->listThreads(query, window.get(), [&](const Api::Result<Api::ThreadPage> &page) {
            done = true;
            if (page.ok()) {
                all += page->threads;
                more = page->threads.size() == 500;
            }
        });
        if (!waitUntil([&] { return done; }) || !more)
            break;
    }
    QElapsedTimer setClock;
    setClock.start();
    window->threadModel()->setThreads(all);
    std::printf("  listed %d threads (paged read %lld ms, setThreads %.2f ms)\n", window->threadModel()->rowCount(),
                qlonglong(pageClock.elapsed()), double(setClock.nsecsElapsed()) / 1e6);

    BenchApplication *app = benchApp();
    app->window = window.get();
    app->tablePort = window->threadTable()->viewport();
    int events = 0;
    QObject::connect(window->session()->live(), &Api::LiveConnection::eventReceived, window.get(), [&] {
        ++events;
        ++app->liveEvents;
    });
    // The operator login the feeder acts as (take-over and hand-back).
    ApiClient operatorClient(server.port());
    const QString token = operatorClient.login(QStringLiteral("bench"), kPassword);

    QThread feederThread;
    Feeder feeder(server.port(), token, ids, intervalMs);
    feeder.moveToThread(&feederThread);
    feederThread.start();
    QMetaObject::invokeMethod(&feeder, [&] { feeder.start(); }, Qt::BlockingQueuedConnection);
    app->recording = true;
    QElapsedTimer run;
    run.start();
    waitUntil([] { return false; }, seconds * 1000);
    const double elapsed = double(run.elapsed()) / 1000.0;
    app->recording = false;
    QMetaObject::invokeMethod(&feeder, [&] { feeder.stop(); }, Qt::BlockingQueuedConnection);
    feederThread.quit();
    feederThread.wait();

    std::printf("  %d requests sent, %d live events received in %.1f s (%.1f events/s); %d rows now\n", feeder.sent(),
                events, elapsed, double(events) / elapsed, window->threadModel()->rowCount());
    print("update: dispatch with live events, wall", app->updateMs);
    print("update: the same, console CPU", app->updateCpuMs);
    print("update: console CPU per event", app->perEventCpuMs);
    print("frame (window repaint), wall", app->frameMs);
    print("frame (window repaint), CPU", app->frameCpuMs);
    print("thread table paint, wall", app->tablePaintMs);
    print("any dispatch, wall", app->stallMs);
    print("any dispatch, console CPU", app->stallCpuMs);
    const double fps = double(app->frameMs.size()) / elapsed;
    std::printf("  %.1f frames/s; smooth by CPU (P99 frame < 16 ms, no dispatch > 50 ms): %s; by wall: %s\n", fps,
                figures(app->frameCpuMs).p99 < 16.0 && figures(app->stallCpuMs).max < 50.0 ? "yes" : "NO",
                figures(app->frameMs).p99 < 16.0 && figures(app->stallMs).max < 50.0 ? "yes" : "NO");
    window->session()->signOut();
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    BenchApplication app(argc, argv);
    app.clock.start();
    QCoreApplication::setOrganizationName(QStringLiteral("supportd-bench"));
    QCoreApplication::setApplicationName(QStringLiteral("support-consolebench"));

    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("messages"), QStringLiteral("Messages in the long thread."), QStringLiteral("n"), QStringLiteral("1000")});
    parser.addOption({QStringLiteral("threads"), QStringLiteral("Threads in the live list."), QStringLiteral("n"), QStringLiteral("5000")});
    parser.addOption({QStringLiteral("seconds"), QStringLiteral("Length of the live run."), QStringLiteral("s"), QStringLiteral("10")});
    parser.addOption({QStringLiteral("interval-ms"), QStringLiteral("Feeder pace (one request per interval; about 1.7 events each)."),
                      QStringLiteral("ms"), QStringLiteral("33")});
    parser.addOption({QStringLiteral("part"), QStringLiteral("transcript, live or all."), QStringLiteral("part"),
                      QStringLiteral("all")});
    parser.addOption({QStringLiteral("detail"), QStringLiteral("Also time the transcript's steps one by one.")});
    parser.process(app);

    TestServer server;
    if (!server.start()) {
        std::fprintf(stderr, "supportd did not start: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    if (!server.addOperator(QStringLiteral("bench"), OperatorRole::Admin, kPassword)) {
        std::fprintf(stderr, "no operator: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    const QString part = parser.value(QStringLiteral("part"));
    if (part != QLatin1String("live")) {
        if (const int failed = benchTranscript(server, parser.value(QStringLiteral("messages")).toInt(),
                                               parser.isSet(QStringLiteral("detail"))))
            return failed;
    }
    if (part == QLatin1String("transcript"))
        return 0;
    return benchLiveList(server, parser.value(QStringLiteral("threads")).toInt(),
                         parser.value(QStringLiteral("seconds")).toInt(),
                         parser.value(QStringLiteral("interval-ms")).toInt());
}

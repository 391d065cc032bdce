#include "admincontroller.h"

#include "agentcontroller.h"
#include "http/jsonbody.h"
#include "live/eventbus.h"
#include "model/jsonutil.h"
#include "store/conversationstore.h"
#include "store/feedbackstore.h"
#include "store/metricsstore.h"
#include "store/ticketstore.h"
#include "store/tracestore.h"
#include "tools/toolregistry.h"

#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>

namespace {

// When this process started (static initialisation), for the per-process counters.
const qint64 processStartedAt = QDateTime::currentMSecsSinceEpoch();

bool parseBoundedInt(const HttpRequest &request, const QString &name, int min, int max, int *value)
{
    if (!request.query.hasQueryItem(name))
        return true;
    bool ok = false;
    *value = request.query.queryItemValue(name).toInt(&ok);
    return ok && *value >= min && *value <= max;
}

HttpResponse noSuchThread()
{
    return HttpResponse::error(404, QStringLiteral("not_found"), QStringLiteral("no such thread"));
}

// The answer to a thread action that did not go through (Ok and Unchanged are the caller's).
HttpResponse refused(const ConversationStore::Action &action)
{
    using Status = ConversationStore::Action::Status;
    switch (action.status) {
    case Status::NotFound:
        return noSuchThread();
    case Status::HeldByOther:
        return HttpResponse::error(409, QStringLiteral("held_by_other"),
                                   QStringLiteral("%1 is handling this thread").arg(action.holder));
    case Status::NotHolder:
        return HttpResponse::error(409, QStringLiteral("not_holder"),
                                   action.holder.isEmpty()
                                       ? QStringLiteral("take this thread over first")
                                       : QStringLiteral("%1 is handling this thread").arg(action.holder));
    default:
        return HttpResponse::error(503, QStringLiteral("unavailable"),
                                   QStringLiteral("the service is temporarily unavailable, please retry"))
            .withHeader("Retry-After", "1");
    }
}

bool succeeded(const ConversationStore::Action &action)
{
    using Status = ConversationStore::Action::Status;
    return (action.status == Status::Ok || action.status == Status::Unchanged) && action.thread;
}

const QStringList kTicketStatuses = {QStringLiteral("open"), QStringLiteral("pending"), QStringLiteral("solved"),
                                     QStringLiteral("closed")};

} // namespace

void AdminController::registerRoutes(Router &router)
{
    router.add("GET", QStringLiteral("/admin/agent/threads"),
               [this](const HttpRequest &request, const HttpReply &reply) { listThreads(request, reply); });
    router.add("GET", QStringLiteral("/admin/agent/threads/{id}"),
               [this](const HttpRequest &request, const HttpReply &reply) { getThread(request, reply); });
    router.add("POST", QStringLiteral("/admin/agent/threads/{id}/takeover"),
               [this](const HttpRequest &request, const HttpReply &reply) { takeOver(request, reply); });
    router.add("POST", QStringLiteral("/admin/agent/threads/{id}/reply"),
               [this](const HttpRequest &request, const HttpReply &reply) { replyAsHuman(request, reply); });
    router.add("POST", QStringLiteral("/admin/agent/threads/{id}/handback"),
               [this](const HttpRequest &request, const HttpReply &reply) { handBack(request, reply); });
    router.add("POST", QStringLiteral("/admin/agent/threads/{id}/close"),
               [this](const HttpRequest &request, const HttpReply &reply) { closeThread(request, reply); });
    router.add("GET", QStringLiteral("/admin/agent/tickets"),
               [this](const HttpRequest &request, const HttpReply &reply) { listTickets(request, reply); });
    router.add("GET", QStringLiteral("/admin/agent/traces"),
               [this](const HttpRequest &request, const HttpReply &reply) { listTraces(request, reply); });
    router.add("GET", QStringLiteral("/admin/agent/traces/{id}"),
               [this](const HttpRequest &request, const HttpReply &reply) { getTrace(request, reply); });
    router.add("GET", QStringLiteral("/admin/agent/tools"),
               [this](const HttpRequest &request, const HttpReply &reply) { listTools(request, reply); });
    router.add("GET", QStringLiteral("/admin/agent/metrics"),
               [this](const HttpRequest &request, const HttpReply &reply) { getMetrics(request, reply); });
}

void AdminController::listThreads(const HttpRequest &request, const HttpReply &reply)
{
    const QString status = request.query.queryItemValue(QStringLiteral("status"));
    int limit = 50, offset = 0;
    if (!status.isEmpty() && !threadStatusFromString(status)) {
        reply.send(HttpResponse::error(400, QStringLiteral("bad_request"),
                                       QStringLiteral("status must be one of bot, handoff, human, closed")));
        return;
    }
    if (!parseBoundedInt(request, QStringLiteral("limit"), 1, 500, &limit)
        || !parseBoundedInt(request, QStringLiteral("offset"), 0, 1000000, &offset)) {
        reply.send(HttpResponse::error(400, QStringLiteral("bad_request"),
                                       QStringLiteral("limit must be 1-500 and offset 0 or more")));
        return;
    }
    Database &db = m_services.database;
    asOperator(request, reply, OperatorRole::Agent, [&db, status, limit, offset](const Operator &) {
        QJsonArray threads;
        for (const Thread &thread : ConversationStore(db).listThreads(status, limit, offset))
            threads.append(thread.toJson());
        return HttpResponse::json({{QStringLiteral("threads"), threads},
                                   {QStringLiteral("limit"), limit},
                                   {QStringLiteral("offset"), offset}});
    });
}

void AdminController::getThread(const HttpRequest &request, const HttpReply &reply)
{
    const QString threadId = request.param(QStringLiteral("id"));
    Database &db = m_services.database;
    asOperator(request, reply, OperatorRole::Agent, [&db, threadId](const Operator &) {
        ConversationStore store(db);
        const auto stored = threadId.size() <= 64 ? store.findThread(threadId) : std::nullopt;
        if (!stored)
            return HttpResponse::error(404, QStringLiteral("not_found"), QStringLiteral("no such thread"));
        QJsonArray messages;
        for (const Message &message : store.recentMessages(threadId, 100000))
            messages.append(message.toJson());
        QJsonArray feedback;
        for (const Feedback &item : FeedbackStore(db).forThread(threadId))
            feedback.append(item.toJson());
        QJsonArray actions;
        for (const ThreadAction &action : store.actions(threadId))
            actions.append(action.toJson());
        return HttpResponse::json({{QStringLiteral("thread"), stored->thread.toJson()},
                                   {QStringLiteral("messages"), messages},
                                   {QStringLiteral("feedback"), feedback},
                                   {QStringLiteral("actions"), actions}});
    });
}

void AdminController::takeOver(const HttpRequest &request, const HttpReply &reply)
{
    const QString threadId = request.param(QStringLiteral("id"));
    Database &db = m_services.database;
    EventBus &events = m_services.events;
    asOperator(request, reply, OperatorRole::Agent, [&db, &events, threadId](const Operator &op) {
        if (threadId.size() > 64)
            return noSuchThread();
        const auto action = ConversationStore(db).takeOver(threadId, op.username, QDateTime::currentMSecsSinceEpoch());
        if (!succeeded(action))
            return refused(action);
        if (action.status == ConversationStore::Action::Status::Ok)
            events.threadStatus(threadId, ThreadStatus::Human, op.username, QStringLiteral("takeover"));
        return HttpResponse::json({{QStringLiteral("thread"), action.thread->toJson()}});
    });
}

void AdminController::replyAsHuman(const HttpRequest &request, const HttpReply &reply)
{
    const QString threadId = request.param(QStringLiteral("id"));
    Database &db = m_services.database;
    EventBus &events = m_services.events;
    asOperator(request, reply, OperatorRole::Agent, [&db, &events, threadId, request](const Operator &op) {
        // The same rules as a shopper's user_msg.
        const JsonBody body = readJsonBody(request);
        if (body.error)
            return *body.error;
        json::Reader reader(body.object);
        const QString text = reader.string(QStringLiteral("text"), true);
        if (!reader.ok())
            return HttpResponse::error(400, QStringLiteral("bad_request"), reader.error());
        if (text.trimmed().isEmpty())
            return HttpResponse::error(422, QStringLiteral("invalid_message"), QStringLiteral("text is empty"));
        if (characterCount(text) > AgentController::kMaxMessageCharacters)
            return HttpResponse::error(422, QStringLiteral("invalid_message"),
                                       QStringLiteral("text is longer than %1 characters")
                                           .arg(AgentController::kMaxMessageCharacters));
        if (const QString problem = checkText(text); !problem.isEmpty())
            return HttpResponse::error(422, QStringLiteral("invalid_message"), QStringLiteral("text ") + problem);
        if (threadId.size() > 64)
            return noSuchThread();
        const auto action = ConversationStore(db).addHumanReply(threadId, op.username, text.trimmed(),
                                                                QDateTime::currentMSecsSinceEpoch());
        if (action.status != ConversationStore::Action::Status::Ok || !action.message)
            return refused(action);
        events.messageAdded(*action.message);
        return HttpResponse::json({{QStringLiteral("message"), action.message->toJson()}}, 201);
    });
}

void AdminController::handBack(const HttpRequest &request, const HttpReply &reply)
{
    const QString threadId = request.param(QStringLiteral("id"));
    Database &db = m_services.database;
    EventBus &events = m_services.events;
    asOperator(request, reply, OperatorRole::Agent, [&db, &events, threadId](const Operator &op) {
        if (threadId.size() > 64)
            return noSuchThread();
        const auto action = ConversationStore(db).handBack(threadId, op.username, QDateTime::currentMSecsSinceEpoch());
        if (action.status != ConversationStore::Action::Status::Ok || !action.thread)
            return refused(action);
        events.threadStatus(threadId, ThreadStatus::Bot, QString(), QStringLiteral("handback"));
        return HttpResponse::json({{QStringLiteral("thread"), action.thread->toJson()}});
    });
}

void AdminController::closeThread(const HttpRequest &request, const HttpReply &reply)
{
    const QString threadId = request.param(QStringLiteral("id"));
    Database &db = m_services.database;
    EventBus &events = m_services.events;
    asOperator(request, reply, OperatorRole::Agent, [&db, &events, threadId](const Operator &op) {
        if (threadId.size() > 64)
            return noSuchThread();
        const auto action = ConversationStore(db).close(threadId, op.username, QDateTime::currentMSecsSinceEpoch());
        if (!succeeded(action))
            return refused(action);
        if (action.status == ConversationStore::Action::Status::Ok)
            events.threadStatus(threadId, ThreadStatus::Closed, QString(), QStringLiteral("close"));
        return HttpResponse::json({{QStringLiteral("thread"), action.thread->toJson()}});
    });
}

void AdminController::listTickets(const HttpRequest &request, const HttpReply &reply)
{
    const QString status = request.query.queryItemValue(QStringLiteral("status"));
    const QString threadId = request.query.queryItemValue(QStringLiteral("thread_id"));
    int limit = 50, offset = 0;
    if (!status.isEmpty() && !kTicketStatuses.contains(status)) {
        reply.send(HttpResponse::error(400, QStringLiteral("bad_request"),
                                       QStringLiteral("status must be one of open, pending, solved, closed")));
        return;
    }
    if (threadId.size() > 64) {
        reply.send(HttpResponse::error(400, QStringLiteral("bad_request"), QStringLiteral("thread_id is too long")));
        return;
    }
    if (!parseBoundedInt(request, QStringLiteral("limit"), 1, 500, &limit)
        || !parseBoundedInt(request, QStringLiteral("offset"), 0, 1000000, &offset)) {
        reply.send(HttpResponse::error(400, QStringLiteral("bad_request"),
                                       QStringLiteral("limit must be 1-500 and offset 0 or more")));
        return;
    }
    Database &db = m_services.database;
    asOperator(request, reply, OperatorRole::Agent, [&db, status, threadId, limit, offset](const Operator &) {
        QJsonArray tickets;
        for (const StoredTicket &stored : TicketStore(db).list(status, threadId, limit, offset)) {
            QJsonObject ticket = stored.ticket.toJson();
            ticket.insert(QStringLiteral("channel"), stored.channel);
            ticket.insert(QStringLiteral("delivery_status"), stored.deliveryStatus);
            tickets.append(ticket);
        }
        return HttpResponse::json({{QStringLiteral("tickets"), tickets},
                                   {QStringLiteral("limit"), limit},
                                   {QStringLiteral("offset"), offset}});
    });
}

void AdminController::getTrace(const HttpRequest &request, const HttpReply &reply)
{
    const QString traceId = request.param(QStringLiteral("id"));
    Database &db = m_services.database;
    asOperator(request, reply, OperatorRole::Agent, [&db, traceId](const Operator &) {
        const auto trace = traceId.size() <= 64 ? TraceStore(db).find(traceId) : std::nullopt;
        if (!trace)
            return HttpResponse::error(404, QStringLiteral("not_found"), QStringLiteral("no such trace"));
        return HttpResponse::json(trace->toJson());
    });
}

// Turns for the trace browser, newest first, filtered by outcome (ok is
// "responded"), thread and route; `before` is the last trace id of the page
// before. Bad values are refused whole (400, like the other list routes'
// query parameters) rather than ignored, so a typo never reads as "no such turns".
void AdminController::listTraces(const HttpRequest &request, const HttpReply &reply)
{
    static const QRegularExpression routePattern(QStringLiteral("^[a-z][a-z_]{0,39}$"));
    static const QStringList outcomes = {QStringLiteral("ok"), QStringLiteral("responded"), QStringLiteral("degraded"),
                                         QStringLiteral("handoff"), QStringLiteral("failed")};
    const auto invalid = [&reply](const QString &message) {
        reply.send(HttpResponse::error(400, QStringLiteral("bad_request"), message));
    };
    TraceStore::Query query;
    query.outcome = request.query.queryItemValue(QStringLiteral("outcome"));
    query.threadId = request.query.queryItemValue(QStringLiteral("thread_id"));
    query.route = request.query.queryItemValue(QStringLiteral("route"));
    const QString before = request.query.queryItemValue(QStringLiteral("before"));
    if (!query.outcome.isEmpty() && !outcomes.contains(query.outcome))
        return invalid(QStringLiteral("outcome must be one of ok, degraded, handoff, failed"));
    if (query.outcome == QLatin1String("ok"))
        query.outcome = QStringLiteral("responded");
    if (query.threadId.size() > 64)
        return invalid(QStringLiteral("thread_id is too long"));
    if (!query.route.isEmpty() && !routePattern.match(query.route).hasMatch())
        return invalid(QStringLiteral("route must be a route name such as search_kb"));
    if (before.size() > 64)
        return invalid(QStringLiteral("before must be a trace id"));
    if (!parseBoundedInt(request, QStringLiteral("limit"), 1, 500, &query.limit))
        return invalid(QStringLiteral("limit must be 1-500"));
    Database &db = m_services.database;
    asOperator(request, reply, OperatorRole::Agent, [&db, query, before](const Operator &) mutable {
        TraceStore store(db);
        if (!before.isEmpty()) {
            query.before = store.find(before);
            if (!query.before)
                return HttpResponse::error(400, QStringLiteral("bad_request"),
                                           QStringLiteral("before must be the id of a listed trace"));
        }
        const auto traces = store.list(query);
        if (!traces)
            return HttpResponse::error(503, QStringLiteral("unavailable"), QStringLiteral("the database is not reachable"));
        QJsonArray rows;
        for (const Trace &trace : *traces) {
            QJsonObject row = trace.toJson();
            row.remove(QStringLiteral("spans"));
            rows.append(row);
        }
        QJsonObject page{{QStringLiteral("traces"), rows}, {QStringLiteral("limit"), query.limit}};
        // Where the next page starts, when there may be one.
        page.insert(QStringLiteral("next_before"),
                    traces->size() == query.limit ? QJsonValue(traces->last().id) : QJsonValue(QJsonValue::Null));
        return HttpResponse::json(page);
    });
}

void AdminController::listTools(const HttpRequest &request, const HttpReply &reply)
{
    const ToolRegistry &registry = m_services.tools;
    asOperator(request, reply, OperatorRole::Agent, [&registry](const Operator &) {
        QJsonArray tools;
        for (const QJsonValue &value : registry.specs()) {
            QJsonObject tool = value.toObject();
            const QString name = tool.value(QStringLiteral("name")).toString();
            // "circuit": closed | open | half_open, "open_until": when an open one lets a trial through.
            const QJsonObject circuit = registry.resilience().circuitJson(name);
            for (auto it = circuit.begin(); it != circuit.end(); ++it)
                tool.insert(it.key(), it.value());
            tool.insert(QStringLiteral("counters"), registry.telemetry().snapshot(name));
            tools.append(tool);
        }
        return HttpResponse::json({{QStringLiteral("tools"), tools}});
    });
}

// Turns, handoff rate, tool error rate, tokens and cost per UTC day, and turn
// latency P50/P95 by route, over the last `days` days (default 7, at most
// 90), summed from the traces so every replica reports the same. With
// `hours` (1-720, for the console's charts) also an hourly series over the
// last `hours` hours, hours without turns left out. The tool counters and
// circuits that follow are this process's own, since it started.
void AdminController::getMetrics(const HttpRequest &request, const HttpReply &reply)
{
    int days = 7;
    int hours = 0;
    if (!parseBoundedInt(request, QStringLiteral("days"), 1, 90, &days)) {
        reply.send(HttpResponse::error(400, QStringLiteral("bad_request"), QStringLiteral("days must be 1-90")));
        return;
    }
    if (!parseBoundedInt(request, QStringLiteral("hours"), 1, 720, &hours)) {
        reply.send(HttpResponse::error(400, QStringLiteral("bad_request"), QStringLiteral("hours must be 1-720")));
        return;
    }
    Database &db = m_services.database;
    const ToolRegistry &registry = m_services.tools;
    asOperator(request, reply, OperatorRole::Admin, [&db, &registry, days, hours](const Operator &) {
        constexpr qint64 dayMs = 86400000;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        // Whole UTC days: today so far and the days-1 before it.
        const qint64 from = (now / dayMs - (days - 1)) * dayMs;
        MetricsStore store(db);
        QList<MetricsStore::Day> daily;
        QList<MetricsStore::Latency> latencies;
        if (!store.daily(from, now + 1, &daily) || !store.latency(from, now + 1, &latencies))
            return HttpResponse::error(503, QStringLiteral("unavailable"), QStringLiteral("the database is not reachable"));
        // Whole UTC hours: this one so far and the hours-1 before it.
        constexpr qint64 hourMs = 3600000;
        const qint64 hoursFrom = (now / hourMs - (hours - 1)) * hourMs;
        QList<MetricsStore::Hour> hourly;
        if (hours > 0 && !store.hourly(hoursFrom, now + 1, &hourly))
            return HttpResponse::error(503, QStringLiteral("unavailable"), QStringLiteral("the database is not reachable"));

        MetricsStore::Totals totals;
        QJsonArray dayArray;
        for (const MetricsStore::Day &day : std::as_const(daily)) {
            totals += day.totals;
            QJsonObject object = day.totals.toJson();
            object.insert(QStringLiteral("date"),
                          QDateTime::fromMSecsSinceEpoch(day.dayStartMs, Qt::UTC).date().toString(Qt::ISODate));
            dayArray.append(object);
        }
        QJsonObject totalObject = totals.toJson();
        QJsonArray routes;
        for (const MetricsStore::Latency &latency : std::as_const(latencies)) {
            if (latency.route.isEmpty()) {
                totalObject.insert(QStringLiteral("latency"), latency.toJson());
            } else {
                routes.append(latency.toJson());
            }
        }
        QJsonArray hourArray;
        for (const MetricsStore::Hour &hour : std::as_const(hourly)) {
            QJsonObject object = hour.totals.toJson();
            object.insert(QStringLiteral("hour"),
                          QDateTime::fromMSecsSinceEpoch(hour.hourStartMs, Qt::UTC).toString(Qt::ISODate));
            object.insert(QStringLiteral("p50_ms"), hour.p50Ms);
            object.insert(QStringLiteral("p95_ms"), hour.p95Ms);
            hourArray.append(object);
        }
        QJsonObject window{{QStringLiteral("days"), days},
                           {QStringLiteral("from"), QDateTime::fromMSecsSinceEpoch(from, Qt::UTC).toString(Qt::ISODate)},
                           {QStringLiteral("to"), QDateTime::fromMSecsSinceEpoch(now, Qt::UTC).toString(Qt::ISODateWithMs)}};
        QJsonObject tools;
        const QJsonObject counters = registry.telemetry().snapshot();
        for (const QJsonValue &spec : registry.specs()) {
            const QString name = spec.toObject().value(QStringLiteral("name")).toString();
            QJsonObject tool = counters.value(name).toObject();
            const QJsonObject circuit = registry.resilience().circuitJson(name);
            for (auto it = circuit.begin(); it != circuit.end(); ++it)
                tool.insert(it.key(), it.value());
            tools.insert(name, tool);
        }
        QJsonObject body{{QStringLiteral("totals"), totalObject},
                         {QStringLiteral("days"), dayArray},
                         {QStringLiteral("routes"), routes},
                         {QStringLiteral("process"),
                          QJsonObject{{QStringLiteral("started_at"),
                                       QDateTime::fromMSecsSinceEpoch(processStartedAt, Qt::UTC).toString(Qt::ISODate)},
                                      {QStringLiteral("tools"), tools}}}};
        if (hours > 0) {
            window.insert(QStringLiteral("hours"), hours);
            window.insert(QStringLiteral("hours_from"),
                          QDateTime::fromMSecsSinceEpoch(hoursFrom, Qt::UTC).toString(Qt::ISODate));
            body.insert(QStringLiteral("hourly"), hourArray);
        }
        body.insert(QStringLiteral("window"), window);
        return HttpResponse::json(body);
    });
}

#include "admincontroller.h"

#include "store/conversationstore.h"
#include "store/feedbackstore.h"
#include "store/tracestore.h"
#include "tools/toolregistry.h"

#include <QJsonArray>

namespace {

bool parseBoundedInt(const HttpRequest &request, const QString &name, int min, int max, int *value)
{
    if (!request.query.hasQueryItem(name))
        return true;
    bool ok = false;
    *value = request.query.queryItemValue(name).toInt(&ok);
    return ok && *value >= min && *value <= max;
}

} // namespace

void AdminController::registerRoutes(Router &router)
{
    router.add("GET", QStringLiteral("/admin/agent/threads"),
               [this](const HttpRequest &request, const HttpReply &reply) { listThreads(request, reply); });
    router.add("GET", QStringLiteral("/admin/agent/threads/{id}"),
               [this](const HttpRequest &request, const HttpReply &reply) { getThread(request, reply); });
    router.add("GET", QStringLiteral("/admin/agent/traces/{id}"),
               [this](const HttpRequest &request, const HttpReply &reply) { getTrace(request, reply); });
    router.add("GET", QStringLiteral("/admin/agent/tools"),
               [this](const HttpRequest &request, const HttpReply &reply) { listTools(request, reply); });
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
        return HttpResponse::json({{QStringLiteral("thread"), stored->thread.toJson()},
                                   {QStringLiteral("messages"), messages},
                                   {QStringLiteral("feedback"), feedback}});
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

#include "healthcontroller.h"

#include "kb/kbservice.h"
#include "model/jsonutil.h"
#include "store/database.h"

void HealthController::registerRoutes(Router &router)
{
    router.add("GET", QStringLiteral("/healthz"), [](const HttpRequest &, const HttpReply &reply) {
        reply.send(HttpResponse::json({{QStringLiteral("status"), QStringLiteral("ok")}}));
    });
    router.add("GET", QStringLiteral("/readyz"), [this](const HttpRequest &, const HttpReply &reply) {
        Database &db = m_services.database;
        KbService &kb = m_services.kb;
        onWorker(reply, [&db, &kb] {
            const bool databaseOk = db.ping();
            const KbService::State kbState = databaseOk ? kb.state() : KbService::State{};
            const bool ready = databaseOk && kbState.ready;
            QJsonObject kbJson{{QStringLiteral("documents"), kbState.storedDocuments},
                               {QStringLiteral("indexed"), kbState.indexedDocuments},
                               {QStringLiteral("index_built_at"), json::formatTime(kbState.indexBuiltAt)},
                               {QStringLiteral("ok"), kbState.ready}};
            if (!kbState.reason.isEmpty())
                kbJson.insert(QStringLiteral("reason"), kbState.reason);
            QJsonObject body{{QStringLiteral("status"), ready ? QStringLiteral("ready") : QStringLiteral("not_ready")},
                             {QStringLiteral("database"),
                              QJsonObject{{QStringLiteral("ok"), databaseOk},
                                          {QStringLiteral("engine"), db.isSqlite() ? QStringLiteral("sqlite")
                                                                                   : QStringLiteral("postgresql")},
                                          {QStringLiteral("schema_version"), db.schemaVersion()}}},
                             {QStringLiteral("kb"), databaseOk ? kbJson : QJsonObject{{QStringLiteral("ok"), false}}}};
            return HttpResponse::json(body, ready ? 200 : 503);
        });
    });
}

#pragma once
#include "agentruntime.h"
#include "brain/llm/llmconfig.h"

#include "api/services.h"
#include "auth/securityconfig.h"
#include "http/httpfrontend.h"
#include "orchestrator/turnscheduler.h"

#include <QHostAddress>
#include <QObject>
#include <QThreadPool>
#include <memory>
#include <vector>

class ApiController;

struct ServeOptions
{
    QString dataDir;
    QString databaseUrl;        // empty: SQLite in dataDir
    QHostAddress bindAddress = QHostAddress::LocalHost;
    quint16 port = 8080;
    // Turn and database threads; 0: 4 with the rules brain, 64 with a model
    // (a turn then waits seconds on the network, holding its thread).
    int workers = 0;
    int ioThreads = 1;          // HTTP event-loop threads (1 is best on 2 cores)
    // --rate-limit N: public messages per minute per client, over what the
    // configuration says; 0 turns every rate limit off.
    std::optional<double> messagesPerMinute;
    // set: these rate limits, proxies and JWT settings, ignoring configFile and the environment (tests)
    std::optional<SecurityConfig> security;
    qint64 kbMaxAgeMs = 0;      // retrieval switches off when the KB is older; 0: no limit
    QString configFile;         // JSON settings ("llm", "web", "rate_limits", ...); empty: environment only
    std::optional<LlmConfig> llm; // set: these models, ignoring configFile and the environment
    TurnLimits turnLimits;      // tool calls per turn, per-tool and per-turn budgets
};

// supportd serve: the runtime behind the HTTP adapter and its controllers.
class Application : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Application)

public:
    explicit Application(const ServeOptions &options, QObject *parent = nullptr);
    ~Application() override;

    bool start(QString *error);
    quint16 port() const { return m_port; }
    AgentRuntime &runtime() { return *m_runtime; }
    RateLimits &rateLimits() { return *m_rateLimits; } // after start()

    static std::optional<DatabaseConfig> databaseConfig(const QString &dataDir, const QString &databaseUrl, QString *error);

private:
    // Rate limits, trusted proxies and the JWT verifier, from the options, the config file and the environment.
    bool loadSecurity(QString *error);

    ServeOptions m_options;
    std::unique_ptr<AgentRuntime> m_runtime;
    QThreadPool m_workers;
    QThreadPool m_passwordPool;
    SecurityConfig m_security;
    std::unique_ptr<RateLimits> m_rateLimits;
    std::unique_ptr<JwtVerifier> m_jwt;
    std::unique_ptr<TurnScheduler> m_scheduler;
    std::unique_ptr<Services> m_services;
    std::unique_ptr<HttpFrontend> m_http;
    std::vector<std::unique_ptr<ApiController>> m_controllers;
    quint16 m_port = 0;
};

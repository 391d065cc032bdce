#include "application.h"

#include "kb/embedderfactory.h"

#include "api/admincontroller.h"
#include "api/agentcontroller.h"
#include "api/authcontroller.h"
#include "api/healthcontroller.h"
#include "api/kbcontroller.h"
#include "api/livecontroller.h"
#include "channels/web/webchannelcontroller.h"
#include "channels/web/webconfig.h"

#include <QDir>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcSecurity, "supportd.security")

Application::Application(const ServeOptions &options, QObject *parent)
    : QObject(parent),
      m_options(options)
{
    m_workers.setExpiryTimeout(-1); // threads own database connections: keep them
    m_passwordPool.setMaxThreadCount(1);
    m_passwordPool.setExpiryTimeout(-1);
}

Application::~Application()
{
    m_http.reset(); // stop taking requests first
    m_workers.waitForDone();
    m_passwordPool.waitForDone();
}

std::optional<DatabaseConfig> Application::databaseConfig(const QString &dataDir, const QString &databaseUrl, QString *error)
{
    const QString url = databaseUrl.isEmpty() ? QString::fromUtf8(qgetenv("SUPPORTD_DATABASE_URL")) : databaseUrl;
    if (!url.isEmpty())
        return DatabaseConfig::fromUrl(url, error);
    if (dataDir.isEmpty()) {
        if (error)
            *error = QStringLiteral("give --data-dir (or --database)");
        return std::nullopt;
    }
    if (!QDir().mkpath(dataDir)) {
        if (error)
            *error = QStringLiteral("cannot create the data directory");
        return std::nullopt;
    }
    return DatabaseConfig::sqlite(QDir(dataDir).filePath(QStringLiteral("supportd.sqlite")));
}

bool Application::loadSecurity(QString *error)
{
    if (m_options.security) {
        m_security = *m_options.security;
    } else if (!SecurityConfig::load(m_options.configFile, QProcessEnvironment::systemEnvironment(), &m_security, error)) {
        return false;
    }
    if (m_options.messagesPerMinute) {
        m_security.rateLimits.messagesPerMinute = *m_options.messagesPerMinute;
        m_security.rateLimits.enabled = m_security.rateLimits.enabled && *m_options.messagesPerMinute > 0;
    }
    if (!m_security.rateLimits.enabled)
        qCWarning(lcSecurity) << "rate limits are OFF (SUPPORTD_RATE_LIMIT=off or --rate-limit 0): for load tests and "
                                 "benchmarks only, never on a public server";
    else
        qCInfo(lcSecurity).noquote() << "rate limits per minute:" << m_security.rateLimits.newThreadsPerMinute
                                     << "new threads and" << m_security.rateLimits.messagesPerMinute
                                     << "messages per client," << m_security.rateLimits.verifiedMessagesPerMinute
                                     << "per signed-in shopper," << m_security.rateLimits.operatorRequestsPerMinute
                                     << "requests per operator";
    if (!m_security.trustedProxies.isEmpty())
        qCInfo(lcSecurity).noquote() << "X-Forwarded-For believed from" << m_security.trustedProxies.describe().join(QStringLiteral(", "));
    if (m_security.jwt.enabled())
        qCInfo(lcSecurity).noquote() << "verified users: HS256 tokens from" << m_security.jwt.issuer << "for audience"
                                     << m_security.jwt.audience;
    m_rateLimits = std::make_unique<RateLimits>(m_security.rateLimits);
    m_jwt = std::make_unique<JwtVerifier>(m_security.jwt);
    return true;
}

bool Application::start(QString *error)
{
    const auto config = databaseConfig(m_options.dataDir, m_options.databaseUrl, error);
    if (!config)
        return false;
    std::shared_ptr<Embedder> embedder = kb::configuredEmbedder(error);
    if (!embedder)
        return false;
    LlmConfig llm;
    if (m_options.llm) {
        llm = *m_options.llm;
    } else if (!LlmConfig::load(m_options.configFile, QProcessEnvironment::systemEnvironment(), &llm, error)) {
        return false;
    }
    WebConfig web;
    if (!WebConfig::load(m_options.configFile, QProcessEnvironment::systemEnvironment(), &web, error))
        return false;
    if (!loadSecurity(error))
        return false;
    m_workers.setMaxThreadCount(m_options.workers > 0 ? m_options.workers : llm.enabled() ? 64 : 4);
    m_runtime = std::make_unique<AgentRuntime>(*config, m_options.turnLimits, std::move(embedder));
    m_runtime->kb().setMaxAgeMs(m_options.kbMaxAgeMs);
    m_runtime->setLlmConfig(llm);
    if (!m_runtime->start(error))
        return false;

    m_scheduler = std::make_unique<TurnScheduler>(&m_workers);
    m_services = std::make_unique<Services>(Services{m_runtime->database(), m_runtime->kbIndex(), m_runtime->kb(),
                                                     m_runtime->auth(), m_runtime->turns(), *m_scheduler, m_workers,
                                                     m_passwordPool, *m_rateLimits, m_security.trustedProxies, *m_jwt,
                                                     m_runtime->tools(),
                                                     m_runtime->events()});
    ConnectionLimits limits;
    // Operators upload documents of up to 5 MB; everything else keeps the default 64 KiB.
    limits.authorizedBodyLimits.append({KbController::pathPrefix, KbController::maxBodyBytes});
    m_http = std::make_unique<HttpFrontend>(limits);
    m_controllers.push_back(std::make_unique<HealthController>(*m_services));
    m_controllers.push_back(std::make_unique<AgentController>(*m_services));
    m_controllers.push_back(std::make_unique<AuthController>(*m_services));
    m_controllers.push_back(std::make_unique<AdminController>(*m_services));
    m_controllers.push_back(std::make_unique<KbController>(*m_services));
    m_controllers.push_back(std::make_unique<LiveController>(*m_services));
    m_controllers.push_back(std::make_unique<WebChannelController>(*m_services));
    m_http->router().setCorsPolicy(web.corsPolicy());
    for (const auto &controller : m_controllers)
        controller->registerRoutes(m_http->router());

    m_port = m_http->listen(m_options.bindAddress, m_options.port, m_options.ioThreads);
    if (m_port == 0) {
        if (error)
            *error = QStringLiteral("cannot listen on %1:%2 (%3)")
                         .arg(m_options.bindAddress.toString())
                         .arg(m_options.port)
                         .arg(m_http->errorString());
        return false;
    }
    return true;
}

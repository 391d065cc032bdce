#include "testserver.h"
#include "testdatabase.h"

#include <QUrl>

ServeOptions TestServer::defaultOptions()
{
    ServeOptions options;
    options.port = 0;
    options.security = SecurityConfig();
    options.security->rateLimits = RateLimitConfig::off();
    options.workers = 4;
    return options;
}

TestServer::TestServer(ServeOptions options) : m_options(std::move(options))
{
    m_options.dataDir = m_dir.path();
}

TestServer::~TestServer() = default;

bool TestServer::start()
{
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("no temporary folder");
        return false;
    }
    if (qgetenv("SUPPORTD_TEST_ENGINE") == "postgres" && m_options.databaseUrl.isEmpty()) {
        const testdb::Fresh fresh = testdb::create(QStringLiteral("postgres"));
        if (!fresh.error.isEmpty()) {
            m_error = fresh.error;
            m_skipped = fresh.skip;
            return false;
        }
        QUrl url;
        url.setScheme(QStringLiteral("postgresql"));
        url.setHost(fresh.config.host);
        url.setPort(fresh.config.port);
        url.setUserName(fresh.config.user);
        url.setPassword(fresh.config.password);
        url.setPath(QLatin1Char('/') + fresh.config.name);
        m_options.databaseUrl = url.toString();
    }
    m_app = std::make_unique<Application>(m_options);
    if (!m_app->start(&m_error)) {
        m_app.reset();
        return false;
    }
    return true;
}

bool TestServer::addOperator(const QString &username, OperatorRole role, const QString &password)
{
    return m_app && m_app->runtime().auth().addOperator(username, role, password, &m_error);
}

#include "testserver.h"

ServeOptions TestServer::defaultOptions()
{
    ServeOptions options;
    options.port = 0;
    options.messagesPerMinute = 0;
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

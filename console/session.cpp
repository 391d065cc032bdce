#include "session.h"
#include "tokenstore.h"

#include <QSettings>

Session::Session(TokenStore *tokens, QObject *parent)
    : QObject(parent), m_tokens(tokens), m_client(this), m_live(&m_client, this)
{
    connect(m_tokens, &TokenStore::tokenRead, this,
            [this](const QString &key, const QString &token, const QString &error) {
                if (key != m_pendingRestoreKey)
                    return;
                m_pendingRestoreKey.clear();
                if (!error.isEmpty())
                    emit tokenStoreError(error);
                if (token.isEmpty()) {
                    emit restoreFailed();
                    return;
                }
                // Does it still work? One small read tells.
                m_client.setToken(token);
                Api::ThreadQuery probe;
                probe.limit = 1;
                m_client.listThreads(probe, this, [this, token](const Api::Result<Api::ThreadPage> &result) {
                    if (result.ok()) {
                        const QString role = QSettings().value(QStringLiteral("session/role")).toString();
                        finishSignIn(token, operatorRoleFromString(role).value_or(OperatorRole::Agent), false);
                    } else {
                        m_client.setToken({});
                        if (result.error.isUnauthorized())
                            m_tokens->deleteToken(TokenStore::keyFor(m_serverUrl, m_username));
                        emit restoreFailed();
                    }
                });
            });
    connect(m_tokens, &TokenStore::tokenWritten, this, [this](const QString &, const QString &error) {
        if (!error.isEmpty())
            emit tokenStoreError(error);
    });
    connect(&m_client, &Api::ApiClient::unauthorized, this, [this] {
        if (!m_signedIn)
            return;
        m_signedIn = false;
        m_live.stop();
        m_tokens->deleteToken(TokenStore::keyFor(m_serverUrl, m_username));
        m_client.setToken({});
        emit expired();
    });
}

QUrl Session::normalizedUrl(const QString &text)
{
    QUrl url = QUrl::fromUserInput(text.trimmed()).adjusted(QUrl::StripTrailingSlash | QUrl::RemoveQuery
                                                             | QUrl::RemoveFragment);
    if (url.path() == QLatin1String("/"))
        url.setPath(QString());
    return url;
}

void Session::begin(const QString &serverUrl, const QString &username)
{
    m_live.stop();
    m_signedIn = false;
    m_serverUrl = normalizedUrl(serverUrl).toString();
    m_username = username.trimmed();
    m_client.setBaseUrl(QUrl(m_serverUrl));
}

void Session::signIn(const QString &serverUrl, const QString &username, const QString &password)
{
    begin(serverUrl, username);
    if (!QUrl(m_serverUrl).isValid() || QUrl(m_serverUrl).host().isEmpty()) {
        emit signInFailed(tr("The server address is not valid."));
        return;
    }
    m_client.login(m_username, password, this, [this](const Api::Result<Api::LoginInfo> &result) {
        if (!result.ok()) {
            emit signInFailed(result.error.kind == Api::ApiError::Kind::Http && result.error.httpStatus == 401
                                  ? tr("Wrong user name or password.")
                                  : result.error.toString());
            return;
        }
        finishSignIn(result->token, result->role, true);
    });
}

void Session::restore(const QString &serverUrl, const QString &username)
{
    begin(serverUrl, username);
    if (m_username.isEmpty() || QUrl(m_serverUrl).host().isEmpty()) {
        emit restoreFailed();
        return;
    }
    m_pendingRestoreKey = TokenStore::keyFor(m_serverUrl, m_username);
    m_tokens->readToken(m_pendingRestoreKey);
}

void Session::finishSignIn(const QString &token, OperatorRole role, bool store)
{
    m_client.setToken(token);
    m_role = role;
    m_signedIn = true;
    QSettings settings;
    settings.setValue(QStringLiteral("session/url"), m_serverUrl);
    settings.setValue(QStringLiteral("session/user"), m_username);
    settings.setValue(QStringLiteral("session/role"), operatorRoleToString(role));
    if (store)
        m_tokens->writeToken(TokenStore::keyFor(m_serverUrl, m_username), token);
    emit signedIn();
    m_live.start();
}

void Session::signOut()
{
    if (!m_username.isEmpty())
        m_tokens->deleteToken(TokenStore::keyFor(m_serverUrl, m_username));
    m_live.stop();
    const bool wasSignedIn = m_signedIn;
    m_signedIn = false;
    if (wasSignedIn) {
        // Tell the server (best effort); the token is gone from here either way.
        m_client.logout(this, [this](const Api::Result<Api::Done> &) {});
    }
    m_client.setToken({});
    emit signedOut();
}

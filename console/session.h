#pragma once
#include "api/apiclient.h"
#include "api/liveconnection.h"
#include "model/operator.h"

#include <QObject>
#include <QString>

class TokenStore;

// One operator signed in to one server: the API client with its bearer
// token, the live connection, and the token kept in a TokenStore (never in
// plain settings). Everything here is asynchronous.
class Session : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Session)

public:
    explicit Session(TokenStore *tokens, QObject *parent = nullptr);

    Api::ApiClient *client() { return &m_client; }
    Api::LiveConnection *live() { return &m_live; }
    TokenStore *tokenStore() const { return m_tokens; }

    bool isSignedIn() const { return m_signedIn; }
    QString serverUrl() const { return m_serverUrl; }
    QString username() const { return m_username; }
    OperatorRole role() const { return m_role; }

    // Signs in with a password; the token goes to the token store.
    void signIn(const QString &serverUrl, const QString &username, const QString &password);
    // Signs in with the token kept from last time, if there is one and it still works.
    void restore(const QString &serverUrl, const QString &username);
    // Ends the session on the server (best effort) and forgets the token.
    void signOut();

    static QUrl normalizedUrl(const QString &text);

signals:
    void signedIn();
    void signInFailed(const QString &message);
    void restoreFailed(); // nothing kept, or the kept token no longer works: ask for the password
    void signedOut();
    void expired();       // the server refused the token mid-session
    void tokenStoreError(const QString &message);

private:
    void begin(const QString &serverUrl, const QString &username);
    void finishSignIn(const QString &token, OperatorRole role, bool store);

    TokenStore *m_tokens;
    Api::ApiClient m_client;
    Api::LiveConnection m_live;
    QString m_serverUrl;
    QString m_username;
    QString m_pendingRestoreKey;
    OperatorRole m_role = OperatorRole::Agent;
    bool m_signedIn = false;
};

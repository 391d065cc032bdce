#pragma once
#include <QObject>
#include <QString>

// Where the console keeps operator session tokens between runs: never in
// plain settings. Every call answers later with its signal (the system
// keychain works asynchronously over D-Bus); `error` is empty on success, and
// a token that is not stored reads as an empty token with no error.
class TokenStore : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenStore)

public:
    using QObject::QObject;

    virtual void readToken(const QString &key) = 0;
    virtual void writeToken(const QString &key, const QString &token) = 0;
    virtual void deleteToken(const QString &key) = 0;

    // The key of one operator's session on one server.
    static QString keyFor(const QString &serverUrl, const QString &username);

signals:
    void tokenRead(const QString &key, const QString &token, const QString &error);
    void tokenWritten(const QString &key, const QString &error);
    void tokenDeleted(const QString &key, const QString &error);
};

#pragma once
#include "tokenstore.h"

// Tokens in the system keychain through qtkeychain (libsecret over D-Bus on
// Linux, the Keychain on macOS, the Credential Store on Windows). Each call
// is a qtkeychain job that finishes on the event loop.
class KeychainTokenStore : public TokenStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeychainTokenStore)

public:
    explicit KeychainTokenStore(const QString &service = QStringLiteral("support-console"), QObject *parent = nullptr);

    void readToken(const QString &key) override;
    void writeToken(const QString &key, const QString &token) override;
    void deleteToken(const QString &key) override;

private:
    QString m_service;
};

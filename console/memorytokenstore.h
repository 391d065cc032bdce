#pragma once
#include "tokenstore.h"

#include <QHash>

// Tokens in memory only, answering asynchronously like the keychain does:
// for tests, and for a console told not to remember the session.
class MemoryTokenStore : public TokenStore
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MemoryTokenStore)

public:
    explicit MemoryTokenStore(QObject *parent = nullptr) : TokenStore(parent) {}

    void readToken(const QString &key) override;
    void writeToken(const QString &key, const QString &token) override;
    void deleteToken(const QString &key) override;

    // Synchronous look at the contents, for tests.
    QString peek(const QString &key) const { return m_tokens.value(key); }
    int size() const { return int(m_tokens.size()); }

private:
    QHash<QString, QString> m_tokens;
};

#include "memorytokenstore.h"

#include <QTimer>

void MemoryTokenStore::readToken(const QString &key)
{
    const QString token = m_tokens.value(key);
    QTimer::singleShot(0, this, [this, key, token] { emit tokenRead(key, token, {}); });
}

void MemoryTokenStore::writeToken(const QString &key, const QString &token)
{
    m_tokens.insert(key, token);
    QTimer::singleShot(0, this, [this, key] { emit tokenWritten(key, {}); });
}

void MemoryTokenStore::deleteToken(const QString &key)
{
    m_tokens.remove(key);
    QTimer::singleShot(0, this, [this, key] { emit tokenDeleted(key, {}); });
}

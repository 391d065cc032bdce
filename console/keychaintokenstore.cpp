#include "keychaintokenstore.h"

#include <qt6keychain/keychain.h>

KeychainTokenStore::KeychainTokenStore(const QString &service, QObject *parent)
    : TokenStore(parent), m_service(service)
{
}

void KeychainTokenStore::readToken(const QString &key)
{
    auto *job = new QKeychain::ReadPasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [this, key](QKeychain::Job *finished) {
        auto *read = static_cast<QKeychain::ReadPasswordJob *>(finished);
        if (read->error() == QKeychain::EntryNotFound)
            emit tokenRead(key, {}, {});
        else if (read->error() != QKeychain::NoError)
            emit tokenRead(key, {}, read->errorString());
        else
            emit tokenRead(key, read->textData(), {});
    });
    job->start();
}

void KeychainTokenStore::writeToken(const QString &key, const QString &token)
{
    auto *job = new QKeychain::WritePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setKey(key);
    job->setTextData(token);
    connect(job, &QKeychain::Job::finished, this, [this, key](QKeychain::Job *finished) {
        emit tokenWritten(key, finished->error() == QKeychain::NoError ? QString() : finished->errorString());
    });
    job->start();
}

void KeychainTokenStore::deleteToken(const QString &key)
{
    auto *job = new QKeychain::DeletePasswordJob(m_service, this);
    job->setAutoDelete(true);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [this, key](QKeychain::Job *finished) {
        const bool ok = finished->error() == QKeychain::NoError || finished->error() == QKeychain::EntryNotFound;
        emit tokenDeleted(key, ok ? QString() : finished->errorString());
    });
    job->start();
}

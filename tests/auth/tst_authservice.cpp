#include "support/testdatabase.h"

#include "auth/authservice.h"
#include "auth/crypto.h"
#include "store/database.h"
#include "store/operatorstore.h"

#include <QDateTime>
#include <QDir>
#include <QSqlField>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>

#include <memory>

namespace {
const QString kPassword = QStringLiteral("correct horse battery staple");
}

// AuthService on a real SQLite database, fresh for each test function.
class TestAuthService : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(crypto::initialize()); }

    void init()
    {
        m_fresh = testdb::create(QStringLiteral("sqlite"));
        QVERIFY2(m_fresh.error.isEmpty(), qPrintable(m_fresh.error));
        m_db = std::make_unique<Database>(m_fresh.config);
        QString error;
        QVERIFY2(m_db->open(&error), qPrintable(error));
        m_auth = std::make_unique<AuthService>(*m_db);
    }

    void cleanup()
    {
        m_auth.reset();
        m_db.reset();
        m_fresh = {};
    }

    void addOperatorValidates_data()
    {
        QTest::addColumn<QString>("username");
        QTest::addColumn<QString>("password");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("valid") << QStringLiteral("alice") << kPassword << true;
        QTest::newRow("email as name") << QStringLiteral("alice.smith@example.com") << kPassword << true;
        QTest::newRow("ten characters") << QStringLiteral("alice") << QStringLiteral("0123456789") << true;
        QTest::newRow("64 characters") << QString(64, QLatin1Char('a')) << kPassword << true;
        QTest::newRow("short password") << QStringLiteral("alice") << QStringLiteral("012345678") << false;
        QTest::newRow("empty password") << QStringLiteral("alice") << QString() << false;
        QTest::newRow("empty name") << QString() << kPassword << false;
        QTest::newRow("one character") << QStringLiteral("a") << kPassword << false;
        QTest::newRow("65 characters") << QString(65, QLatin1Char('a')) << kPassword << false;
        QTest::newRow("space") << QStringLiteral("alice smith") << kPassword << false;
        QTest::newRow("slash") << QStringLiteral("alice/admin") << kPassword << false;
        QTest::newRow("quote") << QStringLiteral("x'; DROP TABLE operators; --") << kPassword << false;
        QTest::newRow("non-ASCII") << QStringLiteral("ålice") << kPassword << false;
        QTest::newRow("trailing newline") << QStringLiteral("alice\n") << kPassword << false;
        QTest::newRow("leading newline") << QStringLiteral("\nalice") << kPassword << false;
    }

    void addOperatorValidates()
    {
        QFETCH(QString, username);
        QFETCH(QString, password);
        QFETCH(bool, accepted);
        QString error;
        QCOMPARE(m_auth->addOperator(username, OperatorRole::Agent, password, &error), accepted);
        QCOMPARE(error.isEmpty(), accepted);
        QCOMPARE(OperatorStore(*m_db).findByName(username).has_value(), accepted);
    }

    void loginGivesASession()
    {
        QString error;
        QVERIFY2(m_auth->addOperator(QStringLiteral("alice"), OperatorRole::Editor, kPassword, &error),
                 qPrintable(error));
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        const auto result = m_auth->login(QStringLiteral("alice"), kPassword, QStringLiteral("10.0.0.1"));
        const qint64 after = QDateTime::currentMSecsSinceEpoch();
        QCOMPARE(result.status, AuthService::LoginResult::Status::Ok);
        QCOMPARE(result.token.size(), 43);
        QCOMPARE(result.role, OperatorRole::Editor);
        const qint64 lifetime = 12 * 3600 * 1000;
        QVERIFY(result.expiresAt >= before + lifetime && result.expiresAt <= after + lifetime);

        const auto op = m_auth->authenticate(result.token);
        QVERIFY(op);
        QCOMPARE(op->username, QStringLiteral("alice"));
        QCOMPARE(op->role, OperatorRole::Editor);
        QVERIFY(!m_auth->authenticate(QString()));
        QVERIFY(!m_auth->authenticate(crypto::randomToken()));
        QVERIFY(!m_auth->authenticate(result.token + QLatin1Char('x')));
        QVERIFY(!m_auth->authenticate(result.token.chopped(1)));

        // Every login is its own session.
        const auto second = m_auth->login(QStringLiteral("alice"), kPassword, QStringLiteral("10.0.0.1"));
        QCOMPARE(second.status, AuthService::LoginResult::Status::Ok);
        QVERIFY(second.token != result.token);
        QVERIFY(m_auth->authenticate(result.token));
        QVERIFY(m_auth->authenticate(second.token));
    }

    void wrongCredentialsAreRefused()
    {
        QString error;
        QVERIFY(m_auth->addOperator(QStringLiteral("alice"), OperatorRole::Agent, kPassword, &error));
        const auto wrong =
            m_auth->login(QStringLiteral("alice"), kPassword + QLatin1Char('!'), QStringLiteral("10.0.0.1"));
        QCOMPARE(wrong.status, AuthService::LoginResult::Status::InvalidCredentials);
        QVERIFY(wrong.token.isEmpty());
        const auto unknown = m_auth->login(QStringLiteral("mallory"), kPassword, QStringLiteral("10.0.0.1"));
        QCOMPARE(unknown.status, AuthService::LoginResult::Status::InvalidCredentials);
        QVERIFY(unknown.token.isEmpty());
        QCOMPARE(sessionCount(), 0);
    }

    void disabledOperatorCannotLogIn()
    {
        Operator op;
        op.id = crypto::uuidV4();
        op.username = QStringLiteral("carol");
        op.disabled = true;
        QVERIFY(OperatorStore(*m_db).upsert(op, crypto::hashPassword(kPassword)));
        const auto result = m_auth->login(QStringLiteral("carol"), kPassword, QStringLiteral("10.0.0.1"));
        QCOMPARE(result.status, AuthService::LoginResult::Status::InvalidCredentials);
        QVERIFY(result.token.isEmpty());
    }

    void failuresPerUserAreThrottled()
    {
        QString error;
        QVERIFY(m_auth->addOperator(QStringLiteral("alice"), OperatorRole::Agent, kPassword, &error));
        QVERIFY(m_auth->addOperator(QStringLiteral("bob"), OperatorRole::Agent, kPassword, &error));
        // The name's case does not give an attacker fresh attempts.
        const QStringList names = {QStringLiteral("alice"), QStringLiteral("Alice"), QStringLiteral("ALICE"),
                                   QStringLiteral("alice"), QStringLiteral("aLiCe")};
        for (int i = 0; i < names.size(); ++i) {
            const auto result = m_auth->login(names.at(i), QStringLiteral("guess-%1").arg(i),
                                              QStringLiteral("10.0.0.%1").arg(i));
            QCOMPARE(result.status, AuthService::LoginResult::Status::InvalidCredentials);
        }
        const auto throttled = m_auth->login(QStringLiteral("alice"), kPassword, QStringLiteral("10.0.0.99"));
        QCOMPARE(throttled.status, AuthService::LoginResult::Status::Throttled);
        QVERIFY(throttled.token.isEmpty());
        QVERIFY(throttled.retryAfterMs > 0);
        QCOMPARE(sessionCount(), 0);

        QCOMPARE(m_auth->login(QStringLiteral("bob"), kPassword, QStringLiteral("10.0.0.1")).status,
                 AuthService::LoginResult::Status::Ok);
    }

    void failuresPerAddressAreThrottled()
    {
        QString error;
        QVERIFY(m_auth->addOperator(QStringLiteral("alice"), OperatorRole::Agent, kPassword, &error));
        for (int i = 0; i < 20; ++i) {
            const auto result = m_auth->login(QStringLiteral("user%1").arg(i), kPassword, QStringLiteral("192.0.2.7"));
            QCOMPARE(result.status, AuthService::LoginResult::Status::InvalidCredentials);
        }
        QCOMPARE(m_auth->login(QStringLiteral("alice"), kPassword, QStringLiteral("192.0.2.7")).status,
                 AuthService::LoginResult::Status::Throttled);
        QCOMPARE(m_auth->login(QStringLiteral("alice"), kPassword, QStringLiteral("192.0.2.8")).status,
                 AuthService::LoginResult::Status::Ok);
    }

    void logoutEndsTheSession()
    {
        QString error;
        QVERIFY(m_auth->addOperator(QStringLiteral("alice"), OperatorRole::Agent, kPassword, &error));
        const auto first = m_auth->login(QStringLiteral("alice"), kPassword, QStringLiteral("10.0.0.1"));
        const auto second = m_auth->login(QStringLiteral("alice"), kPassword, QStringLiteral("10.0.0.2"));
        QVERIFY(m_auth->authenticate(first.token));
        QVERIFY(m_auth->logout(first.token));
        QVERIFY(!m_auth->authenticate(first.token));
        QVERIFY(m_auth->authenticate(second.token));
        QCOMPARE(sessionCount(), 1);
    }

    void sessionsExpire()
    {
        QString error;
        QVERIFY(m_auth->addOperator(QStringLiteral("alice"), OperatorRole::Agent, kPassword, &error));
        AuthService shortLived(*m_db, 50);
        const auto result = shortLived.login(QStringLiteral("alice"), kPassword, QStringLiteral("10.0.0.1"));
        QCOMPARE(result.status, AuthService::LoginResult::Status::Ok);
        QTRY_VERIFY_WITH_TIMEOUT(!shortLived.authenticate(result.token), 2000);
        // The next login clears sessions that have expired.
        QCOMPARE(sessionCount(), 1);
        QCOMPARE(shortLived.login(QStringLiteral("alice"), kPassword, QStringLiteral("10.0.0.1")).status,
                 AuthService::LoginResult::Status::Ok);
        QCOMPARE(sessionCount(), 1);
    }

    void newPasswordEndsSessions()
    {
        QString error;
        QVERIFY(m_auth->addOperator(QStringLiteral("alice"), OperatorRole::Agent, kPassword, &error));
        const auto before = m_auth->login(QStringLiteral("alice"), kPassword, QStringLiteral("10.0.0.1"));
        QVERIFY(m_auth->authenticate(before.token));
        const QString newPassword = QStringLiteral("a completely different one");
        QVERIFY(m_auth->addOperator(QStringLiteral("alice"), OperatorRole::Admin, newPassword, &error));
        QVERIFY(!m_auth->authenticate(before.token));
        QCOMPARE(m_auth->login(QStringLiteral("alice"), kPassword, QStringLiteral("10.0.0.1")).status,
                 AuthService::LoginResult::Status::InvalidCredentials);
        const auto after = m_auth->login(QStringLiteral("alice"), newPassword, QStringLiteral("10.0.0.1"));
        QCOMPARE(after.status, AuthService::LoginResult::Status::Ok);
        QCOMPARE(after.role, OperatorRole::Admin);
    }

    void tokensAreNeverStoredInClear()
    {
        QString error;
        QVERIFY(m_auth->addOperator(QStringLiteral("alice"), OperatorRole::Agent, kPassword, &error));
        const auto result = m_auth->login(QStringLiteral("alice"), kPassword, QStringLiteral("10.0.0.1"));
        QCOMPARE(result.status, AuthService::LoginResult::Status::Ok);

        QSqlQuery query(m_db->connection());
        QVERIFY(query.exec(QStringLiteral("SELECT * FROM sessions")));
        int rows = 0;
        bool digestFound = false;
        while (query.next()) {
            ++rows;
            const QSqlRecord record = query.record();
            for (int i = 0; i < record.count(); ++i) {
                const QString value = record.value(i).toString();
                QVERIFY2(!value.contains(result.token), qPrintable(record.fieldName(i)));
                digestFound = digestFound || value == crypto::tokenDigest(result.token);
            }
        }
        QCOMPARE(rows, 1);
        QVERIFY(digestFound);
        // Nor anywhere else: not in the database file or its write-ahead log.
        const QDir dir(m_fresh.dir->path());
        for (const QString &name : dir.entryList(QDir::Files)) {
            QFile file(dir.filePath(name));
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(!file.readAll().contains(result.token.toUtf8()), qPrintable(name));
        }
    }

private:
    int sessionCount()
    {
        QSqlQuery query(m_db->connection());
        if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM sessions")) || !query.next())
            return -1;
        return query.value(0).toInt();
    }

    testdb::Fresh m_fresh;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<AuthService> m_auth;
};

QTEST_GUILESS_MAIN(TestAuthService)
#include "tst_authservice.moc"

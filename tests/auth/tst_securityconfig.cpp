#include "auth/securityconfig.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

// Rate limits, trusted proxies and the JWT settings from the config file and
// the environment (which wins), with errors that name the setting, never a secret.
class TestSecurityConfig : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString writeFile(const QString &name, const QByteArray &contents)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(contents) != contents.size())
            return {};
        return path;
    }

private slots:
    void defaults()
    {
        SecurityConfig config;
        QString error;
        QVERIFY2(SecurityConfig::load(QString(), QProcessEnvironment(), &config, &error), qPrintable(error));
        QVERIFY(config.rateLimits.enabled);
        QCOMPARE(config.rateLimits.newThreadsPerMinute, 30.0);
        QCOMPARE(config.rateLimits.messagesPerMinute, 60.0);
        QVERIFY(config.trustedProxies.isEmpty());
        QVERIFY(!config.jwt.enabled());
        QCOMPARE(config.jwt.audience, QStringLiteral("supportd"));
    }

    void fileThenEnvironment()
    {
        const QString secretFile = writeFile(QStringLiteral("jwt-secret"), "file-secret-file-secret-file-secret-123\n");
        const QJsonObject file{
            {QStringLiteral("llm"), QJsonObject{{QStringLiteral("primary"), QJsonValue::Null}}},
            {QStringLiteral("rate_limits"), QJsonObject{{QStringLiteral("messages_per_minute"), 20},
                                                        {QStringLiteral("new_threads_per_minute"), 5},
                                                        {QStringLiteral("devices_per_address"), 3}}},
            {QStringLiteral("trusted_proxies"), QJsonArray{QStringLiteral("10.0.0.0/8")}},
            {QStringLiteral("web"),
             QJsonObject{{QStringLiteral("origins"), QJsonArray{QStringLiteral("https://shop.example")}},
                         {QStringLiteral("jwt"), QJsonObject{{QStringLiteral("secret_file"), secretFile},
                                                             {QStringLiteral("issuer"), QStringLiteral("https://shop.example")},
                                                             {QStringLiteral("audience"), QStringLiteral("chat")}}}}}};
        const QString path = writeFile(QStringLiteral("config.json"), QJsonDocument(file).toJson());
        QVERIFY(!path.isEmpty());
        SecurityConfig config;
        QString error;
        QVERIFY2(SecurityConfig::load(path, QProcessEnvironment(), &config, &error), qPrintable(error));
        QCOMPARE(config.rateLimits.messagesPerMinute, 20.0);
        QCOMPARE(config.rateLimits.newThreadsPerMinute, 5.0);
        QCOMPARE(config.rateLimits.devicesPerAddress, 3);
        QVERIFY(config.trustedProxies.contains(QHostAddress(QStringLiteral("10.1.2.3"))));
        QCOMPARE(config.jwt.secret, QByteArray("file-secret-file-secret-file-secret-123"));
        QCOMPARE(config.jwt.issuer, QStringLiteral("https://shop.example"));
        QCOMPARE(config.jwt.audience, QStringLiteral("chat"));

        QProcessEnvironment env;
        env.insert(QStringLiteral("SUPPORTD_RATE_LIMIT"), QStringLiteral("off"));
        env.insert(QStringLiteral("SUPPORTD_RATE_LIMIT_MESSAGES"), QStringLiteral("90"));
        env.insert(QStringLiteral("SUPPORTD_TRUSTED_PROXIES"), QStringLiteral("127.0.0.1, ::1"));
        env.insert(QStringLiteral("SUPPORTD_JWT_SECRET"), QStringLiteral("env-secret-env-secret-env-secret-env-1"));
        env.insert(QStringLiteral("SUPPORTD_JWT_AUDIENCE"), QStringLiteral("supportd"));
        QVERIFY2(SecurityConfig::load(path, env, &config, &error), qPrintable(error));
        QVERIFY(!config.rateLimits.enabled);
        QCOMPARE(config.rateLimits.messagesPerMinute, 90.0);
        QVERIFY(!config.trustedProxies.contains(QHostAddress(QStringLiteral("10.1.2.3"))));
        QVERIFY(config.trustedProxies.contains(QHostAddress(QStringLiteral("::1"))));
        QCOMPARE(config.jwt.secret, QByteArray("env-secret-env-secret-env-secret-env-1"));
        QCOMPARE(config.jwt.audience, QStringLiteral("supportd"));
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QStringList>("environment"); // NAME=value
        QTest::addColumn<QString>("message");
        QTest::newRow("bad switch") << QByteArray() << QStringList{QStringLiteral("SUPPORTD_RATE_LIMIT=maybe")}
                                    << "SUPPORTD_RATE_LIMIT";
        QTest::newRow("negative") << QByteArray() << QStringList{QStringLiteral("SUPPORTD_RATE_LIMIT_MESSAGES=-1")}
                                  << "SUPPORTD_RATE_LIMIT_MESSAGES";
        QTest::newRow("not a number") << QByteArray(R"({"rate_limits": {"messages_per_minute": "lots"}})") << QStringList()
                                      << "rate_limits.messages_per_minute";
        QTest::newRow("unknown key") << QByteArray(R"({"rate_limits": {"messages": 5}})") << QStringList() << "rate_limits.messages";
        QTest::newRow("bad proxy") << QByteArray() << QStringList{QStringLiteral("SUPPORTD_TRUSTED_PROXIES=proxy.example")}
                                   << "proxy.example";
        QTest::newRow("short secret") << QByteArray()
                                      << QStringList{QStringLiteral("SUPPORTD_JWT_SECRET=short-one"),
                                                     QStringLiteral("SUPPORTD_JWT_ISSUER=https://shop.example")}
                                      << "32 bytes";
        QTest::newRow("secret without issuer")
            << QByteArray() << QStringList{QStringLiteral("SUPPORTD_JWT_SECRET=0123456789abcdef0123456789abcdef0")} << "issuer";
        QTest::newRow("secret twice") << QByteArray()
                                      << QStringList{QStringLiteral("SUPPORTD_JWT_SECRET=0123456789abcdef0123456789abcdef0"),
                                                     QStringLiteral("SUPPORTD_JWT_SECRET_FILE=/nonexistent")}
                                      << "not both";
        QTest::newRow("a secret in the file itself")
            << QByteArray(R"({"web": {"jwt": {"secret": "0123456789abcdef0123456789abcdef0"}}})") << QStringList()
            << "web.jwt.secret";
        QTest::newRow("not JSON") << QByteArray("{\"rate_limits\": ") << QStringList() << "not a JSON object";
    }

    void errors()
    {
        QFETCH(QByteArray, file);
        QFETCH(QStringList, environment);
        QFETCH(QString, message);
        QProcessEnvironment env;
        for (const QString &entry : std::as_const(environment))
            env.insert(entry.section(QLatin1Char('='), 0, 0), entry.section(QLatin1Char('='), 1));
        const QString path = file.isEmpty() ? QString() : writeFile(QStringLiteral("bad.json"), file);
        SecurityConfig config;
        QString error;
        QVERIFY(!SecurityConfig::load(path, env, &config, &error));
        QVERIFY2(error.contains(message), qPrintable(error));
        QVERIFY2(!error.contains(QStringLiteral("0123456789abcdef")), "an error showed the secret");
    }
};

QTEST_GUILESS_MAIN(TestSecurityConfig)
#include "tst_securityconfig.moc"

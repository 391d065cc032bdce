#include "support/apiclient.h"
#include "support/testjwt.h"
#include "support/testserver.h"

#include "auth/crypto.h"
#include "store/conversationstore.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

// The public channel's security on a real supportd: rate limits per client
// (address plus X-Device-Id, X-Forwarded-For behind a trusted proxy), per
// operator, switched off by SUPPORTD_RATE_LIMIT=off; and verified users (an
// HS256 JWT as the WordPress plugin mints it) who get their own orders.
namespace {

const QString kOperator = QStringLiteral("olivia");
const QString kPassword = QStringLiteral("correct horse battery staple");
const QByteArray kSecret = "test-secret-of-at-least-32-bytes-0123456789";
const QString kIssuer = QStringLiteral("http://127.0.0.1:8089");

// A burst of 3, then one message every 0.5 s: refusals and recovery in well under a second.
ServeOptions limited(const std::function<void(SecurityConfig &)> &adjust = {})
{
    ServeOptions options = TestServer::defaultOptions();
    options.security->rateLimits = RateLimitConfig();
    options.security->rateLimits.messagesPerMinute = 120;
    options.security->rateLimits.newThreadsPerMinute = 120;
    options.security->rateLimits.burst = 3;
    if (adjust)
        adjust(*options.security);
    return options;
}

QByteArray b64(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

// What the plugin's REST route returns.
QByteArray mintJwt(const QString &subject, const QString &email, const QByteArray &secret = kSecret,
                   const QString &audience = QStringLiteral("supportd"))
{
    return mintTestJwt(secret, kIssuer, subject, email, audience);
}

ServeOptions withJwt()
{
    ServeOptions options = TestServer::defaultOptions();
    options.security->jwt.secret = kSecret;
    options.security->jwt.issuer = kIssuer;
    return options;
}

QJsonObject message(const QString &text, const QString &threadId = {})
{
    QJsonObject body{{QStringLiteral("user_msg"), text}};
    if (!threadId.isEmpty())
        body.insert(QStringLiteral("thread_id"), threadId);
    return body;
}

ApiClient::Headers device(const QByteArray &id)
{
    return {{"X-Device-Id", id}};
}

QString replyText(const HttpResult &result)
{
    return result.json().value(QStringLiteral("message")).toObject().value(QStringLiteral("content")).toString();
}

// Log lines, to check what a refused token leaves there.
QStringList g_log;
void captureLog(QtMsgType, const QMessageLogContext &, const QString &text)
{
    g_log.append(text);
}

} // namespace

class TestPublicChannelApi : public QObject
{
    Q_OBJECT

    static void expectLimited(const HttpResult &result)
    {
        QCOMPARE(result.status, 429);
        QCOMPARE(result.errorCode(), QStringLiteral("rate_limited"));
        bool ok = false;
        const int retryAfter = result.header("Retry-After").toInt(&ok);
        QVERIFY2(ok && retryAfter >= 1 && retryAfter <= 2, result.header("Retry-After").constData());
    }

private slots:
    void burstOverTheLimitIsRefusedThenRecovers()
    {
        TestServer server(limited());
        START_TEST_SERVER(server);
        ApiClient client(server.port());
        const auto headers = device("device-aaaa-1111");
        const HttpResult first = client.post(QStringLiteral("/api/agent/messages"), message(QStringLiteral("Hello")), headers);
        QCOMPARE(first.status, 200);
        const QString threadId = first.json().value(QStringLiteral("thread_id")).toString();
        auto withToken = headers;
        withToken += ApiClient::threadToken(first.json().value(QStringLiteral("thread_token")).toString());
        for (int i = 0; i < 2; ++i)
            QCOMPARE(client.post(QStringLiteral("/api/agent/messages"), message(QStringLiteral("And returns?"), threadId),
                                 withToken).status, 200);
        expectLimited(client.post(QStringLiteral("/api/agent/messages"), message(QStringLiteral("Again?"), threadId), withToken));
        // Reading is not limited, and the refused message was not stored.
        const HttpResult read = client.readThread(threadId, first.json().value(QStringLiteral("thread_token")).toString());
        QCOMPARE(read.json().value(QStringLiteral("messages")).toArray().size(), 6);
        // One token every 0.5 s.
        QTest::qWait(700);
        QCOMPARE(client.post(QStringLiteral("/api/agent/messages"), message(QStringLiteral("Now?"), threadId), withToken).status,
                 200);
        expectLimited(client.post(QStringLiteral("/api/agent/messages"), message(QStringLiteral("Again?"), threadId), withToken));
    }

    void clientsWithOtherDevicesHaveTheirOwnBudget()
    {
        TestServer server(limited());
        START_TEST_SERVER(server);
        ApiClient client(server.port());
        for (int i = 0; i < 3; ++i)
            QCOMPARE(client.post(QStringLiteral("/api/agent/messages"), message(QStringLiteral("Hi")), device("device-one-0001")).status, 200);
        expectLimited(client.post(QStringLiteral("/api/agent/messages"), message(QStringLiteral("Hi")), device("device-one-0001")));
        // Another shopper behind the same address, and one without a device id.
        QCOMPARE(client.post(QStringLiteral("/api/agent/messages"), message(QStringLiteral("Hi")), device("device-two-0002")).status, 200);
        QCOMPARE(client.sendMessage(QStringLiteral("Hi")).status, 200);
    }

    void rotatingDeviceIdsGainNothingPastTheAddressCap()
    {
        TestServer server(limited([](SecurityConfig &config) { config.rateLimits.devicesPerAddress = 2; }));
        START_TEST_SERVER(server);
        ApiClient client(server.port());
        int accepted = 0;
        for (int i = 0; i < 12; ++i) {
            const QByteArray id = "rotating-device-" + QByteArray::number(i);
            const HttpResult result = client.post(QStringLiteral("/api/agent/messages"), message(QStringLiteral("Hi")), device(id));
            if (result.status == 200)
                ++accepted;
            else
                expectLimited(result);
        }
        QCOMPARE(accepted, 6); // two devices' bursts of 3, however many ids
    }

    void forwardedForCountsBehindATrustedProxyOnly()
    {
        TestServer server(limited([](SecurityConfig &config) {
            config.trustedProxies = *TrustedProxies::parse({QStringLiteral("127.0.0.1")}, nullptr);
        }));
        START_TEST_SERVER(server);
        ApiClient client(server.port());
        const ApiClient::Headers first{{"X-Forwarded-For", "198.51.100.1, 203.0.113.1"}};
        for (int i = 0; i < 3; ++i)
            QCOMPARE(client.post(QStringLiteral("/api/agent/messages"), message(QStringLiteral("Hi")), first).status, 200);
        expectLimited(client.post(QStringLiteral("/api/agent/messages"), message(QStringLiteral("Hi")), first));
        // A forged left part changes nothing: the right-most untrusted hop is the client.
        expectLimited(client.post(QStringLiteral("/api/agent/messages"), message(QStringLiteral("Hi")),
                                  {{"X-Forwarded-For", "192.0.2.99, 203.0.113.1"}}));
        // Another shopper behind the proxy has a budget of their own.
        QCOMPARE(client.post(QStringLiteral("/api/agent/messages"), message(QStringLiteral("Hi")),
                             {{"X-Forwarded-For", "203.0.113.2"}}).status, 200);
    }

    void forwardedForFromAnUntrustedPeerIsIgnored()
    {
        TestServer server(limited([](SecurityConfig &config) {
            config.trustedProxies = *TrustedProxies::parse({QStringLiteral("10.0.0.0/8")}, nullptr);
        }));
        START_TEST_SERVER(server);
        ApiClient client(server.port());
        for (int i = 0; i < 3; ++i) {
            const QByteArray forged = "203.0.113." + QByteArray::number(i + 1);
            QCOMPARE(client.post(QStringLiteral("/api/agent/messages"), message(QStringLiteral("Hi")), {{"X-Forwarded-For", forged}}).status,
                     200);
        }
        expectLimited(client.post(QStringLiteral("/api/agent/messages"), message(QStringLiteral("Hi")),
                                  {{"X-Forwarded-For", "203.0.113.77"}}));
    }

    void failedLoginsCountPerClientBehindATrustedProxy()
    {
        TestServer server(limited([](SecurityConfig &config) {
            config.trustedProxies = *TrustedProxies::parse({QStringLiteral("127.0.0.1")}, nullptr);
        }));
        START_TEST_SERVER(server);
        QVERIFY(server.addOperator(kOperator, OperatorRole::Agent, kPassword));
        ApiClient client(server.port());
        auto login = [&](const QString &password, const QByteArray &forwardedFor) {
            return client.post(QStringLiteral("/api/auth/login"),
                               QJsonObject{{QStringLiteral("username"), kOperator}, {QStringLiteral("password"), password}},
                               {{"X-Forwarded-For", forwardedFor}});
        };
        // One client guesses until its address is throttled (the per-user
        // limit would trip first for one name: each guess names another user).
        int throttledAfter = -1;
        for (int i = 0; i < 30 && throttledAfter < 0; ++i) {
            const HttpResult guess = client.post(
                QStringLiteral("/api/auth/login"),
                QJsonObject{{QStringLiteral("username"), QStringLiteral("nobody%1").arg(i)}, {QStringLiteral("password"), QStringLiteral("guess")}},
                {{"X-Forwarded-For", "198.51.100.7"}});
            if (guess.status == 429)
                throttledAfter = i;
            else
                QCOMPARE(guess.status, 401);
        }
        QVERIFY2(throttledAfter > 0, "the guessing client was never throttled");
        QCOMPARE(login(kPassword, "198.51.100.7").status, 429);
        // Another operator behind the same proxy signs in all the same.
        QCOMPARE(login(kPassword, "203.0.113.8").status, 200);
    }

    void operatorsHaveTheirOwnBudget()
    {
        TestServer server(limited([](SecurityConfig &config) { config.rateLimits.operatorRequestsPerMinute = 120; }));
        START_TEST_SERVER(server);
        QVERIFY(server.addOperator(kOperator, OperatorRole::Agent, kPassword));
        QVERIFY(server.addOperator(QStringLiteral("oscar"), OperatorRole::Agent, kPassword));
        ApiClient client(server.port());
        for (int i = 0; i < 3; ++i)
            QCOMPARE(client.sendMessage(QStringLiteral("Hi")).status, 200);
        expectLimited(client.sendMessage(QStringLiteral("Hi")));
        // Same address, but an operator's requests count against the operator.
        const auto olivia = ApiClient::bearer(client.login(kOperator, kPassword));
        for (int i = 0; i < 3; ++i)
            QCOMPARE(client.get(QStringLiteral("/admin/agent/threads"), olivia).status, 200);
        expectLimited(client.get(QStringLiteral("/admin/agent/threads"), olivia));
        QCOMPARE(client.get(QStringLiteral("/admin/agent/threads"), ApiClient::bearer(client.login(QStringLiteral("oscar"), kPassword))).status,
                 200);
        // A wrong token spends no operator's budget: it is refused as before.
        QCOMPARE(client.get(QStringLiteral("/admin/agent/threads"), ApiClient::bearer(QStringLiteral("nope"))).status, 401);
    }

    void offFromTheEnvironmentDisablesAndSaysSo()
    {
        ServeOptions options = limited();
        options.security.reset(); // read the environment, as supportd serve does
        qputenv("SUPPORTD_RATE_LIMIT", "off");
        qputenv("SUPPORTD_RATE_LIMIT_MESSAGES", "1");
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("rate limits are OFF")));
        TestServer server(options);
        const bool started = server.start();
        qunsetenv("SUPPORTD_RATE_LIMIT");
        qunsetenv("SUPPORTD_RATE_LIMIT_MESSAGES");
        if (!started && server.skipped())
            QSKIP(qPrintable(server.errorString()));
        QVERIFY2(started, qPrintable(server.errorString()));
        QVERIFY(!server.app().rateLimits().enabled());
        ApiClient client(server.port());
        for (int i = 0; i < 15; ++i)
            QCOMPARE(client.sendMessage(QStringLiteral("Hi")).status, 200);
    }

    void verifiedUserGetsTheirOwnOrdersOnly()
    {
        TestServer server(withJwt());
        START_TEST_SERVER(server);
        ApiClient client(server.port());
        const auto jane = ApiClient::bearer(QString::fromLatin1(mintJwt(QStringLiteral("7"), QStringLiteral("jane.doe@example.com"))));
        const HttpResult own = client.post(QStringLiteral("/api/agent/messages"), message(QStringLiteral("Where is my order 100482?")), jane);
        QCOMPARE(own.status, 200);
        QCOMPARE(own.json().value(QStringLiteral("verified")).toBool(), true);
        QVERIFY2(replyText(own).contains(QStringLiteral("Order #100482 was shipped")), qPrintable(replyText(own)));
        const QString threadId = own.json().value(QStringLiteral("thread_id")).toString();
        const QString threadToken = own.json().value(QStringLiteral("thread_token")).toString();
        const auto stored = ConversationStore(server.app().runtime().database()).findThread(threadId);
        QVERIFY(stored);
        QCOMPARE(stored->owner.subject, QStringLiteral("7"));
        QCOMPARE(stored->owner.email, QStringLiteral("jane.doe@example.com"));

        // Another customer's order (Lukas's), even with his e-mail typed in.
        auto janeOnThread = jane;
        janeOnThread += ApiClient::threadToken(threadToken);
        const HttpResult other = client.post(QStringLiteral("/api/agent/messages"),
                                             message(QStringLiteral("Where is order 100460? lukas.weber@example.net"), threadId),
                                             janeOnThread);
        QCOMPARE(other.status, 200);
        QVERIFY2(!replyText(other).contains(QStringLiteral("was shipped")), qPrintable(replyText(other)));
        QVERIFY2(replyText(other).contains(QStringLiteral("couldn't find order 100460")), qPrintable(replyText(other)));

        // Another signed-in user cannot write into Jane's thread.
        auto lukasOnThread = ApiClient::bearer(QString::fromLatin1(mintJwt(QStringLiteral("8"), QStringLiteral("lukas.weber@example.net"))));
        lukasOnThread += ApiClient::threadToken(threadToken);
        const HttpResult foreign = client.post(QStringLiteral("/api/agent/messages"), message(QStringLiteral("Hi"), threadId), lukasOnThread);
        QCOMPARE(foreign.status, 403);
        QCOMPARE(foreign.errorCode(), QStringLiteral("forbidden"));

        // With the thread token alone: answered, as anonymous, and the binding stays.
        const HttpResult anonymous = client.sendMessage(QStringLiteral("Where is my order 100482?"), threadId, threadToken);
        QCOMPARE(anonymous.status, 200);
        QCOMPARE(anonymous.json().value(QStringLiteral("verified")).toBool(), false);
        QVERIFY2(!replyText(anonymous).contains(QStringLiteral("was shipped")), qPrintable(replyText(anonymous)));
        QCOMPARE(ConversationStore(server.app().runtime().database()).findThread(threadId)->owner.subject, QStringLiteral("7"));
    }

    void refusedTokensLeaveTheSessionAnonymous_data()
    {
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<QString>("reason");
        const QByteArray valid = mintJwt(QStringLiteral("7"), QStringLiteral("jane.doe@example.com"));
        QTest::newRow("forged") << mintJwt(QStringLiteral("7"), QStringLiteral("jane.doe@example.com"), "another-secret-another-secret-another-secret")
                                << "bad signature";
        QTest::newRow("wrong audience") << mintJwt(QStringLiteral("7"), QStringLiteral("jane.doe@example.com"), kSecret, QStringLiteral("other"))
                                        << "wrong audience";
        const QList<QByteArray> parts = valid.split('.');
        QTest::newRow("alg none") << b64(R"({"alg":"none","typ":"JWT"})") + '.' + parts.at(1) + '.' << "algorithm";
        QTest::newRow("garbage") << QByteArray("not-a-token") << "malformed";
    }

    void refusedTokensLeaveTheSessionAnonymous()
    {
        QFETCH(QByteArray, token);
        QFETCH(QString, reason);
        TestServer server(withJwt());
        START_TEST_SERVER(server);
        ApiClient client(server.port());
        g_log.clear();
        const QtMessageHandler previous = qInstallMessageHandler(captureLog);
        const HttpResult result = client.post(QStringLiteral("/api/agent/messages"), message(QStringLiteral("Where is my order 100482?")),
                                              ApiClient::bearer(QString::fromLatin1(token)));
        qInstallMessageHandler(previous);
        QCOMPARE(result.status, 200);
        QCOMPARE(result.json().value(QStringLiteral("verified")).toBool(), false);
        QVERIFY2(!replyText(result).contains(QStringLiteral("was shipped")), qPrintable(replyText(result)));
        const QString log = g_log.join(QLatin1Char('\n'));
        QVERIFY2(log.contains(reason), qPrintable(log));
        QVERIFY2(!log.contains(QString::fromLatin1(token.left(token.size() / 2))), "the token was logged");
        const auto stored = ConversationStore(server.app().runtime().database())
                                .findThread(result.json().value(QStringLiteral("thread_id")).toString());
        QVERIFY(stored);
        QVERIFY(stored->owner.subject.isEmpty());
    }

    void anAnonymousThreadIsBoundWhenItsShopperSignsIn()
    {
        TestServer server(withJwt());
        START_TEST_SERVER(server);
        ApiClient client(server.port());
        const HttpResult first = client.sendMessage(QStringLiteral("Hello"));
        QCOMPARE(first.json().value(QStringLiteral("verified")).toBool(), false);
        const QString threadId = first.json().value(QStringLiteral("thread_id")).toString();
        auto headers = ApiClient::bearer(QString::fromLatin1(mintJwt(QStringLiteral("7"), QStringLiteral("jane.doe@example.com"))));
        headers += ApiClient::threadToken(first.json().value(QStringLiteral("thread_token")).toString());
        const HttpResult signedIn = client.post(QStringLiteral("/api/agent/messages"),
                                                message(QStringLiteral("Where is order 100391?"), threadId), headers);
        QCOMPARE(signedIn.status, 200);
        QCOMPARE(signedIn.json().value(QStringLiteral("verified")).toBool(), true);
        QVERIFY2(replyText(signedIn).contains(QStringLiteral("#100391")), qPrintable(replyText(signedIn)));
        QCOMPARE(ConversationStore(server.app().runtime().database()).findThread(threadId)->owner.subject, QStringLiteral("7"));
    }
};

QTEST_MAIN(TestPublicChannelApi)
#include "tst_publicchannelapi.moc"

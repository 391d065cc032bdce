#include "support/apiclient.h"
#include "support/testserver.h"

#include <QJsonObject>
#include <QNetworkReply>
#include <QTest>
#include <memory>

// get_order's throttling by client address, over HTTP: the agent API passes
// the peer address through TurnRunner and the orchestrator to the tool
// (ToolContext::clientAddress), so failed lookups spread over several
// conversations from one address are limited together (20 per 10 minutes),
// while each conversation stays under its own limit (5).
class TestOrderThrottleApi : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;

    static QString content(const HttpResult &result)
    {
        return result.json().value(QStringLiteral("message")).toObject().value(QStringLiteral("content")).toString();
    }

private slots:
    void initTestCase()
    {
        m_server = std::make_unique<TestServer>();
        START_TEST_SERVER(*m_server);
    }

    void cleanupTestCase() { m_server.reset(); }

    void failedLookupsAreThrottledPerAddress()
    {
        ApiClient client(m_server->port());
        struct Conversation
        {
            QString id, token;
        };
        QList<Conversation> conversations;
        int lookups = 0;
        // Five conversations, four wrong guesses each: 20 failed lookups, each
        // conversation under its own limit of 5.
        for (int c = 0; c < 5; ++c) {
            const HttpResult first = client.sendMessage(QStringLiteral("where is order 10000%1, guess@example.com").arg(c));
            QCOMPARE(first.status, 200);
            QVERIFY2(content(first).contains(QStringLiteral("double-check")), qPrintable(content(first)));
            ++lookups;
            conversations.append({first.json().value(QStringLiteral("thread_id")).toString(),
                                  first.json().value(QStringLiteral("thread_token")).toString()});
        }
        // The rest concurrently, one message per conversation at a time (turns
        // of different conversations run on different workers).
        for (int round = 1; round < 4; ++round) {
            QList<ApiClient *> clients;
            QList<QNetworkReply *> replies;
            for (int c = 0; c < conversations.size(); ++c) {
                clients.append(new ApiClient(m_server->port()));
                const QJsonObject body{{QStringLiteral("thread_id"), conversations.at(c).id},
                                       {QStringLiteral("user_msg"), QStringLiteral("where is order 2000%1%2? guess@example.com").arg(c).arg(round)}};
                replies.append(clients.last()->start("POST", QStringLiteral("/api/agent/messages"),
                                                     QJsonDocument(body).toJson(QJsonDocument::Compact),
                                                     ApiClient::threadToken(conversations.at(c).token)));
            }
            for (QNetworkReply *reply : std::as_const(replies)) {
                const HttpResult result = ApiClient::finish(reply);
                QCOMPARE(result.status, 200);
                QVERIFY2(content(result).contains(QStringLiteral("double-check")), qPrintable(content(result)));
                ++lookups;
            }
            qDeleteAll(clients);
        }
        QCOMPARE(lookups, 20);

        // The 21st lookup from this address, in a conversation of its own with
        // no failures yet, and with the right details: throttled by address.
        const HttpResult refused = client.sendMessage(QStringLiteral("where is order 100482, jane.doe@example.com"));
        QCOMPARE(refused.status, 200);
        QVERIFY2(content(refused).contains(QStringLiteral("too many attempts")), qPrintable(content(refused)));
        QVERIFY(!content(refused).contains(QStringLiteral("1Z999")));
    }
};

QTEST_GUILESS_MAIN(TestOrderThrottleApi)
#include "tst_orderthrottleapi.moc"

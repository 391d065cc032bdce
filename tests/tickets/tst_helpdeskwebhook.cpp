#include "fakes/fakehelpdesk.h"

#include "auth/crypto.h"
#include "store/database.h"
#include "store/ticketstore.h"
#include "tickets/helpdeskwebhook.h"
#include "tools/createtickettool.h"
#include "tools/toolregistry.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QMessageAuthenticationCode>
#include <QMutex>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

// Ticket delivery to a helpdesk over the signed webhook, against a fake
// helpdesk that checks signatures as a real receiver would.
namespace {

const QByteArray kSecret = "whsec_test_6f1c2a9e-not-for-production";

QMutex g_logMutex;
QStringList g_log;
QtMessageHandler g_previous = nullptr;

void captureMessages(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&g_logMutex);
        g_log.append(message);
    }
    if (g_previous)
        g_previous(type, context, message);
}

// Polls (the delivery runs on its own threads) until ready() or the timeout.
template<typename F>
bool waitFor(F ready, int timeoutMs = 10000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (ready())
            return true;
        QThread::msleep(10);
    }
    return ready();
}

} // namespace

class TestHelpdeskWebhook : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;
    int m_counter = 0;

    HelpdeskConfig config(const FakeHelpdesk &helpdesk) const
    {
        HelpdeskConfig config;
        config.url = QUrl(helpdesk.url());
        config.secret = kSecret;
        config.timeoutMs = 2000;
        config.firstBackoffMs = 20; // 20, 40, 80 ms instead of 1, 2, 4 s
        config.maxAttempts = 5;
        return config;
    }

    QString pendingTicket()
    {
        StoredTicket stored;
        stored.ticket.threadId = QStringLiteral("thread-%1").arg(++m_counter);
        stored.ticket.email = QStringLiteral("jane@example.com");
        stored.ticket.subject = QStringLiteral("Complaint (order 100482)");
        stored.ticket.body = QStringLiteral("user: the zip broke — again");
        stored.ticket.priority = QStringLiteral("high");
        stored.ticket.createdAt = stored.ticket.updatedAt = 1700000000000;
        stored.channel = QStringLiteral("web");
        stored.deliveryStatus = delivery::Pending;
        const auto result = TicketStore(*m_db).create(stored);
        return result.stored ? result.stored->ticket.id : QString();
    }

    StoredTicket row(const QString &id) { return TicketStore(*m_db).find(id).value_or(StoredTicket{}); }

private slots:
    void initTestCase()
    {
        QVERIFY(crypto::initialize());
        QVERIFY(m_dir.isValid());
        m_db = std::make_unique<Database>(DatabaseConfig::sqlite(m_dir.filePath(QStringLiteral("tickets.sqlite"))));
        QString error;
        QVERIFY2(m_db->open(&error), qPrintable(error));
        g_previous = qInstallMessageHandler(captureMessages);
    }

    void cleanupTestCase()
    {
        qInstallMessageHandler(g_previous);
        // Nothing supportd logged, stored or reported ever held the secret.
        QMutexLocker lock(&g_logMutex);
        QVERIFY(!g_log.isEmpty());
        for (const QString &line : std::as_const(g_log))
            QVERIFY2(!line.contains(QString::fromLatin1(kSecret)), qPrintable(line));
        QSqlQuery query(m_db->connection());
        QVERIFY(query.exec(QStringLiteral("SELECT id, delivery_error, external_id, body, subject FROM tickets")));
        int rows = 0;
        while (query.next()) {
            ++rows;
            for (int i = 0; i < 5; ++i)
                QVERIFY(!query.value(i).toString().contains(QString::fromLatin1(kSecret)));
        }
        QVERIFY(rows > 5);
    }

    void signatureFormat()
    {
        // What a receiver computes: HMAC-SHA256(secret, timestamp "." body), hex.
        const QByteArray body = R"({"event":"ticket.created"})";
        const QByteArray expected =
            "sha256=" + QMessageAuthenticationCode::hash("1700000000." + body, kSecret, QCryptographicHash::Sha256).toHex();
        QCOMPARE(helpdesk::signature(kSecret, "1700000000", body), expected);
    }

    void deliversSigned()
    {
        FakeHelpdesk helpdesk(kSecret);
        QVERIFY(helpdesk.start());
        const QString id = pendingTicket();
        QVERIFY(!id.isEmpty());
        HelpdeskWebhook webhook(*m_db, config(helpdesk));
        webhook.enqueue(id);
        QVERIFY(webhook.waitForIdle(10000));

        QCOMPARE(helpdesk.requestCount(), 1);
        const FakeHelpdesk::Request request = helpdesk.requests().first();
        QVERIFY(request.signatureValid);
        QCOMPARE(request.method, QByteArray("POST"));
        QCOMPARE(request.contentType, QByteArray("application/json"));
        QVERIFY(request.signature.startsWith("sha256="));
        QCOMPARE(request.body.value(QStringLiteral("event")).toString(), QStringLiteral("ticket.created"));
        const QJsonObject ticket = request.body.value(QStringLiteral("ticket")).toObject();
        QCOMPARE(ticket.value(QStringLiteral("id")).toString(), id);
        QCOMPARE(ticket.value(QStringLiteral("subject")).toString(), QStringLiteral("Complaint (order 100482)"));
        QCOMPARE(ticket.value(QStringLiteral("body")).toString(), QStringLiteral("user: the zip broke — again"));
        QCOMPARE(ticket.value(QStringLiteral("priority")).toString(), QStringLiteral("high"));
        QCOMPARE(ticket.value(QStringLiteral("email")).toString(), QStringLiteral("jane@example.com"));
        QCOMPARE(ticket.value(QStringLiteral("created_at")).toString(), QStringLiteral("2023-11-14T22:13:20.000Z"));

        const StoredTicket stored = row(id);
        QCOMPARE(stored.deliveryStatus, delivery::Delivered);
        QCOMPARE(stored.deliveryAttempts, 1);
        QCOMPARE(stored.ticket.externalId, QStringLiteral("HD-1"));
        QVERIFY(stored.deliveryError.isEmpty());
    }

    void wrongSecretIsRefusedWithoutRetry()
    {
        FakeHelpdesk helpdesk("another secret");
        QVERIFY(helpdesk.start());
        const QString id = pendingTicket();
        HelpdeskWebhook webhook(*m_db, config(helpdesk));
        webhook.enqueue(id);
        QVERIFY(webhook.waitForIdle(10000));
        QCOMPARE(helpdesk.requestCount(), 1);
        QVERIFY(!helpdesk.requests().first().signatureValid);
        QCOMPARE(helpdesk.requests().first().status, 401);
        QCOMPARE(row(id).deliveryStatus, delivery::Failed);
        QCOMPARE(row(id).deliveryError, QStringLiteral("HTTP 401"));
    }

    void retriesServerErrorsThenDelivers()
    {
        FakeHelpdesk helpdesk(kSecret);
        QVERIFY(helpdesk.start());
        helpdesk.failNext(2, 500);
        const QString id = pendingTicket();
        HelpdeskWebhook webhook(*m_db, config(helpdesk));
        webhook.enqueue(id);
        QVERIFY(webhook.waitForIdle(10000));
        QCOMPARE(helpdesk.requestCount(), 3);
        for (const FakeHelpdesk::Request &request : helpdesk.requests())
            QVERIFY(request.signatureValid); // each attempt signed afresh
        const StoredTicket stored = row(id);
        QCOMPARE(stored.deliveryStatus, delivery::Delivered);
        QCOMPARE(stored.deliveryAttempts, 3);
        QCOMPARE(stored.ticket.externalId, QStringLiteral("HD-3"));
        QVERIFY(stored.deliveryError.isEmpty());
    }

    void clientErrorIsNotRetried()
    {
        FakeHelpdesk helpdesk(kSecret);
        QVERIFY(helpdesk.start());
        helpdesk.setMode(FakeHelpdesk::Mode::Reject);
        const QString id = pendingTicket();
        HelpdeskWebhook webhook(*m_db, config(helpdesk));
        webhook.enqueue(id);
        QVERIFY(webhook.waitForIdle(10000));
        QCOMPARE(helpdesk.requestCount(), 1);
        QCOMPARE(row(id).deliveryStatus, delivery::Failed);
        QCOMPARE(row(id).deliveryAttempts, 1);
        QCOMPARE(row(id).deliveryError, QStringLiteral("HTTP 400"));
    }

    void tooManyRequestsIsRetriedAndAttemptsAreBounded()
    {
        FakeHelpdesk helpdesk(kSecret);
        QVERIFY(helpdesk.start());
        helpdesk.failNext(100, 429);
        const QString id = pendingTicket();
        HelpdeskConfig settings = config(helpdesk);
        settings.maxAttempts = 3;
        HelpdeskWebhook webhook(*m_db, settings);
        webhook.enqueue(id);
        QVERIFY(webhook.waitForIdle(10000));
        QCOMPARE(helpdesk.requestCount(), 3);
        QCOMPARE(row(id).deliveryStatus, delivery::Failed);
        QCOMPARE(row(id).deliveryAttempts, 3);
        // The helpdesk's error body (which echoes the request) is not recorded.
        QCOMPARE(row(id).deliveryError, QStringLiteral("HTTP 429"));
    }

    void slowHelpdeskTimesOutThenRetries()
    {
        FakeHelpdesk helpdesk(kSecret);
        QVERIFY(helpdesk.start());
        helpdesk.setMode(FakeHelpdesk::Mode::Slow);
        helpdesk.setDelayMs(3000);
        const QString id = pendingTicket();
        HelpdeskConfig settings = config(helpdesk);
        settings.timeoutMs = 300;
        settings.firstBackoffMs = 400;
        HelpdeskWebhook webhook(*m_db, settings);
        QElapsedTimer timer;
        timer.start();
        webhook.enqueue(id);
        QVERIFY(timer.elapsed() < 200); // never blocks the caller
        // The first attempt gives up at the timeout and is recorded as such.
        QVERIFY(waitFor([&] { return row(id).deliveryAttempts >= 1; }));
        QCOMPARE(row(id).deliveryStatus, delivery::Pending);
        QCOMPARE(row(id).deliveryError, QStringLiteral("timeout"));
        QVERIFY(row(id).nextAttemptAt > 0);
        helpdesk.setMode(FakeHelpdesk::Mode::Ok);
        QVERIFY(webhook.waitForIdle(10000));
        QCOMPARE(helpdesk.requestCount(), 2);
        QCOMPARE(row(id).deliveryStatus, delivery::Delivered);
        QCOMPARE(row(id).deliveryAttempts, 2);
    }

    void resumesPendingDeliveriesOnRestart()
    {
        FakeHelpdesk helpdesk(kSecret);
        QVERIFY(helpdesk.start());
        helpdesk.failNext(1, 503);
        const QString id = pendingTicket();
        {
            HelpdeskConfig settings = config(helpdesk);
            settings.firstBackoffMs = 60000; // the process stops before the retry is due
            HelpdeskWebhook webhook(*m_db, settings);
            webhook.enqueue(id);
            QVERIFY(waitFor([&] { return row(id).deliveryAttempts == 1; }));
        } // "shutdown": the waiting retry is abandoned, the row stays pending
        QCOMPARE(row(id).deliveryStatus, delivery::Pending);
        QCOMPARE(row(id).deliveryError, QStringLiteral("HTTP 503"));
        QCOMPARE(helpdesk.requestCount(), 1);

        HelpdeskConfig settings = config(helpdesk);
        settings.maxBackoffMs = 50; // the resumed wait is capped, so the test need not wait a minute
        HelpdeskWebhook restarted(*m_db, settings);
        QVERIFY(restarted.resumePending() >= 1);
        QVERIFY(restarted.waitForIdle(10000));
        QCOMPARE(row(id).deliveryStatus, delivery::Delivered);
        QCOMPARE(row(id).deliveryAttempts, 2);
        QVERIFY(helpdesk.acceptedTicketIds().contains(id));
        QCOMPARE(restarted.resumePending(), 0);
    }

    void unreachableHelpdeskIsRetried()
    {
        HelpdeskConfig settings;
        settings.url = QUrl(QStringLiteral("http://127.0.0.1:1/hooks/tickets")); // nothing listens
        settings.secret = kSecret;
        settings.maxAttempts = 2;
        settings.firstBackoffMs = 10;
        const QString id = pendingTicket();
        HelpdeskWebhook webhook(*m_db, settings);
        webhook.enqueue(id);
        QVERIFY(webhook.waitForIdle(10000));
        QCOMPARE(row(id).deliveryStatus, delivery::Failed);
        QCOMPARE(row(id).deliveryAttempts, 2);
        QVERIFY(row(id).deliveryError.startsWith(QStringLiteral("connection failed")));
    }

    void createTicketHandsTheTicketToTheWorker()
    {
        FakeHelpdesk helpdesk(kSecret);
        QVERIFY(helpdesk.start());
        HelpdeskWebhook webhook(*m_db, config(helpdesk));
        ToolRegistry registry;
        registry.add(std::make_unique<CreateTicketTool>(*m_db, &webhook));
        ToolContext context;
        context.threadId = QStringLiteral("thread-tool");
        context.turnId = QStringLiteral("turn-1");
        context.deadline = QDeadlineTimer(10000);
        const QJsonObject arguments{{QStringLiteral("subject"), QStringLiteral("Delete the customer account")},
                                    {QStringLiteral("body"), QStringLiteral("user: please delete my account")},
                                    {QStringLiteral("email"), QStringLiteral("sam@example.org")}};
        const ToolCall call = registry.invoke(QStringLiteral("create_ticket"), arguments, context);
        QVERIFY2(call.succeeded(), qPrintable(call.error));
        const QString id = call.result.value(QStringLiteral("ticket_id")).toString();
        // The retry in the same turn is the same ticket and is not delivered twice.
        const ToolCall retry = registry.invoke(QStringLiteral("create_ticket"), arguments, context);
        QCOMPARE(retry.result.value(QStringLiteral("ticket_id")).toString(), id);
        QVERIFY(webhook.waitForIdle(10000));
        QCOMPARE(helpdesk.acceptedTicketIds(), QStringList{id});
        QCOMPARE(row(id).deliveryStatus, delivery::Delivered);
        QCOMPARE(row(id).ticket.externalId, QStringLiteral("HD-1"));
    }

    void configFromEnvironment()
    {
        QTemporaryDir dir;
        const QString secretFile = dir.filePath(QStringLiteral("secret"));
        {
            QFile file(secretFile);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(kSecret + "\n");
        }
        qunsetenv("SUPPORTD_HELPDESK_WEBHOOK_URL");
        qunsetenv("SUPPORTD_HELPDESK_WEBHOOK_SECRET");
        qunsetenv("SUPPORTD_HELPDESK_WEBHOOK_SECRET_FILE");
        QString error;
        auto config = HelpdeskConfig::fromEnvironment(&error);
        QVERIFY(config);
        QVERIFY(!config->enabled());

        qputenv("SUPPORTD_HELPDESK_WEBHOOK_URL", "https://helpdesk.example/hooks/tickets");
        config = HelpdeskConfig::fromEnvironment(&error);
        QVERIFY(!config);
        QVERIFY(error.contains(QStringLiteral("SECRET")));

        qputenv("SUPPORTD_HELPDESK_WEBHOOK_SECRET_FILE", secretFile.toLocal8Bit());
        config = HelpdeskConfig::fromEnvironment(&error);
        QVERIFY(config);
        QVERIFY(config->enabled());
        QCOMPARE(config->secret, kSecret); // trailing newline trimmed

        qputenv("SUPPORTD_HELPDESK_WEBHOOK_URL", "ftp://helpdesk.example/");
        error.clear();
        QVERIFY(!HelpdeskConfig::fromEnvironment(&error));
        QVERIFY(!error.contains(QString::fromLatin1(kSecret)));
        qunsetenv("SUPPORTD_HELPDESK_WEBHOOK_URL");
        qunsetenv("SUPPORTD_HELPDESK_WEBHOOK_SECRET_FILE");
    }
};

QTEST_GUILESS_MAIN(TestHelpdeskWebhook)
#include "tst_helpdeskwebhook.moc"

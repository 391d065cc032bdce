#include "fakes/fakehelpdesk.h"

#include "app/agentruntime.h"
#include "auth/crypto.h"
#include "channels/sitewebhook.h"
#include "live/eventbus.h"
#include "store/conversationstore.h"
#include "store/database.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUuid>

#include <memory>

// The website's webhooks (ticket.created, thread.taken_over) from the live
// event bus to a receiver that checks the signature as the WordPress plugin
// does (tests/fakes/fakehelpdesk: same scheme, same window).
namespace {

const QByteArray kSecret = "site-secret-0b9d2c7e41a85f36-not-for-production";

Ticket complaint(const QString &threadId)
{
    Ticket ticket;
    ticket.id = QStringLiteral("T-7KQ2M9XA");
    ticket.threadId = threadId;
    ticket.email = QStringLiteral("jane.doe@example.com");
    ticket.subject = QStringLiteral("Complaint: boots fell apart, call me on +31 6 12345678");
    ticket.body = QStringLiteral("The whole conversation, with jane.doe@example.com in it");
    ticket.priority = QStringLiteral("high");
    ticket.createdAt = ticket.updatedAt = 1700000000000;
    return ticket;
}

} // namespace

// A receiver, a bus and the SiteWebhook between them.
struct Rig
{
    explicit Rig(const QByteArray &receiverSecret) : receiver(receiverSecret) {}
    FakeHelpdesk receiver;
    EventBus bus;
    std::unique_ptr<SiteWebhook> site;
};

class TestSiteWebhook : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;

    WebhookTarget target(const FakeHelpdesk &receiver) const
    {
        WebhookTarget target;
        target.url = QUrl(receiver.url());
        target.secret = kSecret;
        target.timeoutMs = 2000;
        target.firstBackoffMs = 20;
        target.maxAttempts = 4;
        return target;
    }

    // started: false when the receiver could not listen.
    std::unique_ptr<Rig> rig(int failures = 0, int status = 500, const QByteArray &receiverSecret = kSecret,
                             int firstBackoffMs = 20)
    {
        auto rig = std::make_unique<Rig>(receiverSecret);
        if (!rig->receiver.start())
            return {};
        rig->receiver.failNext(failures, status);
        WebhookTarget settings = target(rig->receiver);
        settings.firstBackoffMs = firstBackoffMs;
        rig->site = std::make_unique<SiteWebhook>(*m_db, rig->bus, settings);
        return rig;
    }

    QString newThread(const QString &channel)
    {
        Thread thread;
        thread.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        thread.channel = channel;
        thread.createdAt = thread.updatedAt = QDateTime::currentMSecsSinceEpoch();
        return ConversationStore(*m_db).createThread(thread, crypto::tokenDigest(thread.id)) ? thread.id : QString();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(crypto::initialize());
        QVERIFY(m_dir.isValid());
        m_db = std::make_unique<Database>(DatabaseConfig::sqlite(m_dir.filePath(QStringLiteral("site.sqlite"))));
        QString error;
        QVERIFY2(m_db->open(&error), qPrintable(error));
    }

    void ticketPayloadKeepsPersonalDataOut()
    {
        LiveEvent event;
        event.id = 42;
        event.type = liveevent::TicketCreated;
        event.at = 1700000000123;
        event.threadId = QStringLiteral("thread-1");
        event.data = complaint(event.threadId).toJson();
        const auto body = sitewebhook::payload(event, QStringLiteral("epoch1"));
        QVERIFY(body);
        const QJsonObject json = QJsonDocument::fromJson(*body).object();
        QCOMPARE(json.value(QStringLiteral("event")).toString(), QStringLiteral("ticket.created"));
        QCOMPARE(json.value(QStringLiteral("id")).toString(), QStringLiteral("epoch1-42"));
        QCOMPARE(json.value(QStringLiteral("thread_id")).toString(), QStringLiteral("thread-1"));
        QCOMPARE(json.value(QStringLiteral("created_at")).toString(), QStringLiteral("2023-11-14T22:13:20.123Z"));
        const QJsonObject ticket = json.value(QStringLiteral("ticket")).toObject();
        QCOMPARE(ticket.value(QStringLiteral("id")).toString(), QStringLiteral("T-7KQ2M9XA"));
        QCOMPARE(ticket.value(QStringLiteral("priority")).toString(), QStringLiteral("high"));
        QCOMPARE(ticket.value(QStringLiteral("status")).toString(), QStringLiteral("open"));
        QCOMPARE(ticket.value(QStringLiteral("email")).toString(), QStringLiteral("j***@example.com"));
        QVERIFY(ticket.value(QStringLiteral("subject")).toString().startsWith(QStringLiteral("Complaint: boots")));
        QVERIFY(!body->contains("12345678"));      // the phone number in the subject is masked
        QVERIFY(!body->contains("jane.doe"));      // nowhere in full
        QVERIFY(!ticket.contains(QStringLiteral("body"))); // the conversation stays in supportd
    }

    void onlyTakeoversOfThreadStatus_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<bool>("sent");
        QTest::newRow("takeover") << liveevent::ThreadStatus << QStringLiteral("takeover") << true;
        QTest::newRow("handback") << liveevent::ThreadStatus << QStringLiteral("handback") << false;
        QTest::newRow("handoff") << liveevent::ThreadStatus << QStringLiteral("customer asked") << false;
        QTest::newRow("message") << liveevent::MessageAdded << QString() << false;
        QTest::newRow("kb") << liveevent::KbChanged << QString() << false;
    }

    void onlyTakeoversOfThreadStatus()
    {
        QFETCH(QString, type);
        QFETCH(QString, reason);
        QFETCH(bool, sent);
        LiveEvent event;
        event.id = 7;
        event.type = type;
        event.threadId = QStringLiteral("thread-2");
        event.data = {{QStringLiteral("status"), QStringLiteral("human")},
                      {QStringLiteral("assignee"), QStringLiteral("olivia")},
                      {QStringLiteral("reason"), reason}};
        const auto body = sitewebhook::payload(event, QStringLiteral("e"));
        QCOMPARE(bool(body), sent);
        if (sent) {
            const QJsonObject json = QJsonDocument::fromJson(*body).object();
            QCOMPARE(json.value(QStringLiteral("event")).toString(), QStringLiteral("thread.taken_over"));
            QCOMPARE(json.value(QStringLiteral("operator")).toString(), QStringLiteral("olivia"));
        }
    }

    void maskEmail_data()
    {
        QTest::addColumn<QString>("email");
        QTest::addColumn<QString>("masked");
        QTest::newRow("address") << QStringLiteral("jane@example.com") << QStringLiteral("j***@example.com");
        QTest::newRow("empty") << QString() << QString();
        QTest::newRow("no at") << QStringLiteral("jane") << QStringLiteral("***");
        QTest::newRow("leading at") << QStringLiteral("@example.com") << QStringLiteral("***");
    }

    void maskEmail()
    {
        QFETCH(QString, email);
        QFETCH(QString, masked);
        QCOMPARE(sitewebhook::maskEmail(email), masked);
    }

    void websiteEventsAreSignedAndDelivered()
    {
        auto r = rig();
        QVERIFY(r);
        const QString web = newThread(QStringLiteral("web"));
        const QString slack = newThread(QStringLiteral("slack"));
        QVERIFY(!web.isEmpty() && !slack.isEmpty());

        r->bus.ticketCreated(complaint(slack)); // not the website's
        r->bus.ticketCreated(complaint(web));
        r->bus.threadStatus(web, ThreadStatus::Human, QStringLiteral("olivia"), QStringLiteral("takeover"));
        r->bus.threadStatus(web, ThreadStatus::Bot, QString(), QStringLiteral("handback")); // not sent
        QVERIFY(QTest::qWaitFor([&] { return r->site->delivered() == 2; }));
        QTest::qWait(200); // nothing else arrives
        const QList<FakeHelpdesk::Request> requests = r->receiver.requests();
        QCOMPARE(requests.size(), 2);
        QStringList events;
        for (const FakeHelpdesk::Request &request : requests) {
            QVERIFY(request.signatureValid);
            QCOMPARE(request.contentType, QByteArray("application/json"));
            QCOMPARE(request.body.value(QStringLiteral("thread_id")).toString(), web);
            events.append(request.body.value(QStringLiteral("event")).toString());
        }
        events.sort();
        QCOMPARE(events, (QStringList{QStringLiteral("thread.taken_over"), QStringLiteral("ticket.created")}));
        QCOMPARE(r->site->failed(), 0);
    }

    void retriesKeepTheEventId()
    {
        auto r = rig(2, 503);
        QVERIFY(r);
        r->bus.ticketCreated(complaint(newThread(QStringLiteral("web"))));
        QVERIFY(QTest::qWaitFor([&] { return r->site->delivered() == 1; }));
        const QList<FakeHelpdesk::Request> requests = r->receiver.requests();
        QCOMPARE(requests.size(), 3);
        QCOMPARE(requests.at(0).status, 503);
        QCOMPARE(requests.at(2).status, 201);
        const QString id = requests.at(0).body.value(QStringLiteral("id")).toString();
        QVERIFY(!id.isEmpty());
        for (const FakeHelpdesk::Request &request : requests)
            QCOMPARE(request.body.value(QStringLiteral("id")).toString(), id); // the receiver de-duplicates on it
    }

    void refusedOrFailingIsGivenUp_data()
    {
        QTest::addColumn<QByteArray>("receiverSecret");
        QTest::addColumn<int>("failures");
        QTest::addColumn<int>("requests");
        // Signed with another secret: 401, which another try would not change.
        QTest::newRow("401") << QByteArray("the site's secret, not ours, at least 32 bytes") << 0 << 1;
        QTest::newRow("500 every time") << kSecret << 10 << 4; // maxAttempts
    }

    void refusedOrFailingIsGivenUp()
    {
        QFETCH(QByteArray, receiverSecret);
        QFETCH(int, failures);
        QFETCH(int, requests);
        auto r = rig(failures, 500, receiverSecret);
        QVERIFY(r);
        r->bus.ticketCreated(complaint(newThread(QStringLiteral("web"))));
        QVERIFY(QTest::qWaitFor([&] { return r->site->failed() == 1; }));
        QTest::qWait(150);
        QCOMPARE(r->receiver.requestCount(), requests);
        QCOMPARE(r->site->delivered(), 0);
    }

    void shutdownDoesNotWaitForBackoff()
    {
        auto r = rig(10, 503, kSecret, 60000);
        QVERIFY(r);
        r->bus.ticketCreated(complaint(newThread(QStringLiteral("web"))));
        QVERIFY(QTest::qWaitFor([&] { return r->receiver.requestCount() == 1; }));
        QElapsedTimer timer;
        timer.start();
        r->site.reset(); // waiting a minute before the next try
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    }

    void environment_data()
    {
        QTest::addColumn<QByteArray>("url");
        QTest::addColumn<QByteArray>("secret");
        QTest::addColumn<bool>("secretFile");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<bool>("enabled");
        const QByteArray url = "https://shop.example/wp-json/supportd/v1/webhook";
        QTest::newRow("unset") << QByteArray() << QByteArray() << false << true << false;
        QTest::newRow("no secret") << url << QByteArray() << false << false << false;
        QTest::newRow("secret file") << url << QByteArray() << true << true << true;
        QTest::newRow("secret") << url << kSecret << false << true << true;
        QTest::newRow("both: ambiguous") << url << kSecret << true << false << false;
        QTest::newRow("not http") << QByteArray("file:///etc/passwd") << kSecret << false << false << false;
    }

    void environment()
    {
        QFETCH(QByteArray, url);
        QFETCH(QByteArray, secret);
        QFETCH(bool, secretFile);
        QFETCH(bool, ok);
        QFETCH(bool, enabled);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("secret"));
        {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(kSecret + "\n");
        }
        qputenv("SUPPORTD_SITE_WEBHOOK_URL", url);
        qputenv("SUPPORTD_SITE_WEBHOOK_SECRET", secret);
        qputenv("SUPPORTD_SITE_WEBHOOK_SECRET_FILE", secretFile ? path.toLocal8Bit() : QByteArray());
        QString error;
        const auto config = sitewebhook::targetFromEnvironment(&error);
        qunsetenv("SUPPORTD_SITE_WEBHOOK_URL");
        qunsetenv("SUPPORTD_SITE_WEBHOOK_SECRET");
        qunsetenv("SUPPORTD_SITE_WEBHOOK_SECRET_FILE");
        QCOMPARE(bool(config), ok);
        if (config) {
            QCOMPARE(config->enabled(), enabled);
            if (enabled)
                QCOMPARE(config->secret, kSecret); // the file's newline trimmed
        } else {
            QVERIFY(error.contains(QStringLiteral("SUPPORTD_SITE_WEBHOOK_")));
            QVERIFY(!error.contains(QString::fromLatin1(kSecret)));
        }
    }

    void complaintTurnReachesTheSite()
    {
        // The whole path: a website turn's create_ticket publishes on the bus,
        // the runtime's SiteWebhook (from the environment) sends it.
        FakeHelpdesk receiver(kSecret);
        QVERIFY(receiver.start());
        qputenv("SUPPORTD_SITE_WEBHOOK_URL", receiver.url().toUtf8());
        qputenv("SUPPORTD_SITE_WEBHOOK_SECRET", kSecret);
        QTemporaryDir dir;
        AgentRuntime runtime(DatabaseConfig::sqlite(dir.filePath(QStringLiteral("turns.sqlite"))));
        runtime.setHelpdeskConfig(HelpdeskConfig{});
        QString error;
        const bool started = runtime.start(&error);
        qunsetenv("SUPPORTD_SITE_WEBHOOK_URL");
        qunsetenv("SUPPORTD_SITE_WEBHOOK_SECRET");
        QVERIFY2(started, qPrintable(error));
        QVERIFY(runtime.siteWebhook());

        TurnRunner::Request request;
        request.userMessage = QStringLiteral("I want to make a complaint: my boots fell apart after two walks. "
                                             "Order 100482, jane@example.com");
        const TurnRunner::Result result = runtime.turns().handle(request);
        QCOMPARE(result.status, TurnRunner::Result::Status::Ok);
        QVERIFY(QTest::qWaitFor([&] { return receiver.requestCount() == 1; }));
        const FakeHelpdesk::Request sent = receiver.requests().at(0);
        QVERIFY(sent.signatureValid);
        QCOMPARE(sent.body.value(QStringLiteral("event")).toString(), QStringLiteral("ticket.created"));
        const QString reference = sent.body.value(QStringLiteral("ticket")).toObject().value(QStringLiteral("id")).toString();
        QVERIFY(!reference.isEmpty());
        QVERIFY2(result.reply && result.reply->content.contains(reference), qPrintable(reference));
    }
};

QTEST_GUILESS_MAIN(TestSiteWebhook)
#include "tst_sitewebhook.moc"

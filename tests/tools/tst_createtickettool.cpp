#include "store/storetest.h"

#include "store/ticketstore.h"
#include "tools/createtickettool.h"
#include "tools/toolregistry.h"

#include <QMutex>
#include <QSet>
#include <QTest>
#include <QThread>

// create_ticket through the registry (validation, normalisation, output
// check) on both engines: what it stores and its idempotency.
class TestCreateTicketTool : public QObject
{
    Q_OBJECT

    static ToolContext context(const QString &thread, const QString &turn)
    {
        ToolContext context;
        context.threadId = thread;
        context.turnId = turn;
        context.channel = QStringLiteral("web");
        context.deadline = QDeadlineTimer(10000);
        return context;
    }

    static QJsonObject complaint()
    {
        return {{QStringLiteral("email"), QStringLiteral("jane@example.com")},
                {QStringLiteral("subject"), QStringLiteral("Complaint (order 100482)")},
                {QStringLiteral("body"), QStringLiteral("user: the zip of my jacket broke after a week")},
                {QStringLiteral("priority"), QStringLiteral("high")}};
    }

private slots:
    void initTestCase() { QVERIFY(crypto::initialize()); }
    void initTestCase_data() { storetest::addEngineRows(); }

    void storesAndNormalises()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        ToolRegistry registry;
        registry.add(std::make_unique<CreateTicketTool>(db));
        QJsonObject arguments{{QStringLiteral("subject"), QStringLiteral("  Refund   request ")},
                              {QStringLiteral("body"), QStringLiteral("user: I want my money back")},
                              {QStringLiteral("order_id"), QStringLiteral("100482")}}; // unknown: dropped
        const ToolCall call = registry.invoke(QStringLiteral("create_ticket"), arguments, context(QStringLiteral("th-1"), QStringLiteral("turn-1")));
        QVERIFY2(call.succeeded(), qPrintable(call.error));
        QCOMPARE(call.toolVersion, QStringLiteral("1.0"));
        QCOMPARE(call.arguments.value(QStringLiteral("priority")).toString(), QStringLiteral("normal")); // default
        QCOMPARE(call.arguments.value(QStringLiteral("email")).toString(), QString());
        QVERIFY(!call.arguments.contains(QStringLiteral("order_id")));
        QCOMPARE(call.notes.value(QStringLiteral("dropped")).toArray(), QJsonArray{QStringLiteral("order_id")});
        const QString id = call.result.value(QStringLiteral("ticket_id")).toString();
        QVERIFY2(TicketStore::looksLikeReference(id), qPrintable(id));
        QCOMPARE(call.result.value(QStringLiteral("status")).toString(), QStringLiteral("open"));
        QCOMPARE(call.result.value(QStringLiteral("priority")).toString(), QStringLiteral("normal"));

        const auto stored = TicketStore(db).find(id);
        QVERIFY(stored);
        QCOMPARE(stored->ticket.subject, QStringLiteral("Refund request"));
        QCOMPARE(stored->ticket.threadId, QStringLiteral("th-1"));
        QCOMPARE(stored->ticket.email, QString());
        QCOMPARE(stored->channel, QStringLiteral("web"));
        QCOMPARE(stored->deliveryStatus, delivery::None); // no helpdesk configured
    }

    void rejectsBadArguments_data()
    {
        QTest::addColumn<QJsonObject>("arguments");
        QTest::addColumn<QString>("error");
        QJsonObject noSubject = complaint();
        noSubject.remove(QStringLiteral("subject"));
        QJsonObject badPriority = complaint();
        badPriority.insert(QStringLiteral("priority"), QStringLiteral("critical"));
        QJsonObject longSubject = complaint();
        longSubject.insert(QStringLiteral("subject"), QString(201, QLatin1Char('x')));
        QJsonObject blankBody = complaint();
        blankBody.insert(QStringLiteral("body"), QStringLiteral("   "));
        QTest::newRow("missing subject") << noSubject << "subject";
        QTest::newRow("wrong priority") << badPriority << "priority";
        QTest::newRow("subject too long") << longSubject << "subject";
        QTest::newRow("blank body") << blankBody << "blank";
    }

    void rejectsBadArguments()
    {
        QFETCH(QJsonObject, arguments);
        QFETCH(QString, error);
        OPEN_FRESH_DATABASE(fresh, db);
        ToolRegistry registry;
        registry.add(std::make_unique<CreateTicketTool>(db));
        const ToolCall call = registry.invoke(QStringLiteral("create_ticket"), arguments, context(QStringLiteral("th"), QStringLiteral("t")));
        QVERIFY(!call.succeeded());
        QVERIFY2(call.error.contains(error), qPrintable(call.error));
        QCOMPARE(storetest::scalar(db, QStringLiteral("SELECT COUNT(*) FROM tickets")), 0);
    }

    void retryInTheSameTurnGivesTheSameTicket()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        ToolRegistry registry;
        registry.add(std::make_unique<CreateTicketTool>(db));
        const ToolCall first = registry.invoke(QStringLiteral("create_ticket"), complaint(), context(QStringLiteral("th"), QStringLiteral("turn-1")));
        QVERIFY2(first.succeeded(), qPrintable(first.error));
        // Retried as the brain sent it, and with the default spelled out differently.
        const ToolCall again = registry.invoke(QStringLiteral("create_ticket"), complaint(), context(QStringLiteral("th"), QStringLiteral("turn-1")));
        QVERIFY2(again.succeeded(), qPrintable(again.error));
        QCOMPARE(again.result.value(QStringLiteral("ticket_id")), first.result.value(QStringLiteral("ticket_id")));
        QCOMPARE(storetest::scalar(db, QStringLiteral("SELECT COUNT(*) FROM tickets")), 1);

        // The next turn of the same thread is a new request: a new ticket.
        const ToolCall nextTurn = registry.invoke(QStringLiteral("create_ticket"), complaint(), context(QStringLiteral("th"), QStringLiteral("turn-2")));
        QVERIFY(nextTurn.succeeded());
        QVERIFY(nextTurn.result.value(QStringLiteral("ticket_id")) != first.result.value(QStringLiteral("ticket_id")));
        // Another thread, same turn id and arguments: its own ticket.
        const ToolCall otherThread = registry.invoke(QStringLiteral("create_ticket"), complaint(), context(QStringLiteral("th-2"), QStringLiteral("turn-1")));
        QVERIFY(otherThread.succeeded());
        QCOMPARE(storetest::scalar(db, QStringLiteral("SELECT COUNT(*) FROM tickets")), 3);
        QCOMPARE(TicketStore(db).listByThread(QStringLiteral("th")).size(), 2);
    }

    void concurrentRetriesMakeOneTicket()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        ToolRegistry registry;
        registry.add(std::make_unique<CreateTicketTool>(db));
        constexpr int kCalls = 6;
        QMutex mutex;
        QSet<QString> ids;
        int failures = 0;
        QList<QThread *> threads;
        for (int i = 0; i < kCalls; ++i) {
            threads.append(QThread::create([&] {
                const ToolCall call = registry.invoke(QStringLiteral("create_ticket"), complaint(),
                                                      context(QStringLiteral("th"), QStringLiteral("turn-1")));
                QMutexLocker lock(&mutex);
                if (call.succeeded())
                    ids.insert(call.result.value(QStringLiteral("ticket_id")).toString());
                else
                    ++failures;
            }));
        }
        for (QThread *thread : threads)
            thread->start();
        for (QThread *thread : threads) {
            QVERIFY(thread->wait(30000));
            delete thread;
        }
        QCOMPARE(failures, 0);
        QCOMPARE(ids.size(), 1);
        QCOMPARE(storetest::scalar(db, QStringLiteral("SELECT COUNT(*) FROM tickets")), 1);
    }

    void withoutTurnIdTheSameCallWithinTheWindowIsARetry()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        ToolRegistry registry;
        registry.add(std::make_unique<CreateTicketTool>(db));
        const ToolCall first = registry.invoke(QStringLiteral("create_ticket"), complaint(), context(QStringLiteral("th"), QString()));
        const ToolCall again = registry.invoke(QStringLiteral("create_ticket"), complaint(), context(QStringLiteral("th"), QString()));
        QVERIFY(first.succeeded() && again.succeeded());
        QCOMPARE(again.result.value(QStringLiteral("ticket_id")), first.result.value(QStringLiteral("ticket_id")));
        QJsonObject different = complaint();
        different.insert(QStringLiteral("body"), QStringLiteral("user: and the second one too"));
        const ToolCall other = registry.invoke(QStringLiteral("create_ticket"), different, context(QStringLiteral("th"), QString()));
        QVERIFY(other.succeeded());
        QVERIFY(other.result.value(QStringLiteral("ticket_id")) != first.result.value(QStringLiteral("ticket_id")));
        // Older than the window: no longer a retry. (Aged by hand: created_at
        // and the key's 10-minute bucket both as they would be 10 minutes on.)
        QVERIFY(db.write(QStringLiteral("UPDATE tickets SET created_at = created_at - ?, turn_key = turn_key || '-earlier'"),
                         {CreateTicketTool::kWindowMs + 1000}, "age tickets"));
        const ToolCall later = registry.invoke(QStringLiteral("create_ticket"), complaint(), context(QStringLiteral("th"), QString()));
        QVERIFY(later.succeeded());
        QCOMPARE(storetest::scalar(db, QStringLiteral("SELECT COUNT(*) FROM tickets")), 3);
    }
};

QTEST_GUILESS_MAIN(TestCreateTicketTool)
#include "tst_createtickettool.moc"

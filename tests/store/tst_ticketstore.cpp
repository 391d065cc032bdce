#include "storetest.h"

#include "store/ticketstore.h"

#include <QSet>
#include <QTest>
#include <QThread>

#include <atomic>

using storetest::newThread;

namespace {

StoredTicket newTicket(const QString &threadId, const QString &turnKey, qint64 atMs)
{
    StoredTicket stored;
    stored.ticket.threadId = threadId;
    stored.ticket.email = QStringLiteral("jane@example.com");
    stored.ticket.subject = QStringLiteral("Complaint");
    stored.ticket.body = QStringLiteral("user: the zip broke after a week");
    stored.ticket.priority = QStringLiteral("high");
    stored.ticket.createdAt = stored.ticket.updatedAt = atMs;
    stored.channel = QStringLiteral("web");
    stored.turnKey = turnKey;
    stored.argsHash = QStringLiteral("abc");
    return stored;
}

} // namespace

class TestTicketStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(crypto::initialize()); }
    void initTestCase_data() { storetest::addEngineRows(); }

    void referencesAreRandomBase32()
    {
        QSet<QString> seen;
        for (int i = 0; i < 2000; ++i) {
            const QString reference = TicketStore::newReference();
            QVERIFY2(TicketStore::looksLikeReference(reference), qPrintable(reference));
            seen.insert(reference);
        }
        QCOMPARE(seen.size(), 2000);
        QVERIFY(!TicketStore::looksLikeReference(QStringLiteral("T-0000000O"))); // 0, 1, 8, 9, O-like digits are not base32
        QVERIFY(!TicketStore::looksLikeReference(QStringLiteral("T-ABCDEFG")));
    }

    void createAndFind()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        ConversationStore conversations(db);
        const Thread thread = newThread(1000);
        QVERIFY(conversations.createThread(thread, QStringLiteral("digest")));

        TicketStore store(db);
        const auto created = store.create(newTicket(thread.id, QStringLiteral("k1"), 5000));
        QCOMPARE(created.status, TicketStore::CreateResult::Status::Created);
        QVERIFY(created.stored);
        const QString id = created.stored->ticket.id;
        QVERIFY(TicketStore::looksLikeReference(id));

        const auto found = store.find(id);
        QVERIFY(found);
        QCOMPARE(found->ticket.threadId, thread.id);
        QCOMPARE(found->ticket.email, QStringLiteral("jane@example.com"));
        QCOMPARE(found->ticket.subject, QStringLiteral("Complaint"));
        QCOMPARE(found->ticket.body, QStringLiteral("user: the zip broke after a week"));
        QCOMPARE(found->ticket.priority, QStringLiteral("high"));
        QCOMPARE(found->ticket.status, QStringLiteral("open"));
        QCOMPARE(found->ticket.createdAt, 5000);
        QCOMPARE(found->channel, QStringLiteral("web"));
        QCOMPARE(found->turnKey, QStringLiteral("k1"));
        QCOMPARE(found->deliveryStatus, delivery::None);
        QCOMPARE(found->deliveryAttempts, 0);
        QVERIFY(found->ticket.externalId.isEmpty());
        QVERIFY(!store.find(QStringLiteral("T-AAAAAAAA")));

        // A second ticket of the thread (another key), a ticket without thread or key.
        QCOMPARE(store.create(newTicket(thread.id, QStringLiteral("k2"), 6000)).status,
                 TicketStore::CreateResult::Status::Created);
        StoredTicket loose = newTicket(QString(), QString(), 7000);
        loose.ticket.email.clear();
        QCOMPARE(store.create(loose).status, TicketStore::CreateResult::Status::Created);
        QCOMPARE(store.create(loose).status, TicketStore::CreateResult::Status::Created); // NULL keys never conflict

        const QList<StoredTicket> list = store.listByThread(thread.id);
        QCOMPARE(list.size(), 2);
        QCOMPARE(list.at(0).ticket.id, id);
        QCOMPARE(list.at(1).turnKey, QStringLiteral("k2"));
        QCOMPARE(storetest::scalar(db, QStringLiteral("SELECT COUNT(*) FROM tickets")), 4);

        QVERIFY(store.findRecent(thread.id, QStringLiteral("abc"), 5000));
        QCOMPARE(store.findRecent(thread.id, QStringLiteral("abc"), 5500)->turnKey, QStringLiteral("k2"));
        QVERIFY(!store.findRecent(thread.id, QStringLiteral("abc"), 6001));
        QVERIFY(!store.findRecent(thread.id, QStringLiteral("other"), 0));
    }

    void sameKeyGivesTheFirstTicket()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        TicketStore store(db);
        const auto first = store.create(newTicket(QStringLiteral("thread-1"), QStringLiteral("thread-1:turn:h"), 1000));
        QCOMPARE(first.status, TicketStore::CreateResult::Status::Created);
        StoredTicket again = newTicket(QStringLiteral("thread-1"), QStringLiteral("thread-1:turn:h"), 2000);
        again.ticket.subject = QStringLiteral("something else");
        const auto second = store.create(again);
        QCOMPARE(second.status, TicketStore::CreateResult::Status::Existing);
        QCOMPARE(second.stored->ticket.id, first.stored->ticket.id);
        QCOMPARE(second.stored->ticket.subject, QStringLiteral("Complaint"));
        QCOMPARE(storetest::scalar(db, QStringLiteral("SELECT COUNT(*) FROM tickets")), 1);
    }

    void concurrentCreatesWithOneKeyStoreOne()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        constexpr int kThreads = 6;
        std::atomic<int> created{0}, existing{0}, failed{0};
        QSet<QString> ids;
        QMutex idsMutex;
        QList<QThread *> threads;
        for (int i = 0; i < kThreads; ++i) {
            threads.append(QThread::create([&] {
                TicketStore store(db);
                const auto result = store.create(newTicket(QStringLiteral("thread-x"), QStringLiteral("race"), 1000));
                if (result.status == TicketStore::CreateResult::Status::Created)
                    ++created;
                else if (result.status == TicketStore::CreateResult::Status::Existing)
                    ++existing;
                else
                    ++failed;
                if (result.stored) {
                    QMutexLocker lock(&idsMutex);
                    ids.insert(result.stored->ticket.id);
                }
            }));
        }
        for (QThread *thread : threads)
            thread->start();
        for (QThread *thread : threads) {
            QVERIFY(thread->wait(30000));
            delete thread;
        }
        QCOMPARE(failed.load(), 0);
        QCOMPARE(created.load(), 1);
        QCOMPARE(existing.load(), kThreads - 1);
        QCOMPARE(ids.size(), 1);
        QCOMPARE(storetest::scalar(db, QStringLiteral("SELECT COUNT(*) FROM tickets")), 1);
    }

    void deliveryState()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        TicketStore store(db);
        StoredTicket pending = newTicket(QStringLiteral("t"), QStringLiteral("a"), 1000);
        pending.deliveryStatus = delivery::Pending;
        const QString id = store.create(pending).stored->ticket.id;
        const QString other = store.create(newTicket(QStringLiteral("t"), QStringLiteral("b"), 1000)).stored->ticket.id;
        QCOMPARE(store.pendingDeliveries().size(), 1);
        QCOMPARE(store.pendingDeliveries().at(0).ticket.id, id);

        TicketStore::DeliveryUpdate retry{delivery::Pending, 1, QStringLiteral("HTTP 503"), QString(), 9000};
        QVERIFY(store.setDelivery(id, retry, 2000));
        auto found = store.find(id);
        QCOMPARE(found->deliveryStatus, delivery::Pending);
        QCOMPARE(found->deliveryAttempts, 1);
        QCOMPARE(found->deliveryError, QStringLiteral("HTTP 503"));
        QCOMPARE(found->nextAttemptAt, 9000);
        QCOMPARE(found->ticket.updatedAt, 2000);
        QVERIFY(found->ticket.externalId.isEmpty());

        TicketStore::DeliveryUpdate done{delivery::Delivered, 2, QString(), QStringLiteral("HD-42"), 0};
        QVERIFY(store.setDelivery(id, done, 3000));
        found = store.find(id);
        QCOMPARE(found->deliveryStatus, delivery::Delivered);
        QCOMPARE(found->deliveryAttempts, 2);
        QCOMPARE(found->deliveryError, QString());
        QCOMPARE(found->ticket.externalId, QStringLiteral("HD-42"));
        QVERIFY(store.pendingDeliveries().isEmpty());

        // An update without an external id keeps the one recorded.
        QVERIFY(store.setDelivery(id, {delivery::Delivered, 3, QString(), QString(), 0}, 4000));
        QCOMPARE(store.find(id)->ticket.externalId, QStringLiteral("HD-42"));
        QCOMPARE(store.find(other)->deliveryStatus, delivery::None);
        QVERIFY(!store.setDelivery(QStringLiteral("T-AAAAAAAA"), done, 5000));
    }
};

QTEST_GUILESS_MAIN(TestTicketStore)
#include "tst_ticketstore.moc"

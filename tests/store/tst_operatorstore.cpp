#include "storetest.h"

#include "store/operatorstore.h"

#include <QTest>

namespace {

Operator newOperator(const QString &username, OperatorRole role, bool disabled = false)
{
    Operator op;
    op.id = crypto::uuidV4();
    op.username = username;
    op.role = role;
    op.disabled = disabled;
    op.createdAt = 1000;
    return op;
}

constexpr qint64 kDay = 24 * 3600 * 1000;

} // namespace

class TestOperatorStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(crypto::initialize()); }
    void initTestCase_data() { storetest::addEngineRows(); }

    void upsertAndFindByName()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        OperatorStore store(db);
        const Operator alice = newOperator(QStringLiteral("alice"), OperatorRole::Editor);
        QVERIFY(store.upsert(alice, QStringLiteral("hash-1")));

        const auto found = store.findByName(QStringLiteral("alice"));
        QVERIFY(found);
        QCOMPARE(found->op.id, alice.id);
        QCOMPARE(found->op.username, QStringLiteral("alice"));
        QCOMPARE(found->op.role, OperatorRole::Editor);
        QCOMPARE(found->op.disabled, false);
        QCOMPARE(found->op.createdAt, 1000);
        QCOMPARE(found->passwordHash, QStringLiteral("hash-1"));
        QVERIFY(!store.findByName(QStringLiteral("bob")));
    }

    void reUpsertReplacesPasswordAndRoleAndEndsSessions()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        OperatorStore store(db);
        const Operator alice = newOperator(QStringLiteral("alice"), OperatorRole::Agent);
        const Operator bob = newOperator(QStringLiteral("bob"), OperatorRole::Agent);
        QVERIFY(store.upsert(alice, QStringLiteral("hash-1")));
        QVERIFY(store.upsert(bob, QStringLiteral("hash-b")));
        QVERIFY(store.createSession(QStringLiteral("session-a"), alice.id, 1000, kDay));
        QVERIFY(store.createSession(QStringLiteral("session-b"), bob.id, 1000, kDay));

        // As `user add` does it: a new id each time, which must not replace the existing one.
        Operator again = newOperator(QStringLiteral("alice"), OperatorRole::Admin);
        again.createdAt = 5000;
        QVERIFY(store.upsert(again, QStringLiteral("hash-2")));
        const auto found = store.findByName(QStringLiteral("alice"));
        QCOMPARE(found->op.id, alice.id);
        QCOMPARE(found->op.role, OperatorRole::Admin);
        QCOMPARE(found->passwordHash, QStringLiteral("hash-2"));
        QCOMPARE(found->op.createdAt, 1000);
        QCOMPARE(storetest::scalar(db, QStringLiteral("SELECT COUNT(*) FROM operators")), 2);

        QVERIFY(!store.sessionOperator(QStringLiteral("session-a"), 2000));
        QCOMPARE(store.sessionOperator(QStringLiteral("session-b"), 2000)->username, QStringLiteral("bob"));
    }

    void sessionsLiveUntilTheyExpireOrEnd()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        OperatorStore store(db);
        const Operator alice = newOperator(QStringLiteral("alice"), OperatorRole::Admin);
        QVERIFY(store.upsert(alice, QStringLiteral("hash")));
        QVERIFY(store.createSession(QStringLiteral("t1"), alice.id, 1000, 2000));

        const auto op = store.sessionOperator(QStringLiteral("t1"), 1500);
        QVERIFY(op);
        QCOMPARE(op->id, alice.id);
        QCOMPARE(op->username, QStringLiteral("alice"));
        QCOMPARE(op->role, OperatorRole::Admin);
        QVERIFY(store.sessionOperator(QStringLiteral("t1"), 1999));
        QVERIFY(!store.sessionOperator(QStringLiteral("t1"), 2000));
        QVERIFY(!store.sessionOperator(QStringLiteral("t1"), 2500));
        QVERIFY(!store.sessionOperator(QStringLiteral("unknown"), 1500));

        QVERIFY(store.createSession(QStringLiteral("t2"), alice.id, 1000, kDay));
        QVERIFY(store.sessionOperator(QStringLiteral("t2"), 1500));
        QVERIFY(store.deleteSession(QStringLiteral("t2")));
        QVERIFY(!store.sessionOperator(QStringLiteral("t2"), 1500));

        // Sessions belong to an operator that exists; token digests are unique.
        QVERIFY(!store.createSession(QStringLiteral("t3"), crypto::uuidV4(), 1000, kDay));
        QVERIFY(!store.createSession(QStringLiteral("t1"), alice.id, 1000, kDay));
    }

    void deleteExpiredSessionsKeepsLiveOnes()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        OperatorStore store(db);
        const Operator alice = newOperator(QStringLiteral("alice"), OperatorRole::Agent);
        QVERIFY(store.upsert(alice, QStringLiteral("hash")));
        QVERIFY(store.createSession(QStringLiteral("t1"), alice.id, 1000, 2000));
        QVERIFY(store.createSession(QStringLiteral("t2"), alice.id, 1000, 3000));
        QVERIFY(store.createSession(QStringLiteral("t3"), alice.id, 1000, 5000));

        QCOMPARE(store.deleteExpiredSessions(3000), 2);
        QCOMPARE(store.deleteExpiredSessions(3000), 0);
        QCOMPARE(storetest::scalar(db, QStringLiteral("SELECT COUNT(*) FROM sessions")), 1);
        QVERIFY(store.sessionOperator(QStringLiteral("t3"), 3000));
    }

    void disabledOperatorHasNoSession()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        OperatorStore store(db);
        const Operator carol = newOperator(QStringLiteral("carol"), OperatorRole::Admin, true);
        QVERIFY(store.upsert(carol, QStringLiteral("hash")));
        QCOMPARE(store.findByName(QStringLiteral("carol"))->op.disabled, true);
        QVERIFY(store.createSession(QStringLiteral("t1"), carol.id, 1000, kDay));
        QVERIFY(!store.sessionOperator(QStringLiteral("t1"), 1500));
    }
};

QTEST_GUILESS_MAIN(TestOperatorStore)
#include "tst_operatorstore.moc"

#include "storetest.h"

#include "store/feedbackstore.h"

#include <QTest>

using storetest::newThread;
using storetest::newTurn;

namespace {

Feedback newFeedback(const Message &message, Rating rating, const QStringList &tags, qint64 atMs)
{
    Feedback feedback;
    feedback.threadId = message.threadId;
    feedback.messageId = message.id;
    feedback.rating = rating;
    feedback.tags = tags;
    feedback.createdAt = atMs;
    return feedback;
}

} // namespace

class TestFeedbackStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(crypto::initialize()); }
    void initTestCase_data() { storetest::addEngineRows(); }

    void ratingAgainReplaces()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        ConversationStore conversations(db);
        const Thread thread = newThread(1000);
        QVERIFY(conversations.createThread(thread, QStringLiteral("digest")));
        auto turn = newTurn(thread.id, QStringLiteral("q"), QStringLiteral("a"), 1000);
        QVERIFY(conversations.recordTurn(turn));

        FeedbackStore store(db);
        QVERIFY(store.upsert(newFeedback(*turn.reply, Rating::Up, {QStringLiteral("helpful")}, 2000)));
        QList<Feedback> list = store.forThread(thread.id);
        QCOMPARE(list.size(), 1);
        QCOMPARE(list.at(0).messageId, turn.reply->id);
        QCOMPARE(list.at(0).threadId, thread.id);
        QCOMPARE(list.at(0).rating, Rating::Up);
        QCOMPARE(list.at(0).tags, QStringList{QStringLiteral("helpful")});
        QCOMPARE(list.at(0).createdAt, 2000);

        QVERIFY(store.upsert(newFeedback(*turn.reply, Rating::Down,
                                         {QStringLiteral("wrong"), QStringLiteral("outdated")}, 3000)));
        list = store.forThread(thread.id);
        QCOMPARE(list.size(), 1);
        QCOMPARE(list.at(0).rating, Rating::Down);
        QCOMPARE(list.at(0).tags, QStringList({QStringLiteral("wrong"), QStringLiteral("outdated")}));
        QCOMPARE(list.at(0).createdAt, 3000);
    }

    void forThreadListsOnlyThatThreadOldestFirst()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        ConversationStore conversations(db);
        const Thread thread = newThread(1000), other = newThread(1000);
        QVERIFY(conversations.createThread(thread, QStringLiteral("a")));
        QVERIFY(conversations.createThread(other, QStringLiteral("b")));
        auto first = newTurn(thread.id, QStringLiteral("q1"), QStringLiteral("a1"), 1000);
        auto second = newTurn(thread.id, QStringLiteral("q2"), QStringLiteral("a2"), 1100);
        auto elsewhere = newTurn(other.id, QStringLiteral("q"), QStringLiteral("a"), 1200);
        for (auto *turn : {&first, &second, &elsewhere})
            QVERIFY(conversations.recordTurn(*turn));

        FeedbackStore store(db);
        QVERIFY(store.upsert(newFeedback(*second.reply, Rating::Down, {}, 5000)));
        QVERIFY(store.upsert(newFeedback(*first.reply, Rating::Up, {}, 4000)));
        QVERIFY(store.upsert(newFeedback(*elsewhere.reply, Rating::Up, {}, 4500)));

        const QList<Feedback> list = store.forThread(thread.id);
        QCOMPARE(list.size(), 2);
        QCOMPARE(list.at(0).messageId, first.reply->id);
        QCOMPARE(list.at(1).messageId, second.reply->id);
        QCOMPARE(list.at(1).rating, Rating::Down);
        QVERIFY(list.at(1).tags.isEmpty());
        QCOMPARE(store.forThread(other.id).size(), 1);
        QVERIFY(store.forThread(crypto::uuidV4()).isEmpty());

        // Feedback is about a stored message.
        Message ghost = *first.reply;
        ghost.id = crypto::uuidV4();
        QVERIFY(!store.upsert(newFeedback(ghost, Rating::Up, {}, 6000)));
        QCOMPARE(store.forThread(thread.id).size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestFeedbackStore)
#include "tst_feedbackstore.moc"

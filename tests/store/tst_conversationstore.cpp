#include "storetest.h"

#include "store/conversationstore.h"
#include "store/tracestore.h"

#include <QJsonArray>
#include <QSqlQuery>
#include <QTest>

using storetest::newThread;
using storetest::newTurn;
using storetest::scalar;

class TestConversationStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(crypto::initialize()); }
    void initTestCase_data() { storetest::addEngineRows(); }

    void createAndFindThread()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        ConversationStore store(db);
        const Thread thread = newThread(1000, QStringLiteral("email"));
        QVERIFY(store.createThread(thread, QStringLiteral("digest-1")));

        const auto stored = store.findThread(thread.id);
        QVERIFY(stored);
        QCOMPARE(stored->tokenHash, QStringLiteral("digest-1"));
        QCOMPARE(stored->thread.id, thread.id);
        QCOMPARE(stored->thread.channel, QStringLiteral("email"));
        QCOMPARE(stored->thread.status, ThreadStatus::Bot);
        QCOMPARE(stored->thread.messageCount, 0);
        QCOMPARE(stored->thread.lastMessage, QString());
        QCOMPARE(stored->thread.createdAt, 1000);
        QCOMPARE(stored->thread.updatedAt, 1000);
        QCOMPARE(stored->thread.handoffAt, 0);

        QVERIFY(!store.findThread(crypto::uuidV4()));
        // The id is the primary key: a second thread with it is refused.
        QVERIFY(!store.createThread(thread, QStringLiteral("digest-2")));
        QCOMPARE(store.findThread(thread.id)->tokenHash, QStringLiteral("digest-1"));
    }

    void recordTurnStoresMessagesAndTrace()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        ConversationStore store(db);
        const Thread thread = newThread(1000);
        QVERIFY(store.createThread(thread, QStringLiteral("digest")));

        auto turn = newTurn(thread.id, QStringLiteral("How long does delivery take?"),
                            QStringLiteral("Standard delivery takes 3-5 working days."), 2000);
        Citation citation;
        citation.docId = QStringLiteral("delivery-times");
        citation.title = QStringLiteral("Delivery times");
        citation.url = QStringLiteral("https://help.example/articles/delivery-times");
        citation.snippet = QStringLiteral("Standard delivery takes 3-5 working days.");
        turn.reply->citations = {citation};
        TraceSpan search;
        search.name = QStringLiteral("TOOL search_kb");
        search.startMs = 3;
        search.durationMs = 4;
        search.attributes = {{QStringLiteral("query"), QStringLiteral("delivery take")},
                             {QStringLiteral("hits"), 3},
                             {QStringLiteral("score"), 1.25},
                             {QStringLiteral("ok"), true},
                             {QStringLiteral("docs"), QJsonArray{QStringLiteral("a"), QStringLiteral("b")}},
                             {QStringLiteral("nested"), QJsonObject{{QStringLiteral("k"), QStringLiteral("v")}}}};
        turn.trace.spans.append(search);
        QVERIFY(store.recordTurn(turn));
        QCOMPARE(turn.userMessage.seq, 1);
        QCOMPARE(turn.reply->seq, 2);

        const QList<Message> messages = store.recentMessages(thread.id, 10);
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages.at(0).id, turn.userMessage.id);
        QCOMPARE(messages.at(0).seq, 1);
        QCOMPARE(messages.at(0).role, MessageRole::User);
        QCOMPARE(messages.at(0).content, turn.userMessage.content);
        QCOMPARE(messages.at(0).traceId, turn.trace.id);
        QVERIFY(messages.at(0).citations.isEmpty());
        QCOMPARE(messages.at(1).id, turn.reply->id);
        QCOMPARE(messages.at(1).seq, 2);
        QCOMPARE(messages.at(1).role, MessageRole::Assistant);
        QCOMPARE(messages.at(1).content, turn.reply->content);
        QCOMPARE(messages.at(1).citations, turn.reply->citations);
        QCOMPARE(messages.at(1).createdAt, 2000);
        QCOMPARE(store.findMessage(thread.id, turn.reply->id)->content, turn.reply->content);
        QVERIFY(!store.findMessage(crypto::uuidV4(), turn.reply->id));

        const auto stored = store.findThread(thread.id);
        QCOMPARE(stored->thread.messageCount, 2);
        QCOMPARE(stored->thread.lastMessage, turn.reply->content);
        QCOMPARE(stored->thread.updatedAt, 2000);

        const auto trace = TraceStore(db).find(turn.trace.id);
        QVERIFY(trace);
        QCOMPARE(trace->threadId, thread.id);
        QCOMPARE(trace->route, turn.trace.route);
        QCOMPARE(trace->outcome, turn.trace.outcome);
        QCOMPARE(trace->brain, turn.trace.brain);
        QCOMPARE(trace->startedAt, 2000);
        QCOMPARE(trace->durationMs, 7);
        QCOMPARE(trace->spans.size(), 2);
        QCOMPARE(trace->spans.at(0).name, turn.trace.spans.at(0).name);
        QCOMPARE(trace->spans.at(1).name, search.name);
        QCOMPARE(trace->spans.at(1).startMs, 3);
        QCOMPARE(trace->spans.at(1).durationMs, 4);
        QCOMPARE(trace->spans.at(1).attributes, search.attributes);
        QVERIFY(!TraceStore(db).find(crypto::uuidV4()));

        // The next turns continue the numbering; one without a reply adds one message.
        auto second = newTurn(thread.id, QStringLiteral("And to Ireland?"), QStringLiteral("5-7 days."), 3000);
        QVERIFY(store.recordTurn(second));
        QCOMPARE(second.userMessage.seq, 3);
        QCOMPARE(second.reply->seq, 4);
        auto third = newTurn(thread.id, QStringLiteral("Thanks, waiting for a person"), QString(), 4000);
        QVERIFY(store.recordTurn(third));
        QCOMPARE(third.userMessage.seq, 5);
        const auto after = store.findThread(thread.id);
        QCOMPARE(after->thread.messageCount, 5);
        QCOMPARE(after->thread.lastMessage, third.userMessage.content);
        QCOMPARE(after->thread.updatedAt, 4000);
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM traces")), 3);
    }

    void lastMessageIsABoundedPreview()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        ConversationStore store(db);
        const Thread thread = newThread(1000);
        QVERIFY(store.createThread(thread, QStringLiteral("digest")));
        // Astral characters (two UTF-16 units each) at the cut must not be split.
        const QString answer = QStringLiteral("Line one\n\n  line   two ") + QString(100, QLatin1Char('x'))
                               + QStringLiteral("📦").repeated(100);
        auto turn = newTurn(thread.id, QStringLiteral("question"), answer, 2000);
        QVERIFY(store.recordTurn(turn));
        QCOMPARE(store.recentMessages(thread.id, 1).value(0).content, answer);

        const QString preview = store.findThread(thread.id)->thread.lastMessage;
        QVERIFY2(preview.size() <= 160, qPrintable(QString::number(preview.size())));
        QVERIFY(preview.endsWith(QStringLiteral("...")));
        QVERIFY2(answer.simplified().startsWith(preview.chopped(3)), qPrintable(preview));
    }

    void recordTurnForUnknownThreadWritesNothing()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        ConversationStore store(db);
        auto turn = newTurn(crypto::uuidV4(), QStringLiteral("hello?"), QStringLiteral("hi"), 2000);
        QVERIFY(!store.recordTurn(turn));
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM messages")), 0);
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM traces")), 0);
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM spans")), 0);
    }

    void recordTurnIsAtomic()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        ConversationStore store(db);
        const Thread thread = newThread(1000);
        QVERIFY(store.createThread(thread, QStringLiteral("digest")));
        auto first = newTurn(thread.id, QStringLiteral("one"), QStringLiteral("two"), 2000);
        QVERIFY(store.recordTurn(first));

        // The reply cannot be stored (its id is taken): the user's message and the trace must go too.
        auto broken = newTurn(thread.id, QStringLiteral("three"), QStringLiteral("four"), 3000);
        broken.reply->id = first.reply->id;
        QVERIFY(!store.recordTurn(broken));
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM messages")), 2);
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM traces")), 1);
        const auto stored = store.findThread(thread.id);
        QCOMPARE(stored->thread.messageCount, 2);
        QCOMPARE(stored->thread.lastMessage, QStringLiteral("two"));

        // And the store is usable afterwards, numbering on from where it was.
        auto next = newTurn(thread.id, QStringLiteral("five"), QStringLiteral("six"), 4000);
        QVERIFY(store.recordTurn(next));
        QCOMPARE(next.userMessage.seq, 3);
        QCOMPARE(store.findThread(thread.id)->thread.messageCount, 4);
    }

    void recentMessagesReturnsTheLastInOrder()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        ConversationStore store(db);
        const Thread thread = newThread(1000);
        const Thread other = newThread(1000);
        QVERIFY(store.createThread(thread, QStringLiteral("a")));
        QVERIFY(store.createThread(other, QStringLiteral("b")));
        for (int i = 1; i <= 4; ++i) {
            auto turn = newTurn(thread.id, QStringLiteral("q%1").arg(i), QStringLiteral("a%1").arg(i), 1000 + i);
            QVERIFY(store.recordTurn(turn));
            auto noise = newTurn(other.id, QStringLiteral("other"), QStringLiteral("other"), 1000 + i);
            QVERIFY(store.recordTurn(noise));
        }

        const QList<Message> last = store.recentMessages(thread.id, 3);
        QCOMPARE(last.size(), 3);
        QCOMPARE(last.at(0).content, QStringLiteral("a3"));
        QCOMPARE(last.at(1).content, QStringLiteral("q4"));
        QCOMPARE(last.at(2).content, QStringLiteral("a4"));
        QCOMPARE(last.at(0).seq, 6);
        QCOMPARE(last.at(2).seq, 8);
        QCOMPARE(store.recentMessages(thread.id, 100).size(), 8);
        QCOMPARE(store.recentMessages(thread.id, 100).first().content, QStringLiteral("q1"));
        QVERIFY(store.recentMessages(crypto::uuidV4(), 10).isEmpty());
    }

    // A turn's first read: the thread and its last messages in one statement,
    // the same as findThread() and recentMessages() would give; nothing of
    // either without the right token.
    void openThreadWithHistoryReadsBothAtOnce_data()
    {
        QTest::addColumn<int>("turns");
        QTest::addColumn<int>("limit");
        QTest::newRow("no messages yet") << 0 << 5;
        QTest::newRow("fewer than the limit") << 2 << 5;
        QTest::newRow("more than the limit") << 4 << 3;
        QTest::newRow("no history asked") << 2 << 0;
    }
    void openThreadWithHistoryReadsBothAtOnce()
    {
        QFETCH(int, turns);
        QFETCH(int, limit);
        OPEN_FRESH_DATABASE(fresh, db);
        ConversationStore store(db);
        const Thread thread = newThread(1000);
        const Thread other = newThread(1000);
        QVERIFY(store.createThread(thread, crypto::tokenDigest(QStringLiteral("token-a"))));
        QVERIFY(store.createThread(other, crypto::tokenDigest(QStringLiteral("token-b"))));
        for (int i = 1; i <= turns; ++i) {
            auto turn = newTurn(thread.id, QStringLiteral("q%1").arg(i), QStringLiteral("a%1").arg(i), 1000 + i);
            turn.reply->citations = {Citation{QStringLiteral("doc-%1").arg(i), QStringLiteral("Title %1").arg(i), {}}};
            QVERIFY(store.recordTurn(turn));
            auto noise = newTurn(other.id, QStringLiteral("other"), QStringLiteral("other"), 1000 + i);
            QVERIFY(store.recordTurn(noise));
        }

        const ConversationStore::Access access = store.openThread(thread.id, QStringLiteral("token-a"), limit);
        QCOMPARE(access.status, ConversationStore::Access::Status::Ok);
        QVERIFY(access.stored);
        const auto found = store.findThread(thread.id);
        QVERIFY(found);
        QCOMPARE(access.stored->thread.id, thread.id);
        QCOMPARE(access.stored->thread.messageCount, found->thread.messageCount);
        QCOMPARE(access.stored->thread.updatedAt, found->thread.updatedAt);
        QCOMPARE(access.stored->tokenHash, found->tokenHash);
        const QList<Message> expected = store.recentMessages(thread.id, limit);
        QCOMPARE(access.history.size(), qMin(limit, 2 * turns));
        QCOMPARE(access.history.size(), expected.size());
        for (qsizetype i = 0; i < expected.size(); ++i) {
            QCOMPARE(access.history.at(i).id, expected.at(i).id);
            QCOMPARE(access.history.at(i).seq, expected.at(i).seq);
            QCOMPARE(access.history.at(i).content, expected.at(i).content);
            QCOMPARE(access.history.at(i).role, expected.at(i).role);
            QCOMPARE(access.history.at(i).citations.size(), expected.at(i).citations.size());
            if (i > 0)
                QVERIFY(access.history.at(i - 1).seq < access.history.at(i).seq); // oldest first
        }

        const ConversationStore::Access wrong = store.openThread(thread.id, QStringLiteral("token-b"), limit);
        QCOMPARE(wrong.status, ConversationStore::Access::Status::NotFound);
        QVERIFY(!wrong.stored);
        QVERIFY(wrong.history.isEmpty());
        const ConversationStore::Access unknown = store.openThread(crypto::uuidV4(), QStringLiteral("token-a"), limit);
        QCOMPARE(unknown.status, ConversationStore::Access::Status::NotFound);
        QVERIFY(unknown.history.isEmpty());
    }

    void listThreadsFiltersByStatusNewestFirst()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        ConversationStore store(db);
        const Thread a = newThread(1000), b = newThread(3000), c = newThread(2000);
        for (const Thread &thread : {a, b, c})
            QVERIFY(store.createThread(thread, QStringLiteral("digest")));
        const auto ids = [](const QList<Thread> &threads) {
            QStringList list;
            for (const Thread &thread : threads)
                list.append(thread.id);
            return list;
        };
        QCOMPARE(ids(store.listThreads(QString(), 10, 0)), QStringList({b.id, c.id, a.id}));

        QVERIFY(store.setStatus(a.id, ThreadStatus::Handoff, QStringLiteral("asked for a person"), 4000));
        QCOMPARE(ids(store.listThreads(QString(), 10, 0)), QStringList({a.id, b.id, c.id}));
        QCOMPARE(ids(store.listThreads(QStringLiteral("handoff"), 10, 0)), QStringList({a.id}));
        QCOMPARE(ids(store.listThreads(QStringLiteral("bot"), 10, 0)), QStringList({b.id, c.id}));
        QVERIFY(store.listThreads(QStringLiteral("closed"), 10, 0).isEmpty());
        QCOMPARE(ids(store.listThreads(QString(), 1, 1)), QStringList({b.id}));
        QCOMPARE(ids(store.listThreads(QString(), 10, 2)), QStringList({c.id}));
        QCOMPARE(store.listThreads(QStringLiteral("handoff"), 10, 0).first().handoffReason,
                 QStringLiteral("asked for a person"));
    }

    void setStatusToHandoffRecordsWhenAndWhy()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        ConversationStore store(db);
        const Thread thread = newThread(1000);
        QVERIFY(store.createThread(thread, QStringLiteral("digest")));

        QVERIFY(store.setStatus(thread.id, ThreadStatus::Handoff, QStringLiteral("refund over limit"), 7000));
        Thread stored = store.findThread(thread.id)->thread;
        QCOMPARE(stored.status, ThreadStatus::Handoff);
        QCOMPARE(stored.handoffAt, 7000);
        QCOMPARE(stored.handoffReason, QStringLiteral("refund over limit"));
        QCOMPARE(stored.updatedAt, 7000);

        // Later changes keep when and why it was handed off.
        QVERIFY(store.setStatus(thread.id, ThreadStatus::Human, QString(), 8000));
        stored = store.findThread(thread.id)->thread;
        QCOMPARE(stored.status, ThreadStatus::Human);
        QCOMPARE(stored.handoffAt, 7000);
        QCOMPARE(stored.handoffReason, QStringLiteral("refund over limit"));
        QCOMPARE(stored.updatedAt, 8000);

        QVERIFY(!store.setStatus(crypto::uuidV4(), ThreadStatus::Closed, QString(), 9000));
    }

    void handOffQueuesTheThreadAtomically()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        ConversationStore store(db);
        const Thread thread = newThread(1000);
        QVERIFY(store.createThread(thread, QStringLiteral("digest")));
        QVERIFY(store.handOff(thread.id, QStringLiteral("asked for a person"), QStringLiteral("user: help"), 9000));
        const Thread queued = store.findThread(thread.id)->thread;
        QCOMPARE(queued.status, ThreadStatus::Handoff);
        QCOMPARE(queued.handoffReason, QStringLiteral("asked for a person"));
        QCOMPARE(queued.handoffAt, 9000);

        QSqlQuery query(db.connection());
        QVERIFY(query.exec(QStringLiteral(
            "SELECT thread_id, reason, transcript_excerpt, created_at, resolved_at FROM handoffs")));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toString(), thread.id);
        QCOMPARE(query.value(1).toString(), QStringLiteral("asked for a person"));
        QCOMPARE(query.value(2).toString(), QStringLiteral("user: help"));
        QCOMPARE(query.value(3).toLongLong(), 9000);
        QVERIFY(query.value(4).isNull());
        QVERIFY(!query.next());

        // No excerpt is fine (a first message has no history); no thread is not.
        QVERIFY(store.handOff(thread.id, QStringLiteral("second"), QString(), 9500));
        QVERIFY(!store.handOff(crypto::uuidV4(), QStringLiteral("orphan"), QStringLiteral("user: hi"), 9000));
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM handoffs")), 2);
    }
};

QTEST_GUILESS_MAIN(TestConversationStore)
#include "tst_conversationstore.moc"

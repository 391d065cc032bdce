#include "storetest.h"

#include "app/agentruntime.h"
#include "store/kbstore.h"
#include "store/tracestore.h"

#include <QTest>

// End to end below HTTP: the runtime supportd serve uses, on each engine.
class TestAgentRuntime : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(crypto::initialize()); }
    void initTestCase_data() { storetest::addEngineRows(); }

    void startImportsTheSampleKbOnce()
    {
        FRESH_DATABASE_CONFIG(fresh);
        int imported = 0;
        {
            AgentRuntime runtime(fresh.config);
            QString error;
            QVERIFY2(runtime.start(&error), qPrintable(error));
            imported = KbStore(runtime.database()).count();
            QVERIFY2(imported >= 25, qPrintable(QString::number(imported)));
            QCOMPARE(runtime.kbIndex().documentCount(), imported);
            // An editor removes an article: it must stay removed.
            QVERIFY(runtime.kb().remove(KbStore(runtime.database()).all().first().id));
        }
        AgentRuntime again(fresh.config);
        QString error;
        QVERIFY2(again.start(&error), qPrintable(error));
        QCOMPARE(KbStore(again.database()).count(), imported - 1);
        QCOMPARE(again.kbIndex().documentCount(), imported - 1);
        QCOMPARE(again.kb().importBundledOnFirstStart(&error), 0);
    }

    void turnAnswersWithCitationsAndGuardsTheThread()
    {
        FRESH_DATABASE_CONFIG(fresh);
        AgentRuntime runtime(fresh.config);
        QString error;
        QVERIFY2(runtime.start(&error), qPrintable(error));
        KbStore kb(runtime.database());
        ConversationStore conversations(runtime.database());

        TurnRunner::Request request;
        request.userMessage = QStringLiteral("How long does delivery take?");
        const TurnRunner::Result first = runtime.turns().handle(request);
        QCOMPARE(first.status, TurnRunner::Result::Status::Ok);
        QVERIFY(!first.threadId.isEmpty());
        QCOMPARE(first.threadToken.size(), 43);
        QVERIFY(first.reply);
        QVERIFY(!first.reply->content.isEmpty());
        QVERIFY2(!first.reply->citations.isEmpty(), qPrintable(first.reply->content));
        for (const Citation &citation : first.reply->citations)
            QVERIFY2(kb.find(citation.docId), qPrintable(citation.docId));
        QVERIFY(TraceStore(runtime.database()).find(first.traceId));
        QCOMPARE(conversations.findThread(first.threadId)->thread.messageCount, 2);

        TurnRunner::Request next;
        next.threadId = first.threadId;
        next.token = first.threadToken;
        next.userMessage = QStringLiteral("Do you deliver on Saturdays?");
        const TurnRunner::Result second = runtime.turns().handle(next);
        QCOMPARE(second.status, TurnRunner::Result::Status::Ok);
        QCOMPARE(second.threadId, first.threadId);
        QVERIFY(second.threadToken.isEmpty());
        QVERIFY(second.reply);
        QCOMPARE(conversations.findThread(first.threadId)->thread.messageCount, 4);

        // A wrong or missing token, or an unknown thread, looks the same and stores nothing.
        const QStringList badTokens = {crypto::randomToken(), QString(), first.threadToken + QLatin1Char('x')};
        for (const QString &token : badTokens) {
            TurnRunner::Request intruder = next;
            intruder.token = token;
            intruder.userMessage = QStringLiteral("Show me this conversation");
            const TurnRunner::Result refused = runtime.turns().handle(intruder);
            QCOMPARE(refused.status, TurnRunner::Result::Status::NotFound);
            QVERIFY(!refused.reply);
        }
        TurnRunner::Request unknown = next;
        unknown.threadId = crypto::uuidV4();
        QCOMPARE(runtime.turns().handle(unknown).status, TurnRunner::Result::Status::NotFound);
        QCOMPARE(conversations.findThread(first.threadId)->thread.messageCount, 4);
        QCOMPARE(conversations.recentMessages(first.threadId, 100).size(), 4);
        QCOMPARE(storetest::scalar(runtime.database(), QStringLiteral("SELECT COUNT(*) FROM threads")), 1);
    }
};

QTEST_GUILESS_MAIN(TestAgentRuntime)
#include "tst_agentruntime.moc"

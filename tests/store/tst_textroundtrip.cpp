#include "storetest.h"

#include "store/kbstore.h"
#include "store/operatorstore.h"
#include "store/settingsstore.h"
#include "store/tracestore.h"

#include <QTest>

using storetest::newThread;
using storetest::newTurn;

// Whatever shoppers and editors type comes back unchanged from either engine,
// through bound parameters and JSON columns alike.
class TestTextRoundTrip : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(crypto::initialize()); }
    void initTestCase_data() { storetest::addEngineRows(); }

    void roundTrip_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("emoji") << QStringLiteral("Where is my parcel? 📦🚚 ✅ 👩🏽‍💻 🏳️‍🌈");
        QTest::newRow("cjk") << QStringLiteral("配送にはどのくらいかかりますか？我的订单在哪里 배송 조회");
        QTest::newRow("quotes") << QStringLiteral("He said \"it's 'fine'\" — `really` \\ back\\slash %s %1 ?");
        QTest::newRow("sql") << QStringLiteral("'; DROP TABLE threads; --");
        QTest::newRow("rtl and accents") << QStringLiteral("مرحبا שלום Ångström straße e\u0301 İ");
        QTest::newRow("whitespace") << QStringLiteral("tab\there\nnew line\r\n  indented");
    }

    void roundTrip()
    {
        QFETCH(QString, text);
        OPEN_FRESH_DATABASE(fresh, db);

        ConversationStore conversations(db);
        const Thread thread = newThread(1000);
        QVERIFY(conversations.createThread(thread, QStringLiteral("digest")));
        auto turn = newTurn(thread.id, text, QStringLiteral("Re: ") + text, 2000);
        Citation citation;
        citation.docId = QStringLiteral("doc");
        citation.title = text;
        citation.snippet = text;
        turn.reply->citations = {citation};
        turn.trace.spans.first().attributes = {{QStringLiteral("query"), text}};
        QVERIFY(conversations.recordTurn(turn));
        QVERIFY(conversations.setStatus(thread.id, ThreadStatus::Handoff, text, 3000));

        const QList<Message> messages = conversations.recentMessages(thread.id, 10);
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages.at(0).content, text);
        QCOMPARE(messages.at(1).content, QStringLiteral("Re: ") + text);
        QCOMPARE(messages.at(1).citations, turn.reply->citations);
        const Thread stored = conversations.findThread(thread.id)->thread;
        QCOMPARE(stored.handoffReason, text);
        QCOMPARE(stored.lastMessage, (QStringLiteral("Re: ") + text).simplified());
        QCOMPARE(TraceStore(db).find(turn.trace.id)->spans.first().attributes, turn.trace.spans.first().attributes);

        KbDocument doc;
        doc.id = QStringLiteral("article");
        doc.title = text;
        doc.text = text + QStringLiteral("\n\n") + text;
        doc.updatedAt = 1000;
        QVERIFY(KbStore(db).upsert(doc));
        const auto storedDoc = KbStore(db).find(doc.id);
        QCOMPARE(storedDoc->title, doc.title);
        QCOMPARE(storedDoc->text, doc.text);

        SettingsStore settings(db);
        QVERIFY(settings.setValue(text, text));
        QCOMPARE(settings.value(text), std::optional<QString>(text));

        Operator op;
        op.id = crypto::uuidV4();
        op.username = QStringLiteral("editor");
        QVERIFY(OperatorStore(db).upsert(op, text));
        QCOMPARE(OperatorStore(db).findByName(op.username)->passwordHash, text);

        // And the text was only ever data.
        QCOMPARE(storetest::scalar(db, QStringLiteral("SELECT COUNT(*) FROM threads")), 1);
    }
};

QTEST_GUILESS_MAIN(TestTextRoundTrip)
#include "tst_textroundtrip.moc"

#include "kb/documentindexer.h"
#include "kb/hashingembedder.h"
#include "kb/kbindex.h"

#include <QTest>

namespace {

KbDocument doc(const QString &id, const QString &title, const QString &text, const QStringList &channels = {})
{
    KbDocument d;
    d.id = id;
    d.title = title;
    d.url = QStringLiteral("https://help.example/") + id;
    d.text = text;
    d.allowedChannels = channels;
    return d;
}

// A document as the server indexes it: chunked and embedded.
IndexedDocument indexed(const KbDocument &document)
{
    HashingEmbedder embedder;
    return *kb::prepareDocument(document, embedder, {}, nullptr);
}

QStringList ids(const QList<KbHit> &hits)
{
    QStringList list;
    for (const KbHit &hit : hits)
        list.append(hit.docId);
    return list;
}

} // namespace

// The search index: BM25 ranking, coverage, channels, edits, typos, synonyms.
class TestKbIndex : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        m_index.replaceAll({
            indexed(doc(QStringLiteral("delivery"), QStringLiteral("How long does delivery take?"),
                QStringLiteral("Standard delivery takes 3-5 working days. Express delivery takes 1-2 working days."))),
            indexed(doc(QStringLiteral("refunds"), QStringLiteral("When will I get my refund?"),
                QStringLiteral("We issue your refund within 5 working days after the return arrives."))),
            indexed(doc(QStringLiteral("password"), QStringLiteral("How do I reset my password?"),
                QStringLiteral("Use the Forgot password link. The email is valid for 60 minutes."))),
            indexed(doc(QStringLiteral("widget"), QStringLiteral("Using the chat on our website"),
                QStringLiteral("The chat bubble sits at the bottom right of every page."), {QStringLiteral("web")})),
        });
    }

    void ranksTheRightArticleFirst_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("expected");
        QTest::newRow("delivery") << "how long does delivery take" << "delivery";
        QTest::newRow("refund") << "when do I get my refund" << "refunds";
        QTest::newRow("typo corrected from the KB's words") << "pasword reset" << "password";
        QTest::newRow("synonym") << "when does my reimbursement arrive" << "refunds";
    }

    void ranksTheRightArticleFirst()
    {
        QFETCH(QString, query);
        QFETCH(QString, expected);
        const QList<KbHit> hits = m_index.search(query, 3, QStringLiteral("web"));
        QVERIFY(!hits.isEmpty());
        QCOMPARE(hits.first().docId, expected);
        QVERIFY(hits.first().coverage > 0.5);
        QVERIFY(!hits.first().snippet.isEmpty());
        QCOMPARE(hits.first().url, QStringLiteral("https://help.example/") + expected);
    }

    void coverageIsLowForUnrelatedQuestions()
    {
        const QList<KbHit> hits = m_index.search(QStringLiteral("how long does a black hole take to evaporate"), 3,
                                                 QStringLiteral("web"));
        QVERIFY(!hits.isEmpty()); // "long" and "take" match something...
        QVERIFY2(hits.first().coverage < 0.5, qPrintable(QString::number(hits.first().coverage))); // ...but not the question
    }

    void snippetIsTheMatchingSentence()
    {
        const QList<KbHit> hits = m_index.search(QStringLiteral("express delivery"), 1, QStringLiteral("web"));
        QVERIFY(!hits.isEmpty());
        QVERIFY2(hits.first().snippet.contains(QStringLiteral("Express delivery takes 1-2")), qPrintable(hits.first().snippet));
    }

    void filtersByChannel()
    {
        QVERIFY(ids(m_index.search(QStringLiteral("chat bubble website"), 3, QStringLiteral("web"))).contains(QStringLiteral("widget")));
        QVERIFY(!ids(m_index.search(QStringLiteral("chat bubble website"), 3, QStringLiteral("email"))).contains(QStringLiteral("widget")));
    }

    void oddQueriesGiveEmptyOrSaneResults_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("expected"); // a document that must be among the hits; empty: no hits
        QTest::newRow("empty") << QString() << QString();
        QTest::newRow("blank") << QStringLiteral("   \t\n") << QString();
        QTest::newRow("all punctuation") << QStringLiteral("?!?... ;;; --- ***") << QString();
        QTest::newRow("stop words only") << QStringLiteral("what is it that you do") << QString();
        QTest::newRow("unknown words") << QStringLiteral("zorblax quintessential hyperdrive") << QString();
        QTest::newRow("10,000 characters") << QStringLiteral("delivery ").repeated(1112) << QStringLiteral("delivery");
        QTest::newRow("query syntax") << QStringLiteral("delivery AND (NOT \"refund\") NEAR/2 *") << QStringLiteral("refunds"); // NOT is just a word
    }

    void oddQueriesGiveEmptyOrSaneResults()
    {
        QFETCH(QString, query);
        QFETCH(QString, expected);
        const QList<KbHit> hits = m_index.search(query, 3, QStringLiteral("web"));
        if (expected.isEmpty())
            QVERIFY(hits.isEmpty());
        else
            QVERIFY2(ids(hits).contains(expected), qPrintable(ids(hits).join(QLatin1Char(','))));
    }

    void unknownChannelSeesOnlyUnrestrictedDocuments()
    {
        const QStringList found = ids(m_index.search(QStringLiteral("chat bubble website delivery"), 8, QStringLiteral("fax")));
        QVERIFY(!found.contains(QStringLiteral("widget")));
        QVERIFY(found.contains(QStringLiteral("delivery")));
    }

    void editsTakeEffectAtOnce()
    {
        m_index.upsert(indexed(doc(QStringLiteral("refunds"), QStringLiteral("Money back"), QStringLiteral("Reimbursed by kayak courier."))));
        QCOMPARE(m_index.documentCount(), 4);
        QCOMPARE(ids(m_index.search(QStringLiteral("kayak courier"), 3, QStringLiteral("web"))), QStringList{QStringLiteral("refunds")});
        QVERIFY(!ids(m_index.search(QStringLiteral("return arrives"), 3, QStringLiteral("web"))).contains(QStringLiteral("refunds")));
        m_index.remove(QStringLiteral("refunds"));
        QCOMPARE(m_index.documentCount(), 3);
        QVERIFY(m_index.search(QStringLiteral("kayak courier"), 3, QStringLiteral("web")).isEmpty());
    }

    void anOverlongWordDoesNotLoseTheDocument()
    {
        // Xapian's on-disk backend refuses terms over 245 bytes, and with them
        // the whole document: such a word is left out, the rest is searchable.
        const QString blob(300, QLatin1Char('t'));
        m_index.upsert(indexed(doc(QStringLiteral("kayaks"), QStringLiteral("Kayak rental"),
                                   QStringLiteral("Kayaks are rented by the hour. ") + blob)));
        QCOMPARE(ids(m_index.search(QStringLiteral("rent a kayak"), 3, QStringLiteral("web"))).value(0), QStringLiteral("kayaks"));
        QVERIFY(ids(m_index.search(blob, 3, QStringLiteral("web"))).isEmpty()
                || ids(m_index.search(blob, 3, QStringLiteral("web"))).contains(QStringLiteral("kayaks")));
        // Later documents are still indexed.
        QCOMPARE(ids(m_index.search(QStringLiteral("How long does delivery take?"), 3, QStringLiteral("web"))).value(0),
                 QStringLiteral("delivery"));
    }

    void titlesMatchByCharacterNgrams()
    {
        // "striked" shares no stem with "strikethrough": the title ranking's
        // character n-grams find it; every hit carries its title rank and score.
        m_index.upsert(indexed(doc(QStringLiteral("strike"), QStringLiteral("Strikethrough text in messages"),
                                   QStringLiteral("Put two tildes around the words: ~~like this~~."))));
        const QList<KbHit> hits = m_index.search(QStringLiteral("letters striked through in a message"), 3, QStringLiteral("web"));
        QVERIFY(!hits.isEmpty());
        QCOMPARE(hits.first().docId, QStringLiteral("strike"));
        QCOMPARE(hits.first().titleRank, 1);
        QVERIFY(hits.first().titleScore > 0);
    }

    void coverageOutranksARareWord()
    {
        // "purchase" is rare in this help centre (it says "order"), so BM25 alone
        // prefers the one article that repeats it, though it says nothing of cancelling.
        m_index.upsert(indexed(doc(QStringLiteral("gift-cards"), QStringLiteral("How do gift cards work?"),
                           QStringLiteral("Purchase a gift card online. Each purchase of a gift card is emailed. "
                                          "A purchase can include several cards."))));
        m_index.upsert(indexed(doc(QStringLiteral("cancelling"), QStringLiteral("How do I cancel my order?"),
                           QStringLiteral("You can cancel an order while it is processing. Open the order and press "
                                          "Cancel. Orders that have shipped cannot be cancelled."))));
        m_index.upsert(indexed(doc(QStringLiteral("account"), QStringLiteral("How do I change my account details?"),
                           QStringLiteral("Change your name or email in your account. You can also change an order's "
                                          "delivery address before it ships."))));
        m_index.upsert(indexed(doc(QStringLiteral("changing"), QStringLiteral("Can I change my order?"),
                           QStringLiteral("Items in an order can be changed while it is processing."))));
        const QList<KbHit> cancel = m_index.search(QStringLiteral("could you help me cancel purchase 00004587345"), 3,
                                                   QStringLiteral("web"));
        QVERIFY(!cancel.isEmpty());
        QCOMPARE(cancel.first().docId, QStringLiteral("cancelling"));
        QCOMPARE(cancel.first().coverage, 1.0);
        // Both cover "modify" (change) and "order": the one whose title asks it wins.
        const QList<KbHit> modify = m_index.search(QStringLiteral("modify order 732201349959"), 3, QStringLiteral("web"));
        QVERIFY(modify.size() >= 2);
        QCOMPARE(modify.first().docId, QStringLiteral("changing"));
        QCOMPARE(modify.first().titleCoverage, 1.0);
    }

    void userInputIsNeverQuerySyntax_data()
    {
        QTest::addColumn<QString>("query");
        QTest::newRow("fts operators") << "delivery OR NOT password AND \"";
        QTest::newRow("column filter") << "title: delivery * ^ NEAR(a b)";
        QTest::newRow("sql") << "'; DROP TABLE kb_fts; --";
        QTest::newRow("only punctuation") << "?!...";
        QTest::newRow("only stop words") << "how do I";
    }

    void userInputIsNeverQuerySyntax()
    {
        QFETCH(QString, query);
        m_index.search(query, 3, QStringLiteral("web")); // must not fail or crash
        QCOMPARE(m_index.documentCount(), 4);
        QCOMPARE(m_index.search(query, 3, QStringLiteral("web")).size() <= 3, true);
        QCOMPARE(m_index.search(QStringLiteral("delivery"), 1, QStringLiteral("web")).first().docId, QStringLiteral("delivery"));
    }

private:
    KbIndex m_index{std::make_shared<HashingEmbedder>()};
};

QTEST_GUILESS_MAIN(TestKbIndex)
#include "tst_kbindex.moc"

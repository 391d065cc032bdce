#include "brain/intentrules.h"

#include <QTest>

// The rules that pick a route from a shopper's words, row by row.
class TestIntentRules : public QObject
{
    Q_OBJECT

private slots:
    void classify_data()
    {
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("kind");
        QTest::newRow("asks for a human") << "I want to talk to a human" << "human";
        QTest::newRow("live agent") << "could you help me speak with a live agent?" << "human";
        QTest::newRow("typo in person noun") << "assistance chatting with an assistgant" << "human";
        QTest::newRow("bare request") << "agent please" << "human";
        QTest::newRow("customer service contact") << "I need to speak to customer service" << "human";
        QTest::newRow("customer service hours is a question") << "what hours can I call customer service" << "help";
        QTest::newRow("report is not rep") << "how do I report a signup error" << "help";
        QTest::newRow("personal is not person") << "help me edit my personal information" << "help";
        QTest::newRow("complaint") << "I want to file a complaint" << "complaint";
        QTest::newRow("claim against") << "how to lodge a claim against your company" << "complaint";
        QTest::newRow("refund claim is not a complaint") << "can I claim my money back" << "help";
        QTest::newRow("where is my order") << "where is my order?" << "order_status";
        QTest::newRow("track with number") << "track order 100482" << "order_status";
        QTest::newRow("typo track") << "I want to teack order 00004587345" << "order_status";
        QTest::newRow("swapped letters") << "I need help to rtack order 3707955617" << "order_status";
        QTest::newRow("number only") << "100482" << "order_details";
        QTest::newRow("number and email") << "order 100482, jane@example.com" << "order_details";
        QTest::newRow("check with number and email") << "can you check order #100517 for sofia.rossi@example.org"
                                                     << "order_status";
        QTest::newRow("look up with number and email") << "please look up 100482 jane.doe@example.com, thanks"
                                                       << "order_status";
        QTest::newRow("cancel with number asks for an action") << "cancelling purchase 3707955617" << "action_request";
        QTest::newRow("modify order asks for an action") << "modify order 732201349959" << "action_request";
        QTest::newRow("money is not an order") << "reimburse 1200 dollars" << "help";
        QTest::newRow("greeting") << "hello there" << "greeting";
        QTest::newRow("thanks") << "thanks so much" << "thanks";
        QTest::newRow("help question") << "how long does delivery take" << "help";
    }

    void classify()
    {
        QFETCH(QString, message);
        QFETCH(QString, kind);
        QCOMPARE(intentKindName(classifyIntent(message).kind), kind);
    }

    void extractsDetails_data()
    {
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("order");
        QTest::addColumn<QString>("email");
        QTest::newRow("both") << "order #100482 for jane.doe@example.com" << "100482" << "jane.doe@example.com";
        QTest::newRow("dollar amount") << "I paid $1499 for it" << "" << "";
        QTest::newRow("euro amount") << "a refund of 1200 euros" << "" << "";
        QTest::newRow("short number") << "within 30 days" << "" << "";
        QTest::newRow("digits inside a word") << "model XT1000 boots" << "" << "";
    }

    void extractsDetails()
    {
        QFETCH(QString, message);
        QFETCH(QString, order);
        QFETCH(QString, email);
        QCOMPARE(findOrderNumber(message), order);
        QCOMPARE(findEmail(message), email);
    }
};

QTEST_GUILESS_MAIN(TestIntentRules)
#include "tst_intentrules.moc"

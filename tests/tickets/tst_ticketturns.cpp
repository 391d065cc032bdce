#include "app/agentruntime.h"
#include "store/ticketstore.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

// Whole turns through AgentRuntime (rules brain, orchestrator, registry,
// store): a complaint opens a ticket and the reply gives its reference.
class TestTicketTurns : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<AgentRuntime> m_runtime;

    static QString referenceIn(const QString &text)
    {
        static const QRegularExpression pattern(QStringLiteral("T-[A-Z2-7]{8}"));
        return pattern.match(text).captured(0);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_runtime = std::make_unique<AgentRuntime>(DatabaseConfig::sqlite(m_dir.filePath(QStringLiteral("turns.sqlite"))));
        m_runtime->setHelpdeskConfig(HelpdeskConfig{}); // stored only
        QString error;
        QVERIFY2(m_runtime->start(&error), qPrintable(error));
        QVERIFY(m_runtime->tools().find(QStringLiteral("create_ticket")));
    }

    void complaintWithAddressGetsAReference()
    {
        TurnRunner::Request request;
        request.userMessage = QStringLiteral("I want to make a complaint: my boots fell apart after two walks. "
                                             "Order 100482, jane@example.com");
        const TurnRunner::Result result = m_runtime->turns().handle(request);
        QCOMPARE(result.status, TurnRunner::Result::Status::Ok);
        QCOMPARE(result.route, QStringLiteral("create_ticket"));
        QCOMPARE(result.toolsCalled, QStringList{QStringLiteral("create_ticket")});
        QVERIFY(result.reply);
        const QString reference = referenceIn(result.reply->content);
        QVERIFY2(!reference.isEmpty(), qPrintable(result.reply->content));
        QVERIFY(result.reply->content.contains(QStringLiteral("within one working day")));
        QCOMPARE(result.threadStatus, ThreadStatus::Bot);

        const auto stored = TicketStore(m_runtime->database()).find(reference);
        QVERIFY(stored);
        QCOMPARE(stored->ticket.threadId, result.threadId);
        QCOMPARE(stored->ticket.priority, QStringLiteral("high"));
        QCOMPARE(stored->ticket.email, QStringLiteral("jane@example.com"));
        QCOMPARE(stored->ticket.subject, QStringLiteral("Complaint (order 100482)"));
        QVERIFY(stored->ticket.body.contains(QStringLiteral("boots fell apart")));
        QVERIFY(!stored->ticket.body.contains(QStringLiteral("jane@example.com")));
        QVERIFY(!stored->turnKey.isEmpty());
        QCOMPARE(TicketStore(m_runtime->database()).listByThread(result.threadId).size(), 1);
    }

    void complaintWithoutAddressAlsoHandsOff()
    {
        TurnRunner::Request request;
        request.userMessage = QStringLiteral("I want to file a complaint about the courier");
        const TurnRunner::Result result = m_runtime->turns().handle(request);
        QCOMPARE(result.status, TurnRunner::Result::Status::Ok);
        QCOMPARE(result.toolsCalled, QStringList({QStringLiteral("create_ticket"), QStringLiteral("handoff_human")}));
        QCOMPARE(result.threadStatus, ThreadStatus::Handoff);
        QVERIFY(result.reply);
        const QString reference = referenceIn(result.reply->content);
        QVERIFY2(!reference.isEmpty(), qPrintable(result.reply->content));
        QVERIFY(TicketStore(m_runtime->database()).find(reference));
    }

    void cancellationWithAddressIsATicket()
    {
        TurnRunner::Request request;
        request.userMessage = QStringLiteral("please cancel order 100482, my email is jane@example.com");
        const TurnRunner::Result result = m_runtime->turns().handle(request);
        QCOMPARE(result.route, QStringLiteral("create_ticket"));
        const QString reference = referenceIn(result.reply->content);
        const auto stored = TicketStore(m_runtime->database()).find(reference);
        QVERIFY2(stored, qPrintable(result.reply->content));
        QCOMPARE(stored->ticket.priority, QStringLiteral("normal"));
        QCOMPARE(stored->ticket.subject, QStringLiteral("Cancel an order (order 100482)"));
    }

    void personRequestStaysAHandoff()
    {
        TurnRunner::Request request;
        request.userMessage = QStringLiteral("let me talk to a person");
        const TurnRunner::Result result = m_runtime->turns().handle(request);
        QCOMPARE(result.route, QStringLiteral("handoff_human"));
        QCOMPARE(result.toolsCalled, QStringList{QStringLiteral("handoff_human")});
    }
};

QTEST_GUILESS_MAIN(TestTicketTurns)
#include "tst_ticketturns.moc"

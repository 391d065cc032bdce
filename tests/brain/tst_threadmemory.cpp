#include "brain/llm/prompttemplate.h"
#include "brain/llm/threadmemory.h"

#include <QTest>

namespace {

Message message(MessageRole role, const QString &content)
{
    Message m;
    m.role = role;
    m.content = content;
    return m;
}

QList<Message> conversation(int pairs, int length = 80)
{
    QList<Message> history;
    for (int i = 0; i < pairs; ++i) {
        history.append(message(MessageRole::User, QStringLiteral("Question %1. ").arg(i) + QString(length, QLatin1Char('q'))));
        history.append(message(MessageRole::Assistant, QStringLiteral("Answer %1. ").arg(i) + QString(length, QLatin1Char('a'))));
    }
    return history;
}

} // namespace

// The model's short-term memory of a thread and the versioned prompt templates.
class TestThreadMemory : public QObject
{
    Q_OBJECT

private slots:
    void keepsAShortThreadVerbatim()
    {
        const QList<Message> history = conversation(2);
        const ThreadMemory::Built built = ThreadMemory::build(history, {});
        QCOMPARE(built.keptMessages, 4);
        QCOMPARE(built.summarisedMessages, 0);
        QCOMPARE(built.messages.size(), 4);
        QCOMPARE(built.messages.first().role, QStringLiteral("user"));
        QCOMPARE(built.messages.first().content, history.first().content);
        QCOMPARE(built.messages.last().role, QStringLiteral("assistant"));
    }

    void boundedWhateverTheLength_data()
    {
        QTest::addColumn<int>("pairs");
        QTest::addColumn<int>("length");
        QTest::newRow("many short") << 500 << 40;
        QTest::newRow("few long") << 6 << 3000;
        QTest::newRow("very many") << 5000 << 100;
    }

    void boundedWhateverTheLength()
    {
        QFETCH(int, pairs);
        QFETCH(int, length);
        ThreadMemory::Limits limits;
        const ThreadMemory::Built built = ThreadMemory::build(conversation(pairs, length), limits);
        QVERIFY(built.keptMessages <= limits.maxMessages);
        // Budget for the verbatim part plus the summary's own cap (with its heading).
        QVERIFY2(built.tokens <= limits.tokenBudget + limits.summaryTokens + 40, qPrintable(QString::number(built.tokens)));
        QCOMPARE(built.keptMessages + built.summarisedMessages, pairs * 2);
        QCOMPARE(built.messages.first().role, QStringLiteral("system")); // the summary comes first
        QVERIFY(built.messages.first().content.contains(QStringLiteral("%1 messages").arg(built.summarisedMessages)));
        // The newest message is always kept verbatim when it fits.
        if (length < 1000)
            QVERIFY(built.messages.last().content.startsWith(QStringLiteral("Answer %1.").arg(pairs - 1)));
    }

    void summaryKeepsTheGistOfOlderMessages()
    {
        QList<Message> history = conversation(20);
        history.prepend(message(MessageRole::User, QStringLiteral("My order 100482 arrived broken. The box was crushed.")));
        const ThreadMemory::Built built = ThreadMemory::build(history, {});
        QVERIFY(built.summarisedMessages > 0);
        const QString summary = built.messages.first().content;
        QVERIFY2(summary.contains(QStringLiteral("shopper: My order 100482 arrived broken.")), qPrintable(summary));
        QVERIFY(!summary.contains(QStringLiteral("crushed"))); // the first sentence only
    }

    void masksPersonalData()
    {
        QList<Message> history{message(MessageRole::User, QStringLiteral("I'm jane.doe@example.com, call +44 20 7946 0958")),
                               message(MessageRole::Assistant, QStringLiteral("Thanks!"))};
        const ThreadMemory::Built built = ThreadMemory::build(history, {});
        QVERIFY(!built.messages.first().content.contains(QStringLiteral("jane.doe")));
        QVERIFY(built.messages.first().content.contains(QStringLiteral("[email]")));
        QVERIFY(!built.messages.first().content.contains(QStringLiteral("7946")));
    }

    void leavesOutToolAndSystemMessagesAndMarksPeople()
    {
        QList<Message> history{message(MessageRole::User, QStringLiteral("hi")),
                               message(MessageRole::Tool, QStringLiteral("{\"secret\":1}")),
                               message(MessageRole::System, QStringLiteral("internal")),
                               message(MessageRole::Human, QStringLiteral("Hello, Sam from the team here."))};
        const ThreadMemory::Built built = ThreadMemory::build(history, {});
        QCOMPARE(built.messages.size(), 2);
        QVERIFY(built.messages.last().content.startsWith(QStringLiteral("(from a member of the support team)")));
    }

    void emptyHistory()
    {
        const ThreadMemory::Built built = ThreadMemory::build({}, {});
        QVERIFY(built.messages.isEmpty());
        QCOMPARE(built.tokens, 0);
    }

    void promptTemplatesAreVersioned()
    {
        QVERIFY(PromptTemplate::versions().contains(QStringLiteral("agent/v1")));
        const auto newest = PromptTemplate::load(QStringLiteral("agent"));
        QVERIFY(newest);
        QCOMPARE(newest->version(), PromptTemplate::versions().filter(QStringLiteral("agent/")).last());
        const auto v1 = PromptTemplate::load(QStringLiteral("agent/v1"));
        QVERIFY(v1);
        const QString rendered = v1->render({{QStringLiteral("store"), QStringLiteral("Test Shop")},
                                             {QStringLiteral("channel"), QStringLiteral("web")},
                                             {QStringLiteral("date"), QStringLiteral("2026-11-24")}});
        QVERIFY(rendered.contains(QStringLiteral("Test Shop")));
        QVERIFY(!rendered.contains(QStringLiteral("{{")));
    }

    void unknownTemplatesAreRefused_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("unknown name") << QStringLiteral("nope");
        QTest::newRow("unknown version") << QStringLiteral("agent/v999");
        QTest::newRow("path escape") << QStringLiteral("../kb/returns-policy");
        QTest::newRow("empty") << QString();
    }

    void unknownTemplatesAreRefused()
    {
        QFETCH(QString, name);
        QString error;
        QVERIFY(!PromptTemplate::load(name, &error));
        QVERIFY(error.contains(QStringLiteral("agent/v1"))); // says what exists
    }
};

QTEST_GUILESS_MAIN(TestThreadMemory)
#include "tst_threadmemory.moc"

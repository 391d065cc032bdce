// TranscriptModel: one thread's messages with citations and feedback marks,
// events appended once whatever order they arrive in.
#include "models/transcriptmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

namespace {

Message makeMessage(const QString &id, MessageRole role, const QString &content, const QString &threadId = "t1")
{
    Message message;
    message.id = id;
    message.threadId = threadId;
    message.role = role;
    message.content = content;
    message.createdAt = 1'700'000'000'000;
    return message;
}

} // namespace

class TestTranscriptModel : public QObject
{
    Q_OBJECT

private slots:
    void rolesAndText();
    void appendsOnce();
    void feedbackMarks();
    void speakers_data();
    void speakers();
};

void TestTranscriptModel::rolesAndText()
{
    TranscriptModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Message answer = makeMessage("m2", MessageRole::Assistant, QStringLiteral("Delivery takes 3-5 days."));
    answer.citations.append({QStringLiteral("delivery-times"), QStringLiteral("How long does delivery take?"),
                             QStringLiteral("https://shop.example/help/delivery"), QStringLiteral("3-5 working days")});
    answer.traceId = QStringLiteral("trace-1");
    model.setTranscript("t1", {makeMessage("m1", MessageRole::User, QStringLiteral("How long is delivery?")), answer});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(1).data(TranscriptModel::RoleRole).toString(), QStringLiteral("assistant"));
    QCOMPARE(model.index(1).data(TranscriptModel::TraceIdRole).toString(), QStringLiteral("trace-1"));
    const QVariantList citations = model.index(1).data(TranscriptModel::CitationsRole).toList();
    QCOMPARE(citations.size(), 1);
    QCOMPARE(citations.first().toMap().value("doc_id").toString(), QStringLiteral("delivery-times"));
    const QString text = model.index(1).data().toString();
    QVERIFY(text.contains(QStringLiteral("Delivery takes 3-5 days.")));
    QVERIFY(text.contains(QStringLiteral("How long does delivery take? <https://shop.example/help/delivery>")));
    QVERIFY(model.index(0).data().toString().startsWith(TranscriptModel::tr("Customer")));
}

void TestTranscriptModel::appendsOnce()
{
    TranscriptModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(!model.appendMessage(makeMessage("m1", MessageRole::User, "no thread shown yet")));
    model.setTranscript("t1", {makeMessage("m1", MessageRole::User, "hi"), makeMessage("m1", MessageRole::User, "hi")});
    QCOMPARE(model.rowCount(), 1);
    QVERIFY(model.appendMessage(makeMessage("m2", MessageRole::Human, "Hello, Sam here")));
    QVERIFY(!model.appendMessage(makeMessage("m2", MessageRole::Human, "Hello, Sam here"))); // the stream and the reply
    QVERIFY(!model.appendMessage(makeMessage("m3", MessageRole::User, "other thread", "t2")));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.rowOf("m2"), 1);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(model.threadId().isEmpty());
}

void TestTranscriptModel::feedbackMarks()
{
    TranscriptModel model;
    Feedback down;
    down.threadId = "t1";
    down.messageId = "m2";
    down.rating = Rating::Down;
    model.setTranscript("t1", {makeMessage("m1", MessageRole::User, "q"), makeMessage("m2", MessageRole::Assistant, "a")},
                        {down});
    QCOMPARE(model.index(1).data(TranscriptModel::FeedbackRole).toString(), QStringLiteral("down"));
    QVERIFY(model.index(1).data().toString().contains(TranscriptModel::tr("\u25bc Marked not helpful")));
    QVERIFY(model.index(0).data(TranscriptModel::FeedbackRole).toString().isEmpty());

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    Feedback up = down;
    up.rating = Rating::Up;
    model.setFeedback(up);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(model.index(1).data(TranscriptModel::FeedbackRole).toString(), QStringLiteral("up"));
    up.threadId = "other";
    model.setFeedback(up);
    QCOMPARE(changed.size(), 1);
}

void TestTranscriptModel::speakers_data()
{
    QTest::addColumn<int>("role");
    QTest::addColumn<QString>("author");
    QTest::addColumn<QString>("expected");
    QTest::newRow("customer") << int(MessageRole::User) << QString() << TranscriptModel::tr("Customer");
    QTest::newRow("agent") << int(MessageRole::Assistant) << QString() << TranscriptModel::tr("Agent");
    QTest::newRow("operator") << int(MessageRole::Human) << QStringLiteral("alice")
                              << TranscriptModel::tr("%1 (operator)").arg("alice");
    QTest::newRow("anonymous operator") << int(MessageRole::Human) << QString() << TranscriptModel::tr("Operator");
}

void TestTranscriptModel::speakers()
{
    QFETCH(int, role);
    QFETCH(QString, author);
    QFETCH(QString, expected);
    Message message = makeMessage("m", MessageRole(role), "x");
    message.author = author;
    QCOMPARE(TranscriptModel::speaker(message), expected);
}

QTEST_GUILESS_MAIN(TestTranscriptModel)
#include "tst_transcriptmodel.moc"

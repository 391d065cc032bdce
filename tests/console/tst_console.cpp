// support-console end to end, offscreen: a real supportd in the test process,
// conversations opened through the agent API, and the console driven like an
// operator would: sign in, see the queue, open a thread, keep drafts per
// thread, take over, reply (the shopper receives it), sign out.
#include "language.h"
#include "mainwindow.h"
#include "memorytokenstore.h"
#include "session.h"
#include "signindialog.h"
#include "threadview.h"

#include "models/threadfiltermodel.h"
#include "models/threadlistmodel.h"
#include "models/transcriptmodel.h"
#include "support/apiclient.h"
#include "support/eventwait.h"
#include "support/testserver.h"

#include <QAction>
#include <QApplication>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <memory>

namespace {

const QString kPassword = QStringLiteral("correct horse battery");
const QString kReply = QStringLiteral("Hi, this is Sam from support. Let me look into it.");

template <typename T>
T *child(QObject *parent, const char *name)
{
    T *found = parent->findChild<T *>(QString::fromLatin1(name));
    if (!found)
        qWarning("no child %s", name);
    return found;
}

} // namespace

class TestConsole : public QObject
{
    Q_OBJECT

private:
    QPlainTextEdit *replyEdit() { return child<QPlainTextEdit>(m_window.get(), "replyEdit"); }
    QPushButton *button(const char *name) { return child<QPushButton>(m_window.get(), name); }
    bool open(const QString &threadId)
    {
        return m_window->selectThread(threadId) && waitUntil([&] {
                   return m_window->threadView()->transcript()->threadId() == threadId
                       && m_window->threadView()->transcript()->rowCount() >= 2;
               });
    }

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ApiClient> m_shopper;
    MemoryTokenStore m_tokens;
    Language m_language;
    std::unique_ptr<MainWindow> m_window;
    QString m_waiting, m_waitingToken, m_other;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("supportd-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_console"));
        QSettings().clear();

        m_server = std::make_unique<TestServer>();
        START_TEST_SERVER(*m_server);
        QVERIFY(m_server->addOperator(QStringLiteral("sam"), OperatorRole::Agent, kPassword));
        m_shopper = std::make_unique<ApiClient>(m_server->port());
        const HttpResult other = m_shopper->sendMessage(QStringLiteral("How long does delivery take?"));
        QCOMPARE(other.status, 200);
        m_other = other.json().value("thread_id").toString();
        const HttpResult waiting = m_shopper->sendMessage(QStringLiteral("I want to talk to a human"));
        QCOMPARE(waiting.status, 200);
        QCOMPARE(waiting.json().value("status").toString(), QStringLiteral("handoff"));
        m_waiting = waiting.json().value("thread_id").toString();
        m_waitingToken = waiting.json().value("thread_token").toString();

        m_language.choose(QStringLiteral("en"));
        m_window = std::make_unique<MainWindow>(&m_tokens, &m_language);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanupTestCase()
    {
        m_window.reset();
        QSettings().clear();
    }

    void signIn()
    {
        m_window->start(); // nothing remembered yet: asks
        QVERIFY(waitUntil([&] { return m_window->signInDialog() && m_window->signInDialog()->isVisible(); }));
        SignInDialog *dialog = m_window->signInDialog();
        auto *url = child<QLineEdit>(dialog, "serverUrl");
        auto *user = child<QLineEdit>(dialog, "username");
        auto *password = child<QLineEdit>(dialog, "password");
        auto *submit = child<QPushButton>(dialog, "signInButton");
        url->setText(QStringLiteral("http://127.0.0.1:%1").arg(m_server->port()));
        user->setText(QStringLiteral("sam"));
        QVERIFY(!submit->isEnabled()); // no password yet

        // A wrong password: said inline, the dialog stays.
        QTest::keyClicks(password, QStringLiteral("not the password"));
        QTest::mouseClick(submit, Qt::LeftButton);
        QVERIFY(waitUntil([&] { return !dialog->errorText().isEmpty(); }));
        QVERIFY(dialog->isVisible());
        QVERIFY(!m_window->session()->isSignedIn());

        password->clear();
        QTest::keyClicks(password, kPassword);
        QTest::keyClick(password, Qt::Key_Return);
        QVERIFY(waitUntil([&] { return m_window->session()->isSignedIn(); }));
        QVERIFY(waitUntil([&] { return !m_window->signInDialog() || !m_window->signInDialog()->isVisible(); }));

        // The token is in the token store, never in the settings.
        const QString key = TokenStore::keyFor(m_window->session()->serverUrl(), QStringLiteral("sam"));
        QVERIFY(waitUntil([&] { return !m_tokens.peek(key).isEmpty(); }));
        const QString token = m_tokens.peek(key);
        QSettings settings;
        QCOMPARE(settings.value("session/user").toString(), QStringLiteral("sam"));
        for (const QString &name : settings.allKeys())
            QVERIFY2(!settings.value(name).toString().contains(token), qPrintable(name));
    }

    void queueAndBadge()
    {
        QVERIFY(waitUntil([&] { return m_window->threadModel()->rowOf(m_waiting) >= 0 && m_window->threadModel()->rowOf(m_other) >= 0; }));
        QVERIFY(waitUntil([&] {
            return m_window->connectionText() == MainWindow::tr("Connected (live)")
                || m_window->connectionText() == MainWindow::tr("Connected (polling)");
        }));
        // The handoff on top, its waiting time counting.
        QTableView *table = m_window->threadTable();
        QCOMPARE(table->model()->index(0, 0).data(ThreadListModel::ThreadIdRole).toString(), m_waiting);
        QVERIFY(!table->model()->index(0, ThreadListModel::WaitingColumn).data().toString().isEmpty());
        auto *badge = child<QLabel>(m_window.get(), "handoffBadge");
        QVERIFY(waitUntil([&] { return badge->isVisible(); }));
        QCOMPARE(badge->text(), MainWindow::tr("%n waiting", nullptr, 1));
        auto *tabs = child<QTabWidget>(m_window.get(), "tabs");
        QCOMPARE(tabs->tabText(0), MainWindow::tr("Threads (%1)").arg(1));
        QVERIFY(m_window->windowTitle().startsWith(QStringLiteral("(1)")));

        qInfo("connection: %s", qPrintable(m_window->connectionText()));

        // A new handoff while we look: listed, counted and announced.
        const HttpResult another = m_shopper->sendMessage(QStringLiteral("Can I speak to a real person please"));
        QCOMPARE(another.json().value("status").toString(), QStringLiteral("handoff"));
        const QString anotherId = another.json().value("thread_id").toString();
        QVERIFY(waitUntil([&] { return m_window->threadModel()->rowOf(anotherId) == 1; }, 15000));
        QCOMPARE(badge->text(), MainWindow::tr("%n waiting", nullptr, 2));
        QVERIFY(m_window->statusBar()->currentMessage().startsWith(MainWindow::tr("New handoff on %1: %2").left(12)));

        // The status filter.
        m_window->filterModel()->setStatusFilter(QStringLiteral("bot"));
        QCOMPARE(table->model()->rowCount(), 1);
        QCOMPARE(table->model()->index(0, 0).data(ThreadListModel::ThreadIdRole).toString(), m_other);
        m_window->filterModel()->setStatusFilter(QStringLiteral("handoff"));
        QCOMPARE(table->model()->rowCount(), 2);
        m_window->filterModel()->setStatusFilter({});
    }

    void transcript()
    {
        QVERIFY(open(m_other));
        TranscriptModel *transcript = m_window->threadView()->transcript();
        QCOMPARE(transcript->index(0).data(TranscriptModel::RoleRole).toString(), QStringLiteral("user"));
        QCOMPARE(transcript->index(0).data(TranscriptModel::ContentRole).toString(), QStringLiteral("How long does delivery take?"));
        QCOMPARE(transcript->index(1).data(TranscriptModel::RoleRole).toString(), QStringLiteral("assistant"));
        QVERIFY(!transcript->index(1).data(TranscriptModel::CitationsRole).toList().isEmpty());
        QVERIFY(transcript->index(1).data().toString().contains(TranscriptModel::tr("Sources: %1").arg(QString()).trimmed()));
        // A bot thread can be taken over but there is nothing to hand back yet.
        QVERIFY(button("takeOverButton")->isEnabled());
        QVERIFY(!button("handBackButton")->isEnabled());
        QVERIFY(!button("sendButton")->isEnabled());
    }

    void draftsKeptPerThread()
    {
        QVERIFY(open(m_waiting));
        QVERIFY(replyEdit()->toPlainText().isEmpty());
        replyEdit()->setFocus();
        QTest::keyClicks(replyEdit(), QStringLiteral("draft for the waiting customer"));
        QVERIFY(open(m_other));
        QVERIFY(replyEdit()->toPlainText().isEmpty());
        QTest::keyClicks(replyEdit(), QStringLiteral("draft for the other one"));
        QVERIFY(open(m_waiting));
        QCOMPARE(replyEdit()->toPlainText(), QStringLiteral("draft for the waiting customer"));
        QVERIFY(open(m_other));
        QCOMPARE(replyEdit()->toPlainText(), QStringLiteral("draft for the other one"));
        replyEdit()->clear();
        QVERIFY(open(m_waiting));
        replyEdit()->clear();
        QVERIFY(m_window->threadView()->draft(m_waiting).isEmpty());
    }

    void takeOverAndReply()
    {
        QVERIFY(open(m_waiting));
        QPushButton *takeOver = button("takeOverButton");
        QPushButton *send = button("sendButton");
        QVERIFY(takeOver->isEnabled());
        QTest::mouseClick(takeOver, Qt::LeftButton);
        QVERIFY2(waitUntil([&] { return button("handBackButton")->isEnabled(); }),
                 qPrintable(child<QLabel>(m_window.get(), "threadError")->text()));
        QVERIFY(!takeOver->isEnabled());
        QCOMPARE(m_window->threadModel()->thread(m_waiting)->status, ThreadStatus::Human);
        QCOMPARE(m_window->threadModel()->thread(m_waiting)->assignee, QStringLiteral("sam"));
        QVERIFY(waitUntil([&] { return child<QLabel>(m_window.get(), "handoffBadge")->text() == MainWindow::tr("%n waiting", nullptr, 1); }));

        QTest::keyClicks(replyEdit(), kReply);
        QVERIFY(send->isEnabled());
        QTest::mouseClick(send, Qt::LeftButton);
        TranscriptModel *transcript = m_window->threadView()->transcript();
        QVERIFY2(waitUntil([&] { return replyEdit()->toPlainText().isEmpty(); }),
                 qPrintable(child<QLabel>(m_window.get(), "threadError")->text()));
        const int last = transcript->rowCount() - 1;
        QCOMPARE(transcript->index(last).data(TranscriptModel::RoleRole).toString(), QStringLiteral("human"));
        QCOMPARE(transcript->index(last).data(TranscriptModel::ContentRole).toString(), kReply);

        // The shopper received the person's reply.
        const HttpResult read = m_shopper->readThread(m_waiting, m_waitingToken);
        QCOMPARE(read.status, 200);
        bool found = false;
        for (const QJsonValue &value : read.json().value("messages").toArray()) {
            const QJsonObject message = value.toObject();
            if (message.value("content").toString() == kReply) {
                QCOMPARE(message.value("role").toString(), QStringLiteral("human"));
                found = true;
            }
        }
        QVERIFY2(found, read.body.constData());
        QCOMPARE(read.json().value("status").toString(), QStringLiteral("human"));

        // Hand it back: the agent answers again.
        QTest::mouseClick(button("handBackButton"), Qt::LeftButton);
        QVERIFY(waitUntil([&] { return m_window->threadModel()->thread(m_waiting)->status == ThreadStatus::Bot; }));
        QVERIFY(waitUntil([&] { return button("takeOverButton")->isEnabled(); }));
    }

    void languageSwitch()
    {
        m_language.choose(QStringLiteral("de"));
        QVERIFY(waitUntil([&] { return button("takeOverButton")->text() == QStringLiteral("\u00dc&bernehmen"); }, 3000));
        m_language.choose(QStringLiteral("fr"));
        QVERIFY(waitUntil([&] { return button("takeOverButton")->text() == QStringLiteral("&Prendre la main"); }, 3000));
        m_language.choose(QStringLiteral("en"));
        QVERIFY(waitUntil([&] { return button("takeOverButton")->text() == QStringLiteral("&Take over"); }, 3000));
        QCOMPARE(QSettings().value("ui/language").toString(), QStringLiteral("en"));
    }

    void signOutForgetsToken()
    {
        const QString key = TokenStore::keyFor(m_window->session()->serverUrl(), QStringLiteral("sam"));
        auto *action = child<QAction>(m_window.get(), "signOutAction");
        action->trigger();
        QVERIFY(waitUntil([&] { return m_tokens.peek(key).isEmpty(); }));
        QVERIFY(!m_window->session()->isSignedIn());
        QCOMPARE(m_window->threadModel()->rowCount(), 0);
        QVERIFY(waitUntil([&] { return m_window->signInDialog() && m_window->signInDialog()->isVisible(); }));
    }
};

QTEST_MAIN(TestConsole)
#include "tst_console.moc"

// The console's "Knowledge base" and "Tickets" tabs end to end, offscreen,
// against a real supportd in the test process (bundled help centre), signed
// in as an operator with the editor role: search the documents, preview a
// question's ranked chunks, edit a document so that a new phrase retrieves it
// first, create and delete a document (the confirmation answered like a
// user), the unsaved-changes guard, a server refusal shown, and a ticket
// opened by a shopper's complaint appearing live.
#include "kbeditor.h"
#include "language.h"
#include "mainwindow.h"
#include "memorytokenstore.h"
#include "session.h"
#include "signindialog.h"
#include "ticketsview.h"
#include "threadview.h"

#include "models/kbdocumentlistmodel.h"
#include "models/kbpreviewmodel.h"
#include "models/threadlistmodel.h"
#include "models/ticketlistmodel.h"
#include "support/apiclient.h"
#include "support/eventwait.h"
#include "support/testserver.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <memory>

namespace {

const QString kPassword = QStringLiteral("editor passphrase 42");
const QString kTentDoc = QStringLiteral("caring-for-tents");
const QString kPhrase = QStringLiteral("zephyrquokka");

template <typename T>
T *child(QObject *parent, const char *name)
{
    T *found = parent->findChild<T *>(QString::fromLatin1(name));
    if (!found)
        qWarning("no child %s", name);
    return found;
}

// Answers the next modal message box named `name` as a user would, by
// clicking the button `pick` chooses; *seen tells whether it came up.
QPointer<QTimer> answerNextBox(const QString &name, std::function<QAbstractButton *(QMessageBox *)> pick,
                               std::shared_ptr<bool> seen)
{
    auto *timer = new QTimer(qApp);
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, name, pick, seen] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box || box->objectName() != name)
            return;
        *seen = true;
        timer->deleteLater();
        timer->stop();
        pick(box)->click();
    });
    timer->start();
    QTimer::singleShot(10000, timer, [timer] { timer->deleteLater(); });
    return timer;
}

std::function<QAbstractButton *(QMessageBox *)> standard(QMessageBox::StandardButton which)
{
    return [which](QMessageBox *box) { return box->button(which); };
}

} // namespace

class TestKbEditor : public QObject
{
    Q_OBJECT

private:
    KbEditor *editor() { return m_window->kbEditor(); }
    QPlainTextEdit *text() { return child<QPlainTextEdit>(editor(), "kbText"); }
    QTableView *docTable() { return child<QTableView>(editor(), "kbDocumentTable"); }
    QString errorText() { return editor()->errorText(); }
    // Shortcuts need the active window; the offscreen platform does not give
    // it back by itself when a message box closes.
    bool activate()
    {
        m_window->activateWindow();
        return QTest::qWaitForWindowActive(m_window.get());
    }

    // Selects a document in the list as a user would (the current row).
    void clickDocument(const QString &docId)
    {
        const int row = editor()->documents()->rowOf(docId);
        QVERIFY2(row >= 0, qPrintable(docId));
        docTable()->setFocus();
        docTable()->selectionModel()->setCurrentIndex(editor()->documents()->index(row, 0),
                                                      QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
    bool opened(const QString &docId)
    {
        return waitUntil([&] { return editor()->currentDocId() == docId && !text()->toPlainText().isEmpty()
                                      && text()->isEnabled() && child<QPushButton>(editor(), "kbDeleteButton")->isEnabled(); });
    }
    QString storedText(const QString &docId, int *status = nullptr)
    {
        const HttpResult result = m_http->get(QStringLiteral("/admin/agent/kb/") + docId, ApiClient::bearer(m_token));
        if (status)
            *status = result.status;
        return result.json().value("text").toString();
    }
    void previewFor(const QString &query)
    {
        auto *edit = child<QLineEdit>(editor(), "kbPreviewQuery");
        edit->clear();
        edit->setFocus();
        QTest::keyClicks(edit, query);
    }

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ApiClient> m_http;
    QString m_token;
    MemoryTokenStore m_tokens;
    Language m_language;
    std::unique_ptr<MainWindow> m_window;
    int m_allDocuments = 0;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("supportd-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_kbeditor"));
        QSettings().clear();

        m_server = std::make_unique<TestServer>();
        START_TEST_SERVER(*m_server);
        QVERIFY(m_server->addOperator(QStringLiteral("erin"), OperatorRole::Editor, kPassword));
        m_http = std::make_unique<ApiClient>(m_server->port());
        m_token = m_http->login(QStringLiteral("erin"), kPassword);
        QVERIFY(!m_token.isEmpty());

        m_language.choose(QStringLiteral("en"));
        m_window = std::make_unique<MainWindow>(&m_tokens, &m_language);
        m_window->show();
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        m_window->session()->signIn(QStringLiteral("http://127.0.0.1:%1").arg(m_server->port()), QStringLiteral("erin"),
                                    kPassword);
        QVERIFY(waitUntil([&] { return m_window->session()->isSignedIn(); }));
        QCOMPARE(m_window->session()->role(), OperatorRole::Editor);
        auto *tabs = child<QTabWidget>(m_window.get(), "tabs");
        tabs->setCurrentWidget(editor());
        QCOMPARE(tabs->tabText(tabs->currentIndex()), MainWindow::tr("Knowledge base"));
    }

    void cleanupTestCase()
    {
        if (m_window && editor()->isModified())
            editor()->revert();
        m_window.reset();
        QSettings().clear();
    }

    void listsAndSearchesDocuments()
    {
        QVERIFY(waitUntil([&] { return editor()->documents()->rowCount() >= 40; }));
        m_allDocuments = editor()->documents()->rowCount();
        QVERIFY(editor()->documents()->rowOf(kTentDoc) >= 0);

        // The title filter goes to the server (?q=), debounced.
        auto *search = child<QLineEdit>(editor(), "kbSearch");
        search->setFocus();
        QTest::keyClicks(search, QStringLiteral("RETURN"));
        QVERIFY(waitUntil([&] {
            const int rows = editor()->documents()->rowCount();
            return rows > 0 && rows < m_allDocuments && editor()->documents()->titleFilter() == QStringLiteral("RETURN");
        }));
        for (int row = 0; row < editor()->documents()->rowCount(); ++row)
            QVERIFY(editor()->documents()->documentAt(row).title.contains(QStringLiteral("return"), Qt::CaseInsensitive));
        QVERIFY(editor()->documents()->rowOf(QStringLiteral("how-to-return-an-item")) >= 0);
        search->clear();
        QVERIFY(waitUntil([&] { return editor()->documents()->rowCount() == m_allDocuments; }));
    }

    void opensADocument()
    {
        clickDocument(kTentDoc);
        QVERIFY(opened(kTentDoc));
        QCOMPARE(child<QLineEdit>(editor(), "kbTitle")->text(), QStringLiteral("How do I clean and store my tent?"));
        QVERIFY(child<QLineEdit>(editor(), "kbDocId")->isReadOnly());
        QVERIFY(text()->toPlainText().contains(QStringLiteral("tent"), Qt::CaseInsensitive));
        // Its channels as the front matter gave them, as ticked boxes.
        const QStringList channels = editor()->documents()->document(kTentDoc)->allowedChannels;
        for (const QString &channel : {QStringLiteral("web"), QStringLiteral("slack"), QStringLiteral("email")}) {
            auto *box = editor()->findChild<QCheckBox *>(QStringLiteral("kbChannel_") + channel);
            QVERIFY(box);
            QCOMPARE(box->isChecked(), channels.contains(channel));
        }
        QVERIFY(!editor()->isModified());
        QVERIFY(!child<QPushButton>(editor(), "kbSaveButton")->isEnabled());
    }

    void previewRanksAsYouType()
    {
        previewFor(QStringLiteral("how do I return an item"));
        KbPreviewModel *preview = editor()->preview();
        QVERIFY(waitUntil([&] { return preview->rowCount() > 0 && preview->query() == QStringLiteral("how do I return an item"); }));
        QCOMPARE(preview->index(0, KbPreviewModel::RankColumn).data().toInt(), 1);
        const QString top = preview->index(0, 0).data(KbPreviewModel::DocIdRole).toString();
        QVERIFY2(top == QStringLiteral("how-to-return-an-item") || top == QStringLiteral("returns-policy"), qPrintable(top));
        QVERIFY(preview->index(0, KbPreviewModel::ScoreColumn).data(KbPreviewModel::SortRole).toDouble() > 0);
        // Both rankings' scores are shown; the lexical one found the top chunk.
        QVERIFY(preview->hitAt(0).lexical.has_value());
        QVERIFY(!preview->index(0, KbPreviewModel::LexicalColumn).data().toString().isEmpty());
        QVERIFY(!child<QLabel>(editor(), "kbPreviewStatus")->text().isEmpty());
    }

    void savedEditChangesThePreview()
    {
        QCOMPARE(editor()->currentDocId(), kTentDoc);
        // Nothing knows the phrase yet.
        previewFor(kPhrase);
        QVERIFY(waitUntil([&] { return editor()->preview()->query() == kPhrase; }));
        QCOMPARE(editor()->preview()->rankOf(kTentDoc), 0);

        text()->setFocus();
        text()->moveCursor(QTextCursor::End);
        QTest::keyClick(text(), Qt::Key_Return);
        QTest::keyClick(text(), Qt::Key_Return);
        QTest::keyClicks(text(), QStringLiteral("The ") + kPhrase + QStringLiteral(" pole kit fits every tent we sell."));
        QVERIFY(editor()->isModified());
        QVERIFY(child<QLabel>(editor(), "kbHeading")->text().endsWith(KbEditor::tr(" (unsaved changes)")));
        QVERIFY(child<QPushButton>(editor(), "kbSaveButton")->isEnabled());

        QTest::keyClick(text(), Qt::Key_S, Qt::ControlModifier); // Ctrl+S
        QVERIFY2(waitUntil([&] { return !editor()->isModified(); }), qPrintable(errorText()));
        QVERIFY(storedText(kTentDoc).contains(kPhrase));
        // The preview ran again after the save: the document now comes first.
        QVERIFY(waitUntil([&] { return editor()->preview()->rankOf(kTentDoc) == 1; }));
        QCOMPARE(editor()->preview()->index(0, 0).data(KbPreviewModel::DocIdRole).toString(), kTentDoc);
        QVERIFY(errorText().isEmpty());
    }

    void unsavedChangesAreNeverLostSilently()
    {
        QCOMPARE(editor()->currentDocId(), kTentDoc);
        const QString draft = QStringLiteral(" Draft words nobody saved.");
        text()->setFocus();
        text()->moveCursor(QTextCursor::End);
        QTest::keyClicks(text(), draft);
        QVERIFY(editor()->isModified());

        // Switching document: Cancel keeps everything, the list back on this document.
        auto seen = std::make_shared<bool>(false);
        answerNextBox(QStringLiteral("kbUnsavedChanges"), standard(QMessageBox::Cancel), seen);
        clickDocument(QStringLiteral("gift-cards"));
        QVERIFY(*seen);
        QCOMPARE(editor()->currentDocId(), kTentDoc);
        QVERIFY(text()->toPlainText().endsWith(draft));
        QCOMPARE(docTable()->currentIndex().data(KbDocumentListModel::DocIdRole).toString(), kTentDoc);

        // New (Ctrl+N) asks too.
        *seen = false;
        answerNextBox(QStringLiteral("kbUnsavedChanges"), standard(QMessageBox::Cancel), seen);
        QVERIFY(activate());
        QTest::keyClick(text(), Qt::Key_N, Qt::ControlModifier);
        QVERIFY(*seen);
        QVERIFY(!editor()->isNew());
        QVERIFY(text()->toPlainText().endsWith(draft));

        // Closing the window: Cancel keeps it open with the edits.
        *seen = false;
        answerNextBox(QStringLiteral("kbUnsavedChanges"), standard(QMessageBox::Cancel), seen);
        QVERIFY(!m_window->close());
        QVERIFY(*seen);
        QVERIFY(m_window->isVisible());
        QVERIFY(text()->toPlainText().endsWith(draft));

        // Save from the prompt: stored, then the other document opens.
        *seen = false;
        answerNextBox(QStringLiteral("kbUnsavedChanges"), standard(QMessageBox::Save), seen);
        clickDocument(QStringLiteral("gift-cards"));
        QVERIFY(*seen);
        QVERIFY2(opened(QStringLiteral("gift-cards")), qPrintable(errorText()));
        QVERIFY(storedText(kTentDoc).endsWith(QStringLiteral("Draft words nobody saved.")));

        // Discard: the edit is dropped on purpose, the server never sees it.
        QTest::keyClicks(text(), QStringLiteral("throwaway"));
        *seen = false;
        answerNextBox(QStringLiteral("kbUnsavedChanges"), standard(QMessageBox::Discard), seen);
        clickDocument(kTentDoc);
        QVERIFY(*seen);
        QVERIFY(opened(kTentDoc));
        QVERIFY(!storedText(QStringLiteral("gift-cards")).contains(QStringLiteral("throwaway")));
        QVERIFY(!editor()->isModified());

        // Revert puts back what is stored.
        QTest::keyClicks(text(), QStringLiteral("more"));
        QVERIFY(editor()->isModified());
        QTest::mouseClick(child<QPushButton>(editor(), "kbRevertButton"), Qt::LeftButton);
        QVERIFY(!editor()->isModified());
        QCOMPARE(text()->toPlainText(), storedText(kTentDoc));
    }

    void createAndDeleteADocument()
    {
        QVERIFY(activate());
        docTable()->setFocus();
        QTest::keyClick(docTable(), Qt::Key_N, Qt::ControlModifier); // Ctrl+N
        QVERIFY(editor()->isNew());
        QVERIFY(!child<QLineEdit>(editor(), "kbDocId")->isReadOnly());

        // A server refusal is shown by the field it concerns: an id that exists.
        QTest::keyClicks(child<QLineEdit>(editor(), "kbDocId"), QStringLiteral("gift-cards"));
        QTest::keyClicks(child<QLineEdit>(editor(), "kbTitle"), QStringLiteral("Loyalty stamps"));
        text()->setFocus();
        QTest::keyClicks(text(), QStringLiteral("Every order earns a stamp; ten stamps give a free tent peg set."));
        child<QCheckBox>(editor(), "kbChannel_web")->setChecked(true);
        QTest::mouseClick(child<QPushButton>(editor(), "kbSaveButton"), Qt::LeftButton);
        QVERIFY(waitUntil([&] { return !errorText().isEmpty(); }));
        QVERIFY2(errorText().contains(QStringLiteral("exists already")), qPrintable(errorText()));
        QVERIFY(editor()->isNew());
        QVERIFY(!storedText(QStringLiteral("gift-cards")).contains(QStringLiteral("stamp")));

        // A URL that is not http(s) is refused before sending.
        QTest::keyClicks(child<QLineEdit>(editor(), "kbUrl"), QStringLiteral("ftp://example.com/x"));
        child<QLineEdit>(editor(), "kbDocId")->clear();
        QTest::mouseClick(child<QPushButton>(editor(), "kbSaveButton"), Qt::LeftButton);
        QCOMPARE(errorText(), KbEditor::tr("The URL must be a whole web address starting with http:// or https://."));
        QVERIFY(child<QLineEdit>(editor(), "kbUrl")->hasFocus());
        child<QLineEdit>(editor(), "kbUrl")->setText(QStringLiteral("https://help.example.com/loyalty"));

        // Saved with an id the server makes from the title.
        QVERIFY(activate());
        QTest::keyClick(text(), Qt::Key_S, Qt::ControlModifier);
        QVERIFY2(waitUntil([&] { return !editor()->isNew() && !editor()->currentDocId().isEmpty(); }), qPrintable(errorText()));
        const QString created = editor()->currentDocId();
        QVERIFY2(created.startsWith(QStringLiteral("loyalty-stamps-")), qPrintable(created));
        QVERIFY(editor()->documents()->rowOf(created) >= 0);
        int status = 0;
        QVERIFY(storedText(created, &status).contains(QStringLiteral("ten stamps")));
        QCOMPARE(status, 200);
        const HttpResult stored = m_http->get(QStringLiteral("/admin/agent/kb/") + created, ApiClient::bearer(m_token));
        QCOMPARE(stored.json().value("allowed_channels").toArray(), QJsonArray{QStringLiteral("web")});
        QCOMPARE(stored.json().value("url").toString(), QStringLiteral("https://help.example.com/loyalty"));

        // Delete, naming the document: Cancel keeps it...
        QCOMPARE(docTable()->currentIndex().data(KbDocumentListModel::DocIdRole).toString(), created);
        docTable()->setFocus();
        auto seen = std::make_shared<bool>(false);
        QString question;
        answerNextBox(QStringLiteral("kbConfirmDelete"),
                      [&question](QMessageBox *box) {
                          question = box->text();
                          return box->button(QMessageBox::Cancel);
                      },
                      seen);
        QVERIFY(activate());
        QTest::keyClick(docTable(), Qt::Key_Delete);
        QVERIFY(*seen);
        QVERIFY2(question.contains(QStringLiteral("Loyalty stamps")) && question.contains(created), qPrintable(question));
        storedText(created, &status);
        QCOMPARE(status, 200);

        // ... Delete removes it.
        *seen = false;
        answerNextBox(QStringLiteral("kbConfirmDelete"),
                      [](QMessageBox *box) { return box->findChild<QAbstractButton *>(QStringLiteral("kbConfirmDeleteButton")); },
                      seen);
        QVERIFY(activate());
        QTest::keyClick(docTable(), Qt::Key_Delete);
        QVERIFY(*seen);
        QVERIFY2(waitUntil([&] { return editor()->documents()->rowOf(created) < 0 && !editor()->hasDocument(); }),
                 qPrintable(QStringLiteral("listed: %1, open: %2, error: %3")
                                .arg(editor()->documents()->rowOf(created)).arg(editor()->currentDocId(), errorText())));
        storedText(created, &status);
        QCOMPARE(status, 404);
    }

    void changesElsewhereNeverOverwriteEdits()
    {
        // Another editor (the plain API) creates a document: the live event lists it.
        auto put = [&](const QString &text) {
            const QJsonObject doc{{"title", "Bike racks"}, {"text", text}, {"format", "markdown"}};
            return ApiClient::finish(m_http->start("PUT", "/admin/agent/kb/bike-racks",
                                                   QJsonDocument(doc).toJson(QJsonDocument::Compact),
                                                   ApiClient::bearer(m_token)))
                .status;
        };
        auto remove = [&] {
            return ApiClient::finish(m_http->start("DELETE", "/admin/agent/kb/bike-racks", {}, ApiClient::bearer(m_token))).status;
        };
        QCOMPARE(put(QStringLiteral("We do not sell bike racks.")), 201);
        QVERIFY(waitUntil([&] { return editor()->documents()->rowOf(QStringLiteral("bike-racks")) >= 0; }));
        clickDocument(QStringLiteral("bike-racks"));
        QVERIFY(opened(QStringLiteral("bike-racks")));
        const QString mine = QStringLiteral(" Roof racks neither.");
        text()->moveCursor(QTextCursor::End);
        QTest::keyClicks(text(), mine);

        // Saved and then deleted elsewhere while we edit: said, never a prompt, edits kept.
        auto prompted = std::make_shared<bool>(false);
        QPointer<QTimer> watcher = answerNextBox(QStringLiteral("kbUnsavedChanges"), standard(QMessageBox::Cancel), prompted);
        QCOMPARE(put(QStringLiteral("We sell one bike rack.")), 200);
        QVERIFY(waitUntil([&] { return errorText().startsWith(QStringLiteral("Someone else saved")); }));
        QVERIFY(text()->toPlainText().endsWith(mine));
        QCOMPARE(remove(), 204);
        QVERIFY(waitUntil([&] { return editor()->documents()->rowOf(QStringLiteral("bike-racks")) < 0; }));
        QVERIFY(waitUntil([&] { return errorText() == KbEditor::tr("This document was deleted on the server. Saving will create it again."); }));
        QVERIFY(text()->toPlainText().endsWith(mine));
        QCOMPARE(editor()->currentDocId(), QStringLiteral("bike-racks"));
        QVERIFY(!*prompted);
        delete watcher;

        // Saving puts it back, with our text.
        QVERIFY(activate());
        QTest::keyClick(text(), Qt::Key_S, Qt::ControlModifier);
        QVERIFY2(waitUntil([&] { return !editor()->isModified(); }), qPrintable(errorText()));
        QVERIFY(storedText(QStringLiteral("bike-racks")).endsWith(mine));
        QVERIFY(waitUntil([&] { return editor()->documents()->rowOf(QStringLiteral("bike-racks")) >= 0; }));

        // Deleted elsewhere with nothing unsaved: the form closes.
        QCOMPARE(remove(), 204);
        QVERIFY(waitUntil([&] { return !editor()->hasDocument() && editor()->documents()->rowOf(QStringLiteral("bike-racks")) < 0; }));
    }

    void ticketsArriveLive()
    {
        auto *tabs = child<QTabWidget>(m_window.get(), "tabs");
        TicketsView *tickets = m_window->ticketsView();
        tabs->setCurrentWidget(tickets);
        QCOMPARE(tabs->tabText(tabs->currentIndex()), MainWindow::tr("Tickets"));
        QVERIFY(waitUntil([&] { return m_window->connectionText() == MainWindow::tr("Connected (live)"); }));
        const int before = tickets->model()->rowCount();

        // A complaint with an e-mail address: the rules brain opens a ticket.
        const HttpResult turn = m_http->sendMessage(
            QStringLiteral("I want to make a complaint: my tent pole snapped on the first night. sam@example.com"));
        QCOMPARE(turn.status, 200);
        const QString threadId = turn.json().value("thread_id").toString();
        QVERIFY(waitUntil([&] { return tickets->model()->rowCount() == before + 1; }));
        const TicketListEntry entry = tickets->model()->entryAt(0); // newest first
        QCOMPARE(entry.ticket.threadId, threadId);
        QVERIFY(entry.ticket.id.startsWith(QStringLiteral("T-")));
        QCOMPARE(entry.ticket.priority, QStringLiteral("high"));
        QVERIFY(turn.json().value("message").toObject().value("content").toString().contains(entry.ticket.id));
        // The list read after the event fills in what the event did not carry.
        QVERIFY(waitUntil([&] { return tickets->model()->entryAt(0).deliveryStatus == QStringLiteral("none"); }));
        QCOMPARE(tickets->model()->entryAt(0).channel, QStringLiteral("web"));

        // The status filter.
        tickets->setStatusFilter(QStringLiteral("solved"));
        QCOMPARE(tickets->proxy()->rowCount(), 0);
        tickets->setStatusFilter(QStringLiteral("open"));
        QCOMPARE(tickets->proxy()->rowCount(), before + 1);
        tickets->setStatusFilter({});

        // Enter on the ticket opens its conversation in the Threads tab.
        QVERIFY(waitUntil([&] { return m_window->threadModel()->rowOf(threadId) >= 0; }));
        const int row = tickets->model()->rowOf(entry.ticket.id);
        const QModelIndex index = tickets->proxy()->mapFromSource(tickets->model()->index(row, 0));
        tickets->table()->setFocus();
        tickets->table()->setCurrentIndex(index);
        QTest::keyClick(tickets->table(), Qt::Key_Return);
        QVERIFY(waitUntil([&] { return m_window->threadView()->currentThreadId() == threadId; }));
        QCOMPARE(tabs->currentIndex(), 0);
    }

    void translated()
    {
        auto *tabs = child<QTabWidget>(m_window.get(), "tabs");
        m_language.choose(QStringLiteral("de"));
        QVERIFY(waitUntil([&] { return child<QPushButton>(editor(), "kbSaveButton")->text() == QStringLiteral("&Speichern"); }, 3000));
        QCOMPARE(tabs->tabText(tabs->indexOf(editor())), QStringLiteral("Wissensdatenbank"));
        QCOMPARE(editor()->preview()->headerData(KbPreviewModel::LexicalColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Lexikalisch (BM25)"));
        m_language.choose(QStringLiteral("fr"));
        QVERIFY(waitUntil([&] { return child<QPushButton>(editor(), "kbSaveButton")->text() == QStringLiteral("&Enregistrer"); }, 3000));
        QCOMPARE(m_window->ticketsView()->model()->headerData(TicketListModel::ReferenceColumn, Qt::Horizontal).toString(),
                 QStringLiteral("R\u00e9f\u00e9rence"));
        m_language.choose(QStringLiteral("en"));
        QVERIFY(waitUntil([&] { return child<QPushButton>(editor(), "kbSaveButton")->text() == QStringLiteral("&Save"); }, 3000));
    }
};

QTEST_MAIN(TestKbEditor)
#include "tst_kbeditor.moc"

#include "mainwindow.h"
#include "kbeditor.h"
#include "language.h"
#include "metricsview.h"
#include "rowtable.h"
#include "session.h"
#include "signindialog.h"
#include "threadview.h"
#include "ticketsview.h"
#include "tokenstore.h"
#include "tracebrowser.h"

#include "models/threadfiltermodel.h"
#include "models/threadlistmodel.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>

MainWindow::MainWindow(TokenStore *tokens, Language *language, QWidget *parent)
    : QMainWindow(parent),
      m_language(language),
      m_session(new Session(tokens, this)),
      m_threads(new ThreadListModel(this)),
      m_filter(new ThreadFilterModel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    m_filter->setSourceModel(m_threads);

    // The threads page: filters and the list on the left, the conversation on the right.
    m_threadsPage = new QWidget(this);
    m_statusFilterLabel = new QLabel(m_threadsPage);
    m_statusFilter = new QComboBox(m_threadsPage);
    m_statusFilter->setObjectName(QStringLiteral("statusFilter"));
    m_statusFilterLabel->setBuddy(m_statusFilter);
    m_channelFilterLabel = new QLabel(m_threadsPage);
    m_channelFilter = new QComboBox(m_threadsPage);
    m_channelFilter->setObjectName(QStringLiteral("channelFilter"));
    m_channelFilterLabel->setBuddy(m_channelFilter);
    m_badge = new QLabel(m_threadsPage);
    m_badge->setObjectName(QStringLiteral("handoffBadge"));
    m_badge->setStyleSheet(QStringLiteral("QLabel { background: #c62828; color: white; border-radius: 8px; "
                                          "padding: 1px 8px; font-weight: bold; }"));
    m_badge->hide();

    m_table = rowTable(m_filter, ThreadListModel::LastMessageColumn, QStringLiteral("threadTable"), m_threadsPage);

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_statusFilterLabel);
    filters->addWidget(m_statusFilter);
    filters->addWidget(m_channelFilterLabel);
    filters->addWidget(m_channelFilter);
    filters->addStretch();
    filters->addWidget(m_badge);
    auto *left = new QWidget(m_threadsPage);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addLayout(filters);
    leftLayout->addWidget(m_table, 1);

    m_threadView = new ThreadView(m_session, m_threads, m_threadsPage);
    auto *splitter = new QSplitter(Qt::Horizontal, m_threadsPage);
    splitter->addWidget(left);
    splitter->addWidget(m_threadView);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto *pageLayout = new QVBoxLayout(m_threadsPage);
    pageLayout->addWidget(splitter);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("tabs"));
    m_tabs->addTab(m_threadsPage, QString());
    m_kbEditor = new KbEditor(m_session, m_tabs);
    m_tabs->addTab(m_kbEditor, QString());
    m_ticketsView = new TicketsView(m_session, m_tabs);
    m_tabs->addTab(m_ticketsView, QString());
    m_ticketsView->setThreadOpener([this](const QString &threadId) {
        if (!selectThread(threadId))
            return false;
        m_tabs->setCurrentWidget(m_threadsPage);
        return true;
    });
    auto showStatus = [this](const QString &text) { statusBar()->showMessage(text, 8000); };
    connect(m_kbEditor, &KbEditor::statusMessage, this, showStatus);
    connect(m_ticketsView, &TicketsView::statusMessage, this, showStatus);
    m_metricsView = new MetricsView(m_session, m_tabs);
    m_tabs->addTab(m_metricsView, QString());
    m_traceBrowser = new TraceBrowser(m_session, m_tabs);
    m_tabs->addTab(m_traceBrowser, QString());
    connect(m_traceBrowser, &TraceBrowser::statusMessage, this, showStatus);
    connect(m_threadView, &ThreadView::traceRequested, this, [this](const QString &traceId) {
        m_tabs->setCurrentWidget(m_traceBrowser);
        m_traceBrowser->showTrace(traceId);
    });
    setCentralWidget(m_tabs);

    m_connection = new QLabel(this);
    m_connection->setObjectName(QStringLiteral("connectionState"));
    statusBar()->addPermanentWidget(m_connection);

    createMenus();

    // Filters.
    connect(m_statusFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setStatusFilter(m_statusFilter->currentData().toString()); });
    connect(m_channelFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setChannelFilter(m_channelFilter->currentData().toString()); });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MainWindow::openSelected);

    // The list and the badge.
    connect(m_threads, &ThreadListModel::handoffCountChanged, this, &MainWindow::updateBadge);
    connect(m_threads, &ThreadListModel::handoffArrived, this, &MainWindow::onHandoffArrived);
    connect(m_threads, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateChannels);
    connect(m_threads, &QAbstractItemModel::modelReset, this, &MainWindow::updateChannels);
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, m_threads, &ThreadListModel::tick);
    m_tick.start();

    // The session and its live connection.
    Api::LiveConnection *live = m_session->live();
    connect(live, &Api::LiveConnection::threadsSnapshot, m_threads, &ThreadListModel::setThreads);
    connect(live, &Api::LiveConnection::threadChanged, m_threads, &ThreadListModel::upsert);
    connect(live, &Api::LiveConnection::threadStatusChanged, this,
            [this](const QString &id, ThreadStatus status, const QString &assignee, const QString &reason) {
                m_threads->updateStatus(id, status, assignee, reason);
            });
    connect(live, &Api::LiveConnection::messageAdded, this, [this](const Message &message) {
        m_threads->noteMessage(message);
        m_threadView->addMessage(message);
    });
    connect(live, &Api::LiveConnection::stateChanged, this, &MainWindow::onLiveState);
    connect(live, &Api::LiveConnection::connectionError, this, [this](const Api::ApiError &error) {
        m_connection->setToolTip(error.toString());
    });
    connect(m_threadView, &ThreadView::threadUpdated, m_threads, &ThreadListModel::upsert);
    connect(m_threadView, &ThreadView::statusMessage, this,
            [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    connect(m_session, &Session::signedIn, this, &MainWindow::onSignedIn);
    connect(m_session, &Session::restoreFailed, this, [this] { showSignIn(); });
    connect(m_session, &Session::expired, this, [this] {
        m_threads->clear();
        showSignIn(tr("Your session has expired. Please sign in again."));
    });
    connect(m_session, &Session::tokenStoreError, this, [this](const QString &message) {
        statusBar()->showMessage(tr("The keychain is not available (%1); you will have to sign in next time.")
                                     .arg(message), 10000);
    });

    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(QApplication::windowIcon(), this);
        m_tray->show();
    }

    retranslateUi();
    updateBadge();
    resize(1100, 700);
    restoreGeometry(QSettings().value(QStringLiteral("ui/geometry")).toByteArray());
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus()
{
    m_fileMenu = menuBar()->addMenu(QString());
    m_signOutAction = m_fileMenu->addAction(QString(), this, &MainWindow::signOut);
    m_signOutAction->setObjectName(QStringLiteral("signOutAction"));
    m_fileMenu->addSeparator();
    m_quitAction = m_fileMenu->addAction(QString(), this, &QWidget::close);
    m_quitAction->setShortcut(QKeySequence::Quit);

    m_viewMenu = menuBar()->addMenu(QString());
    m_refreshAction = m_viewMenu->addAction(QString(), this, [this] {
        m_session->live()->refresh();
        m_threadView->reload();
    });
    m_refreshAction->setShortcut(QKeySequence::Refresh);
    m_focusListAction = m_viewMenu->addAction(QString(), this, [this] { m_table->setFocus(); });
    m_focusListAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));

    m_settingsMenu = menuBar()->addMenu(QString());
    m_languageMenu = m_settingsMenu->addMenu(QString());
    m_languageGroup = new QActionGroup(this);
    QStringList codes{QString()};
    codes += Language::available();
    for (const QString &code : codes) {
        QAction *action = m_languageMenu->addAction(QString());
        action->setCheckable(true);
        action->setData(code);
        action->setObjectName(QStringLiteral("language_") + (code.isEmpty() ? QStringLiteral("system") : code));
        action->setChecked(m_language && m_language->chosen() == code);
        m_languageGroup->addAction(action);
        connect(action, &QAction::triggered, this, [this, code] {
            if (m_language)
                m_language->choose(code);
        });
    }
}

void MainWindow::retranslateUi()
{
    m_fileMenu->setTitle(tr("&File"));
    m_signOutAction->setText(tr("Sign &out"));
    m_quitAction->setText(tr("&Quit"));
    m_viewMenu->setTitle(tr("&View"));
    m_refreshAction->setText(tr("&Refresh"));
    m_focusListAction->setText(tr("Go to the &list"));
    m_settingsMenu->setTitle(tr("&Settings"));
    m_languageMenu->setTitle(tr("&Language"));
    for (QAction *action : m_languageGroup->actions())
        action->setText(Language::nativeName(action->data().toString()));

    m_tabs->setTabText(m_tabs->indexOf(m_metricsView), tr("Metrics"));
    m_tabs->setTabText(m_tabs->indexOf(m_traceBrowser), tr("Traces"));
    m_tabs->setTabText(m_tabs->indexOf(m_kbEditor), tr("Knowledge base"));
    m_tabs->setTabText(m_tabs->indexOf(m_ticketsView), tr("Tickets"));
    m_statusFilterLabel->setText(tr("S&tatus:"));
    m_channelFilterLabel->setText(tr("C&hannel:"));
    {
        const QSignalBlocker blocker(m_statusFilter);
        const QString current = m_statusFilter->currentData().toString();
        m_statusFilter->clear();
        m_statusFilter->addItem(tr("All"), QString());
        for (ThreadStatus status : {ThreadStatus::Handoff, ThreadStatus::Human, ThreadStatus::Bot, ThreadStatus::Closed})
            m_statusFilter->addItem(ThreadListModel::statusText(status), threadStatusToString(status));
        m_statusFilter->setCurrentIndex(qMax(0, m_statusFilter->findData(current)));
    }
    updateChannels();
    m_threads->retranslate();
    updateBadge();
    onLiveState(m_liveState);
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QMainWindow::changeEvent(event);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // Unsaved knowledge-base edits: Save (then close), Discard or Cancel.
    if (!m_kbEditor->confirmClose([this] { close(); })) {
        event->ignore();
        return;
    }
    m_threadView->saveDrafts();
    QSettings().setValue(QStringLiteral("ui/geometry"), saveGeometry());
    QMainWindow::closeEvent(event);
}

void MainWindow::start()
{
    QSettings settings;
    const QString url = settings.value(QStringLiteral("session/url")).toString();
    const QString user = settings.value(QStringLiteral("session/user")).toString();
    if (url.isEmpty() || user.isEmpty()) {
        showSignIn();
        return;
    }
    statusBar()->showMessage(tr("Signing in as %1\u2026").arg(user));
    m_session->restore(url, user);
}

void MainWindow::showSignIn(const QString &message)
{
    if (!m_signIn) {
        m_signIn = new SignInDialog(m_session, this);
        m_signIn->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_signIn, &QDialog::rejected, this, [this] {
            if (!m_session->isSignedIn())
                emit signInCancelled();
        });
    }
    if (!message.isEmpty())
        statusBar()->showMessage(message, 10000);
    m_signIn->open();
    m_signIn->raise();
    m_signIn->activateWindow();
}

void MainWindow::signOut()
{
    m_threadView->saveDrafts();
    m_session->signOut();
    m_threadView->showThread({});
    m_threads->clear();
    m_wasConnected = false;
    statusBar()->showMessage(tr("Signed out."), 5000);
    showSignIn();
}

void MainWindow::onSignedIn()
{
    const QUrl url(m_session->serverUrl());
    setWindowTitle(tr("Support console \u2014 %1 on %2").arg(m_session->username(), url.host()));
    statusBar()->showMessage(tr("Signed in as %1.").arg(m_session->username()), 5000);
    m_table->setFocus();
    updateBadge();
}

QString MainWindow::connectionText() const
{
    return m_connection->text();
}

void MainWindow::onLiveState(Api::LiveConnection::State state)
{
    using State = Api::LiveConnection::State;
    const State previous = m_liveState;
    m_liveState = state;
    switch (state) {
    case State::Offline: m_connection->setText(tr("Offline")); break;
    case State::Connecting: m_connection->setText(tr("Connecting\u2026")); break;
    case State::Live: m_connection->setText(tr("Connected (live)")); break;
    case State::Polling: m_connection->setText(tr("Connected (polling)")); break;
    case State::Reconnecting: m_connection->setText(tr("Reconnecting\u2026")); break;
    }
    const bool connected = state == State::Live || state == State::Polling;
    if (state == State::Reconnecting && previous != State::Reconnecting)
        statusBar()->showMessage(tr("Lost the connection to the server; reconnecting\u2026"));
    else if (connected && previous == State::Reconnecting && m_wasConnected)
        statusBar()->showMessage(tr("Reconnected to the server."), 8000);
    if (connected) {
        m_wasConnected = true;
        m_threadView->reload();
    }
}

void MainWindow::onHandoffArrived(const Thread &thread)
{
    const QString text = tr("New handoff on %1: %2").arg(thread.channel, thread.lastMessage.left(80));
    statusBar()->showMessage(text, 10000);
    if (m_tray)
        m_tray->showMessage(tr("A customer is waiting"), text, QSystemTrayIcon::Information, 8000);
    QApplication::alert(this);
}

void MainWindow::updateBadge()
{
    const int waiting = m_threads->handoffCount();
    m_badge->setVisible(waiting > 0);
    m_badge->setText(tr("%n waiting", nullptr, waiting));
    m_tabs->setTabText(m_tabs->indexOf(m_threadsPage),
                       waiting > 0 ? tr("Threads (%1)").arg(waiting) : tr("Threads"));
    QString title = m_session->isSignedIn()
        ? tr("Support console \u2014 %1 on %2").arg(m_session->username(), QUrl(m_session->serverUrl()).host())
        : tr("Support console");
    if (waiting > 0)
        title = tr("(%1) %2").arg(waiting).arg(title);
    setWindowTitle(title);
}

void MainWindow::updateChannels()
{
    QStringList channels{QStringLiteral("web"), QStringLiteral("slack"), QStringLiteral("email")};
    for (int row = 0; row < m_threads->rowCount(); ++row) {
        const QString channel = m_threads->threadAt(row).channel;
        if (!channels.contains(channel))
            channels.append(channel);
    }
    if (m_channelFilter->count() == channels.size() + 1 && m_channelFilter->itemText(0) == tr("All"))
        return;
    const QSignalBlocker blocker(m_channelFilter);
    const QString current = m_channelFilter->currentData().toString();
    m_channelFilter->clear();
    m_channelFilter->addItem(tr("All"), QString());
    for (const QString &channel : std::as_const(channels))
        m_channelFilter->addItem(channel, channel);
    m_channelFilter->setCurrentIndex(qMax(0, m_channelFilter->findData(current)));
}

void MainWindow::openSelected()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid())
        return;
    m_threadView->showThread(current.data(ThreadListModel::ThreadIdRole).toString());
}

bool MainWindow::selectThread(const QString &threadId)
{
    const int sourceRow = m_threads->rowOf(threadId);
    if (sourceRow < 0)
        return false;
    const QModelIndex index = m_filter->mapFromSource(m_threads->index(sourceRow, 0));
    if (!index.isValid())
        return false;
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    return true;
}

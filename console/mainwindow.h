#pragma once
#include "api/liveconnection.h"

#include <QMainWindow>
#include <QPointer>
#include <QTimer>

class QActionGroup;
class QComboBox;
class QLabel;
class QMenu;
class QSystemTrayIcon;
class QTabWidget;
class QTableView;
class KbEditor;
class Language;
class MetricsView;
class Session;
class SignInDialog;
class ThreadFilterModel;
class ThreadListModel;
class ThreadView;
class TicketsView;
class TokenStore;
class TraceBrowser;

// The operator console: the live thread list (handoff queue on top, filters
// by status and channel, a badge with the number waiting) beside the
// selected conversation. Connection state and errors go to the status bar;
// nothing ever waits on the network with the window frozen.
class MainWindow : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    MainWindow(TokenStore *tokens, Language *language, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Signs in with the remembered token if there is one, else asks.
    void start();
    void showSignIn(const QString &message = {});

    Session *session() const { return m_session; }
    ThreadListModel *threadModel() const { return m_threads; }
    ThreadFilterModel *filterModel() const { return m_filter; }
    ThreadView *threadView() const { return m_threadView; }
    MetricsView *metricsView() const { return m_metricsView; }
    TraceBrowser *traceBrowser() const { return m_traceBrowser; }
    QTableView *threadTable() const { return m_table; }
    KbEditor *kbEditor() const { return m_kbEditor; }
    TicketsView *ticketsView() const { return m_ticketsView; }
    SignInDialog *signInDialog() const { return m_signIn; }
    QString connectionText() const;
    // Selects a thread in the list (and opens it); false when it is not listed.
    bool selectThread(const QString &threadId);

signals:
    // The user closed the sign-in dialog without signing in.
    void signInCancelled();

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void retranslateUi();
    void createMenus();
    void signOut();
    void onSignedIn();
    void onLiveState(Api::LiveConnection::State state);
    void onHandoffArrived(const Thread &thread);
    void updateBadge();
    void updateChannels();
    void openSelected();

    Language *m_language;
    Session *m_session;
    ThreadListModel *m_threads;
    ThreadFilterModel *m_filter;
    QTabWidget *m_tabs = nullptr;
    QWidget *m_threadsPage = nullptr;
    QTableView *m_table = nullptr;
    ThreadView *m_threadView = nullptr;
    KbEditor *m_kbEditor = nullptr;
    TicketsView *m_ticketsView = nullptr;
    MetricsView *m_metricsView = nullptr;
    TraceBrowser *m_traceBrowser = nullptr;
    QComboBox *m_statusFilter = nullptr;
    QComboBox *m_channelFilter = nullptr;
    QLabel *m_statusFilterLabel = nullptr;
    QLabel *m_channelFilterLabel = nullptr;
    QLabel *m_badge = nullptr;
    QLabel *m_connection = nullptr;
    QPointer<SignInDialog> m_signIn;
    QSystemTrayIcon *m_tray = nullptr;
    QTimer m_tick;
    Api::LiveConnection::State m_liveState = Api::LiveConnection::State::Offline;
    bool m_wasConnected = false;

    QMenu *m_fileMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_settingsMenu = nullptr;
    QMenu *m_languageMenu = nullptr;
    QAction *m_signOutAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_refreshAction = nullptr;
    QAction *m_focusListAction = nullptr;
    QActionGroup *m_languageGroup = nullptr;
};

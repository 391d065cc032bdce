#include "consoleapp.h"
#include "keychaintokenstore.h"
#include "language.h"
#include "kbeditor.h"
#include "mainwindow.h"
#include "metricsview.h"
#include "memorytokenstore.h"
#include "session.h"
#include "signindialog.h"
#include "threadview.h"
#include "ticketsview.h"
#include "tracebrowser.h"

#include "models/kbdocumentlistmodel.h"
#include "models/threadlistmodel.h"
#include "models/tracelistmodel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QLineEdit>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QTextStream>
#include <QTimer>

namespace {

// The tabs after the threads page, each given a moment to load: the turns
// (the latest opened), the knowledge base (a document and a preview), the
// tickets and the metrics.
template<typename Save, typename Quit>
void screenshotTabs(MainWindow *window, Save save, Quit quit)
{
    auto *tabs = window->findChild<QTabWidget *>();
    auto show = [tabs](QWidget *page) {
        if (tabs && page)
            tabs->setCurrentWidget(page);
    };
    show(window->traceBrowser());
    QTimer::singleShot(1500, window, [=] {
        TraceBrowser *traces = window->traceBrowser();
        if (traces->traceModel()->rowCount() > 0)
            traces->traceTable()->selectRow(0);
        QTimer::singleShot(1500, window, [=] {
            save(window, QStringLiteral("traces"));
            show(window->kbEditor());
            QTimer::singleShot(1500, window, [=] {
                KbEditor *kb = window->kbEditor();
                if (kb->documents()->rowCount() > 0)
                    kb->openDocument(kb->documents()->index(0, 0).data(KbDocumentListModel::DocIdRole).toString());
                if (auto *query = kb->findChild<QLineEdit *>(QStringLiteral("kbPreviewQuery")))
                    query->setText(QStringLiteral("how do I return an item"));
                QTimer::singleShot(2000, window, [=] {
                    save(window, QStringLiteral("knowledge-base"));
                    show(window->ticketsView());
                    QTimer::singleShot(1500, window, [=] {
                        save(window, QStringLiteral("tickets"));
                        show(window->metricsView());
                        QTimer::singleShot(2500, window, [=] {
                            save(window, QStringLiteral("metrics"));
                            quit();
                        });
                    });
                });
            });
        });
    });
}

// --screenshot: one PNG per main view, for the README.
void takeScreenshots(MainWindow *window, const QString &dir, const QString &password)
{
    QDir().mkpath(dir);
    auto save = [dir](QWidget *widget, const QString &name) {
        widget->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
    };
    auto quit = [] { QCoreApplication::exit(0); };
    SignInDialog *dialog = window->signInDialog();
    if (!dialog) {
        QTextStream(stderr) << "support-console: no sign-in dialog to fill\n";
        QCoreApplication::exit(1);
        return;
    }
    dialog->findChild<QLineEdit *>(QStringLiteral("password"))->setText(password);
    save(dialog, QStringLiteral("signin"));
    QObject::connect(window->session(), &Session::signInFailed, window, [](const QString &message) {
        QTextStream(stderr) << "support-console: sign-in failed: " << message << '\n';
        QCoreApplication::exit(1);
    });
    QObject::connect(window->session(), &Session::signedIn, window, [window, save, quit] {
        // Let the first snapshot arrive, then open the longest-waiting thread.
        QTimer::singleShot(2500, window, [window, save, quit] {
            ThreadListModel *threads = window->threadModel();
            if (threads->rowCount() > 0)
                window->selectThread(threads->threadAt(0).id);
            QTimer::singleShot(1500, window, [window, save, quit] {
                save(window, QStringLiteral("threads"));
                // A thread an operator holds, if there is one.
                ThreadListModel *threads = window->threadModel();
                for (int row = 0; row < threads->rowCount(); ++row) {
                    if (threads->threadAt(row).status == ThreadStatus::Human) {
                        window->selectThread(threads->threadAt(row).id);
                        break;
                    }
                }
                QTimer::singleShot(1500, window, [window, save, quit] {
                    save(window, QStringLiteral("thread-taken-over"));
                    screenshotTabs(window, save, quit);
                });
            });
        });
    });
    QMetaObject::invokeMethod(dialog->findChild<QWidget *>(QStringLiteral("signInButton")), "click",
                              Qt::QueuedConnection);
}

} // namespace

int runConsole(QApplication &app)
{
    QApplication::setOrganizationName(QStringLiteral("supportd"));
    QApplication::setApplicationName(QStringLiteral("support-console"));
    // The language first, so that --help and everything after it are translated.
    const QStringList arguments = QCoreApplication::arguments();
    const int languageArgument = arguments.indexOf(QStringLiteral("--language"));
    if (languageArgument > 0 && languageArgument + 1 < arguments.size())
        QSettings().setValue(QStringLiteral("ui/language"), arguments.at(languageArgument + 1));
    Language language;
    language.applySaved();
    QApplication::setApplicationDisplayName(QObject::tr("Support console"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QObject::tr("The operator console of supportd."));
    parser.addHelpOption();
    const QCommandLineOption serverOption(QStringLiteral("server"), QObject::tr("Server address."), QStringLiteral("url"));
    const QCommandLineOption userOption(QStringLiteral("user"), QObject::tr("User name."), QStringLiteral("name"));
    const QCommandLineOption languageOption(QStringLiteral("language"), QObject::tr("Language (en, de, fr)."),
                                            QStringLiteral("code"));
    const QCommandLineOption noKeychainOption(QStringLiteral("no-keychain"),
                                              QObject::tr("Keep the session token in memory only."));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QObject::tr("Sign in with SUPPORT_CONSOLE_PASSWORD, save PNGs of the main views into a folder, and quit."),
        QStringLiteral("dir"));
    parser.addOptions({serverOption, userOption, languageOption, noKeychainOption, screenshotOption});
    parser.process(app);


    const bool screenshots = parser.isSet(screenshotOption);
    TokenStore *tokens = parser.isSet(noKeychainOption) || screenshots
        ? static_cast<TokenStore *>(new MemoryTokenStore(&app))
        : static_cast<TokenStore *>(new KeychainTokenStore(QStringLiteral("support-console"), &app));
    if (parser.isSet(serverOption))
        QSettings().setValue(QStringLiteral("session/url"), parser.value(serverOption));
    if (parser.isSet(userOption))
        QSettings().setValue(QStringLiteral("session/user"), parser.value(userOption));

    MainWindow window(tokens, &language);
    QObject::connect(&window, &MainWindow::signInCancelled, &app, &QCoreApplication::quit);
    window.show();
    if (screenshots) {
        window.showSignIn();
        takeScreenshots(&window, parser.value(screenshotOption), qEnvironmentVariable("SUPPORT_CONSOLE_PASSWORD"));
    } else {
        window.start();
    }
    return app.exec();
}

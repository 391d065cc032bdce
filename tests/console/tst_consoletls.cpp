// Signing in to supportd over TLS, offscreen. supportd itself speaks plain
// HTTP (QtHttpServer 6.4 is a technical preview; production puts nginx in
// front), so the test does what production does: a real nginx terminates TLS
// with a throwaway certificate made by openssl at test time and proxies to a
// real supportd in the test process, WebSocket included. The console trusts
// that certificate through ApiClient::setSslConfiguration and signs in; with
// the system's trust alone the sign-in dialog says the connection is not secure.
#include "mainwindow.h"
#include "memorytokenstore.h"
#include "session.h"
#include "signindialog.h"

#include "support/eventwait.h"
#include "support/testserver.h"

#include <QCoreApplication>
#include <QFile>
#include <QLineEdit>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

namespace {

const QString kPassword = QStringLiteral("correct horse battery");

QString findProgram(const QString &name)
{
    // nginx lives in /usr/sbin, which a normal user's PATH may lack.
    const QString found = QStandardPaths::findExecutable(name);
    return found.isEmpty() ? QStandardPaths::findExecutable(name, {QStringLiteral("/usr/sbin")}) : found;
}

quint16 freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

// A TLS-terminating nginx in a private folder, in front of 127.0.0.1:backend.
class TlsProxy
{
public:
    ~TlsProxy()
    {
        if (m_nginx.state() != QProcess::NotRunning) {
            m_nginx.terminate(); // SIGTERM: nginx's fast shutdown, workers included
            if (!m_nginx.waitForFinished(5000))
                m_nginx.kill();
        }
    }

    // A self-signed certificate for 127.0.0.1 and localhost, valid one day.
    bool makeCertificate(const QString &openssl)
    {
        QProcess run;
        run.setProcessChannelMode(QProcess::MergedChannels);
        run.start(openssl, {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                            QStringLiteral("ec"), QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"),
                            QStringLiteral("-nodes"), QStringLiteral("-days"), QStringLiteral("1"),
                            QStringLiteral("-subj"), QStringLiteral("/CN=supportd test"),
                            QStringLiteral("-addext"), QStringLiteral("subjectAltName=IP:127.0.0.1,DNS:localhost"),
                            QStringLiteral("-keyout"), path("server.key"), QStringLiteral("-out"), path("server.crt")});
        if (!run.waitForFinished(30000) || run.exitCode() != 0) {
            m_error = QStringLiteral("openssl: ") + QString::fromLocal8Bit(run.readAll());
            return false;
        }
        return true;
    }

    bool start(const QString &nginx, quint16 backend)
    {
        m_port = freePort();
        const QString dir = m_dir.path();
        const QString config = QStringLiteral(
            "worker_processes 1;\n"
            "pid %1/nginx.pid;\n"
            "error_log %1/error.log warn;\n"
            "events { worker_connections 64; }\n"
            "http {\n"
            "  access_log off;\n"
            "  client_body_temp_path %1/body; proxy_temp_path %1/proxy; fastcgi_temp_path %1/fastcgi;\n"
            "  uwsgi_temp_path %1/uwsgi; scgi_temp_path %1/scgi;\n"
            "  map $http_upgrade $connection_upgrade { default upgrade; '' close; }\n"
            "  server {\n"
            "    listen 127.0.0.1:%2 ssl;\n"
            "    ssl_certificate %1/server.crt;\n"
            "    ssl_certificate_key %1/server.key;\n"
            "    location / {\n"
            "      proxy_pass http://127.0.0.1:%3;\n"
            "      proxy_http_version 1.1;\n"
            "      proxy_set_header Host $host;\n"
            "      proxy_set_header Upgrade $http_upgrade;\n"
            "      proxy_set_header Connection $connection_upgrade;\n"
            "      proxy_set_header X-Forwarded-Proto https;\n"
            "      proxy_buffering off;\n"
            "      proxy_read_timeout 1h;\n"
            "    }\n"
            "  }\n"
            "}\n").arg(dir).arg(m_port).arg(backend);
        QFile file(path("nginx.conf"));
        if (!file.open(QIODevice::WriteOnly) || file.write(config.toUtf8()) < 0) {
            m_error = QStringLiteral("cannot write nginx.conf");
            return false;
        }
        file.close();
        m_nginx.setProcessChannelMode(QProcess::MergedChannels);
        m_nginx.start(nginx, {QStringLiteral("-p"), dir, QStringLiteral("-c"), path("nginx.conf"),
                              QStringLiteral("-e"), path("error.log"), QStringLiteral("-g"), QStringLiteral("daemon off;")});
        // Polled: nothing in this process wakes the event loop when nginx starts listening.
        const bool listening = QTest::qWaitFor([this] {
            if (m_nginx.state() == QProcess::NotRunning)
                return true;
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, m_port);
            return socket.waitForConnected(100);
        }, 10000);
        if (!listening || m_nginx.state() == QProcess::NotRunning) {
            QFile log(path("error.log"));
            log.open(QIODevice::ReadOnly);
            m_error = QStringLiteral("nginx did not start: ") + QString::fromLocal8Bit(m_nginx.readAll() + log.readAll());
            return false;
        }
        return true;
    }

    QString path(const char *name) const { return m_dir.filePath(QString::fromLatin1(name)); }
    QString url() const { return QStringLiteral("https://127.0.0.1:%1").arg(m_port); }
    QString errorString() const { return m_error; }

private:
    QTemporaryDir m_dir;
    QProcess m_nginx;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace

class TestConsoleTls : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<TlsProxy> m_proxy;

    // Signs in through the dialog as an operator would; the dialog stays up on failure.
    static SignInDialog *submit(MainWindow *window, const QString &url)
    {
        window->start();
        if (!waitUntil([&] { return window->signInDialog() && window->signInDialog()->isVisible(); }))
            return nullptr;
        SignInDialog *dialog = window->signInDialog();
        dialog->findChild<QLineEdit *>(QStringLiteral("serverUrl"))->setText(url);
        dialog->findChild<QLineEdit *>(QStringLiteral("username"))->setText(QStringLiteral("sam"));
        dialog->findChild<QLineEdit *>(QStringLiteral("password"))->setText(kPassword);
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("signInButton")), Qt::LeftButton);
        return dialog;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("supportd-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_consoletls"));
        QSettings().clear();

        const QString nginx = findProgram(QStringLiteral("nginx"));
        const QString openssl = findProgram(QStringLiteral("openssl"));
        if (nginx.isEmpty() || openssl.isEmpty())
            QSKIP("nginx or openssl is not installed (scripts/install-deps.sh installs both)");

        m_server = std::make_unique<TestServer>();
        START_TEST_SERVER(*m_server);
        QVERIFY(m_server->addOperator(QStringLiteral("sam"), OperatorRole::Agent, kPassword));
        m_proxy = std::make_unique<TlsProxy>();
        QVERIFY2(m_proxy->makeCertificate(openssl), qPrintable(m_proxy->errorString()));
        QVERIFY2(m_proxy->start(nginx, m_server->port()), qPrintable(m_proxy->errorString()));
    }

    void cleanupTestCase()
    {
        m_proxy.reset();
        m_server.reset();
        QSettings().clear();
    }

    void untrustedCertificateIsRefusedClearly()
    {
        QSettings().clear();
        MemoryTokenStore tokens;
        MainWindow window(&tokens, nullptr);
        window.show();
        SignInDialog *dialog = submit(&window, m_proxy->url());
        QVERIFY(dialog);
        QVERIFY(waitUntil([&] { return !dialog->errorText().isEmpty(); }));
        const QString error = dialog->errorText();
        qInfo("the dialog says: %s", qPrintable(error));
        // The TLS error, in words, naming why: not a generic network failure.
        QVERIFY2(error.startsWith(Api::ApiError::tr("Secure connection failed: %1").arg(QString())), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("self signed"), Qt::CaseInsensitive)
                     || error.contains(QStringLiteral("self-signed"), Qt::CaseInsensitive)
                     || error.contains(QStringLiteral("not trusted"), Qt::CaseInsensitive),
                 qPrintable(error));
        QVERIFY(dialog->isVisible());
        QVERIFY(!window.session()->isSignedIn());
        QCOMPARE(tokens.size(), 0);
    }

    void trustedCertificateSignsIn()
    {
        QSettings().clear();
        const QList<QSslCertificate> ca = QSslCertificate::fromPath(m_proxy->path("server.crt"));
        QCOMPARE(ca.size(), 1);
        MemoryTokenStore tokens;
        MainWindow window(&tokens, nullptr);
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.addCaCertificates(ca);
        window.session()->client()->setSslConfiguration(ssl);
        window.show();

        // The dialog deletes itself once signed in.
        QPointer<SignInDialog> dialog = submit(&window, m_proxy->url());
        QVERIFY(dialog);
        const bool signedIn = waitUntil([&] { return window.session()->isSignedIn(); });
        QVERIFY2(signedIn, qPrintable(dialog ? dialog->errorText() : QString()));
        QCOMPARE(window.session()->serverUrl(), m_proxy->url());
        QVERIFY(waitUntil([&] { return tokens.size() == 1; }));
        // The live feed comes through the same TLS proxy (wss://).
        QVERIFY2(waitUntil([&] { return window.session()->live()->state() == Api::LiveConnection::State::Live; }),
                 qPrintable(window.connectionText()));
        window.session()->signOut();
    }
};

QTEST_MAIN(TestConsoleTls)
#include "tst_consoletls.moc"

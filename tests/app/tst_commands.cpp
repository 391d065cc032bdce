#include "app/agentruntime.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

// The supportd command line, run as a real process.
class TestCommands : public QObject
{
    Q_OBJECT

private:
    static int runSupportd(const QStringList &arguments, const QByteArray &stdinText, QByteArray *output)
    {
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(QStringLiteral(SUPPORTD_BINARY), arguments);
        if (!process.waitForStarted(10000))
            return -1;
        process.write(stdinText);
        process.closeWriteChannel();
        process.waitForFinished(60000);
        *output = process.readAll();
        return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    }

private slots:
    void userAddReadsThePasswordFromStdin()
    {
        QTemporaryDir dir;
        QByteArray output;
        QCOMPARE(runSupportd({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("alice"), QStringLiteral("--role"),
                              QStringLiteral("editor"), QStringLiteral("--data-dir"), dir.path()},
                             "correct horse battery\n", &output),
                 0);
        QVERIFY2(output.contains("alice"), output.constData());
        QVERIFY(!output.contains("correct horse")); // never echoed

        AgentRuntime runtime(DatabaseConfig::sqlite(dir.filePath(QStringLiteral("supportd.sqlite"))));
        QString error;
        QVERIFY2(runtime.start(&error), qPrintable(error));
        const auto login = runtime.auth().login(QStringLiteral("alice"), QStringLiteral("correct horse battery"),
                                                QStringLiteral("127.0.0.1"));
        QCOMPARE(login.status, AuthService::LoginResult::Status::Ok);
        QCOMPARE(login.role, OperatorRole::Editor);
        QVERIFY(!QFile(dir.filePath(QStringLiteral("supportd.sqlite"))).readAll().contains("correct horse battery"));
    }

    void userAddRefusesBadInput_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("password");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("short password") << QStringList{QStringLiteral("bob"), QStringLiteral("--role"), QStringLiteral("agent")}
                                        << QByteArray("short\n") << 1;
        QTest::newRow("unknown role") << QStringList{QStringLiteral("bob"), QStringLiteral("--role"), QStringLiteral("root")}
                                      << QByteArray("long enough password\n") << 2;
        QTest::newRow("no name") << QStringList{QStringLiteral("--role"), QStringLiteral("agent")}
                                 << QByteArray("long enough password\n") << 2;
        QTest::newRow("bad name") << QStringList{QStringLiteral("b ob"), QStringLiteral("--role"), QStringLiteral("agent")}
                                  << QByteArray("long enough password\n") << 1;
    }

    void userAddRefusesBadInput()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, password);
        QFETCH(int, exitCode);
        QTemporaryDir dir;
        QByteArray output;
        QCOMPARE(runSupportd(QStringList{QStringLiteral("user"), QStringLiteral("add")} + arguments
                                 + QStringList{QStringLiteral("--data-dir"), dir.path()},
                             password, &output),
                 exitCode);
        QVERIFY2(output.contains("supportd: ") || output.contains("usage"), output.constData()); // says why
    }

    void serveAnswersAndStopsCleanlyOnSigterm()
    {
        QTemporaryDir dir;
        QProcess server;
        server.setProcessChannelMode(QProcess::MergedChannels);
        server.start(QStringLiteral(SUPPORTD_BINARY), {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"),
                                                       QStringLiteral("--data-dir"), dir.path()});
        QVERIFY(server.waitForStarted(10000));
        QByteArray banner;
        static const QRegularExpression listening(QStringLiteral("listening on http://127\\.0\\.0\\.1:(\\d+)"));
        QRegularExpressionMatch match;
        QTRY_VERIFY_WITH_TIMEOUT((banner += server.readAll(), match = listening.match(QString::fromUtf8(banner))).hasMatch(),
                                 30000);
        QVERIFY(banner.contains("curl")); // tells how to ask it a question
        QVERIFY(banner.contains("45 help-centre articles"));
        const QString base = QStringLiteral("http://127.0.0.1:") + match.captured(1);

        QNetworkAccessManager network;
        QNetworkRequest ask(QUrl(base + QStringLiteral("/api/agent/messages")));
        ask.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        QNetworkReply *reply = network.post(ask, R"({"user_msg":"How do I reset my password?"})");
        QSignalSpy done(reply, &QNetworkReply::finished);
        QVERIFY(done.wait(10000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
        QCOMPARE(answer.value(QStringLiteral("message")).toObject().value(QStringLiteral("citations")).toArray().first()
                     .toObject().value(QStringLiteral("doc_id")).toString(),
                 QStringLiteral("resetting-your-password"));
        reply->deleteLater();

        ::kill(pid_t(server.processId()), SIGTERM);
        QVERIFY(server.waitForFinished(15000));
        QCOMPARE(server.exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.exitCode(), 0);
    }

    void evalRoutesPrintsFigures()
    {
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("rows.jsonl")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"instruction\": \"I want to talk to a human\", \"intent\": \"contact_human_agent\"}\n"
                   "{\"instruction\": \"where is my order 100482\", \"intent\": \"track_order\"}\n"
                   "{\"instruction\": \"how do I reset my password\", \"intent\": \"recover_password\"}\n"
                   "{\"instruction\": \"what are black holes\", \"intent\": \"track_order\"}\n");
        file.close();
        QByteArray output;
        QCOMPARE(runSupportd({QStringLiteral("eval"), QStringLiteral("routes"), file.fileName(), QStringLiteral("--json")}, {},
                             &output),
                 0);
        const QByteArray lastLine = output.trimmed().split('\n').last();
        const QJsonObject figures = QJsonDocument::fromJson(lastLine).object();
        QCOMPARE(figures.value(QStringLiteral("rows")).toInt(), 4);
        QCOMPARE(figures.value(QStringLiteral("acceptable_route_rate")).toDouble(), 0.75); // the black-hole row is wrong on purpose
        QCOMPARE(figures.value(QStringLiteral("routes")).toObject().value(QStringLiteral("handoff_human")).toInt(), 1);

        QCOMPARE(runSupportd({QStringLiteral("eval"), QStringLiteral("routes"), dir.filePath(QStringLiteral("missing.jsonl"))}, {},
                             &output),
                 1);
        QVERIFY(output.contains("cannot read"));
    }
};

QTEST_GUILESS_MAIN(TestCommands)
#include "tst_commands.moc"

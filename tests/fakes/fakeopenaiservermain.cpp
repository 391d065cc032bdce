// fake-openai-server: FakeOpenAiServer as a program, for tests in other
// languages and for benchmarks ("the LLM answers after d ms").
//
//   fake-openai-server [--port N] [--delay-ms D] [--script FILE] [--required-key KEY]
//
// Prints "PORT <n>" once listening, then serves until killed or, when its
// standard input is a pipe or a socket, until that closes (so a parent that
// dies takes it along). The script file is FakeOpenAiServer::loadScript's
// JSON; more steps can be queued at run time with POST /_fake/script, and
// GET /_fake/requests returns what was received and answered.

#include "fakes/fakeopenaiserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QSocketNotifier>

#include <cstdio>
#include <memory>
#include <sys/stat.h>
#include <unistd.h>

namespace {

int fail(const QString &message)
{
    std::fprintf(stderr, "fake-openai-server: %s\n", qPrintable(message));
    return 2;
}

bool stdinIsPipeOrSocket()
{
    struct stat info {};
    return ::fstat(STDIN_FILENO, &info) == 0 && (S_ISFIFO(info.st_mode) || S_ISSOCK(info.st_mode));
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("fake-openai-server"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("A fake OpenAI-compatible Chat Completions server for tests."));
    parser.addHelpOption();
    const QCommandLineOption portOption(QStringLiteral("port"), QStringLiteral("Port on 127.0.0.1 (0: any free one)."),
                                        QStringLiteral("n"), QStringLiteral("0"));
    const QCommandLineOption delayOption(QStringLiteral("delay-ms"), QStringLiteral("Answer every request after this many ms."),
                                         QStringLiteral("ms"));
    const QCommandLineOption scriptOption(QStringLiteral("script"), QStringLiteral("JSON script of steps to answer with."),
                                          QStringLiteral("file"));
    const QCommandLineOption keyOption(QStringLiteral("required-key"),
                                       QStringLiteral("Answer 401 unless requests carry this bearer key."), QStringLiteral("key"));
    parser.addOptions({portOption, delayOption, scriptOption, keyOption});
    parser.process(app);

    bool ok = false;
    const uint port = parser.value(portOption).toUInt(&ok);
    if (!ok || port > 65535)
        return fail(QStringLiteral("--port must be a number from 0 to 65535"));

    FakeOpenAiServer server;
    server.setMaxRecorded(10000);
    if (parser.isSet(scriptOption)) {
        QFile file(parser.value(scriptOption));
        if (!file.open(QIODevice::ReadOnly))
            return fail(QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString()));
        QJsonParseError parseError;
        const QJsonDocument script = QJsonDocument::fromJson(file.readAll(), &parseError);
        if (parseError.error != QJsonParseError::NoError || !script.isObject())
            return fail(QStringLiteral("%1 is not a JSON object").arg(file.fileName()));
        QString error;
        if (!server.loadScript(script.object(), &error))
            return fail(QStringLiteral("%1: %2").arg(file.fileName(), error));
    }
    if (parser.isSet(delayOption)) {
        const int delay = parser.value(delayOption).toInt(&ok);
        if (!ok || delay < 0)
            return fail(QStringLiteral("--delay-ms must be a number of milliseconds, 0 or more"));
        server.setDelayMs(delay);
    }
    if (parser.isSet(keyOption))
        server.setRequiredKey(parser.value(keyOption).toUtf8());

    QString error;
    if (!server.start(&error, quint16(port)))
        return fail(error);

    std::unique_ptr<QSocketNotifier> stdinWatch;
    if (stdinIsPipeOrSocket()) {
        stdinWatch = std::make_unique<QSocketNotifier>(STDIN_FILENO, QSocketNotifier::Read);
        QObject::connect(stdinWatch.get(), &QSocketNotifier::activated, &app, [&stdinWatch] {
            char buffer[512];
            if (::read(STDIN_FILENO, buffer, sizeof buffer) <= 0) {
                stdinWatch->setEnabled(false);
                QCoreApplication::quit();
            }
        });
    }

    std::printf("PORT %u\n", unsigned(server.port()));
    std::fflush(stdout);
    return app.exec();
}

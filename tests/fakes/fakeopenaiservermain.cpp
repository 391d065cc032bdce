// fake-openai-server: FakeOpenAiServer as a program, for tests in other
// languages and for benchmarks ("the LLM answers after d ms").
//
//   fake-openai-server [--port N] [--delay-ms D] [--script FILE] [--required-key KEY]
//                      [--search-then-answer] [--keep-requests N]
//
// Prints "PORT <n>" once listening, then serves until killed or, when its
// standard input is a pipe or a socket, until that closes (so a parent that
// dies takes it along). The script file is FakeOpenAiServer::loadScript's
// JSON; more steps can be queued at run time with POST /_fake/script, and
// GET /_fake/requests returns what was received and answered.
//
// --search-then-answer makes every turn a real two-call turn (the LLM
// benchmark, tests/bench/run-llm-bench.sh): a request with no tool result
// after its last user message gets a search_kb call with that message as the
// query; one with a tool result gets a final answer citing the first result's
// title as "(See: <title>)" (or, with no results, an offer of a person).

#include "fakes/fakeopenaiserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
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

// --search-then-answer: search_kb first, then an answer that cites the first result.
FakeOpenAiServer::Step searchThenAnswer(const FakeOpenAiServer::Request &request)
{
    // Only this turn's messages count: those after the last user message.
    const QJsonArray messages = request.messages();
    QString userMessage;
    QJsonObject toolResult;
    bool hasToolResult = false;
    for (const QJsonValue &value : messages) {
        const QJsonObject message = value.toObject();
        const QString role = message.value(QLatin1String("role")).toString();
        if (role == QLatin1String("user")) {
            userMessage = message.value(QLatin1String("content")).toString();
            hasToolResult = false;
            toolResult = {};
        } else if (role == QLatin1String("tool")) {
            hasToolResult = true;
            toolResult = QJsonDocument::fromJson(message.value(QLatin1String("content")).toString().toUtf8()).object();
        }
    }
    if (!hasToolResult) {
        const QJsonObject arguments{{QStringLiteral("query"), userMessage.left(300)}};
        return FakeOpenAiServer::Step::toolCall(QStringLiteral("search_kb"),
                                                QString::fromUtf8(QJsonDocument(arguments).toJson(QJsonDocument::Compact)));
    }
    const QString title = toolResult.value(QLatin1String("results")).toArray().at(0).toObject()
                              .value(QLatin1String("title")).toString();
    if (title.isEmpty())
        return FakeOpenAiServer::Step::answer(
            QStringLiteral("I couldn't find that in our help centre. Would you like me to connect you with a member of our team?"));
    return FakeOpenAiServer::Step::answer(
        QStringLiteral("Here is what our help centre says about that. (See: %1)").arg(title));
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
    const QCommandLineOption searchThenAnswerOption(
        QStringLiteral("search-then-answer"),
        QStringLiteral("Answer each turn's first request with a search_kb call (the last user message as the query) and "
                       "the request carrying its result with an answer citing the first result's title."));
    const QCommandLineOption keepOption(
        QStringLiteral("keep-requests"),
        QStringLiteral("Remember the last N requests for GET /_fake/requests (default 10000; benchmarks keep few, "
                       "so the fake's own memory churn does not compete with the server for the CPU)."),
        QStringLiteral("n"), QStringLiteral("10000"));
    parser.addOptions({portOption, delayOption, scriptOption, keyOption, searchThenAnswerOption, keepOption});
    parser.process(app);

    bool ok = false;
    const uint port = parser.value(portOption).toUInt(&ok);
    if (!ok || port > 65535)
        return fail(QStringLiteral("--port must be a number from 0 to 65535"));

    const int keep = parser.value(keepOption).toInt(&ok);
    if (!ok || keep < 0)
        return fail(QStringLiteral("--keep-requests must be a number, 0 or more"));

    FakeOpenAiServer server;
    server.setMaxRecorded(keep);
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
    if (parser.isSet(searchThenAnswerOption))
        server.setHandler(searchThenAnswer);
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

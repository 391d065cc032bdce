#include "commands.h"
#include "application.h"

#include "eval/routeeval.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHash>
#include <QJsonDocument>
#include <QSocketNotifier>
#include <QTemporaryDir>
#include <QTextStream>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>
#include <termios.h>
#include <unistd.h>

namespace commands {
namespace {

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

void addDatabaseOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("data-dir"), QStringLiteral("Folder for the embedded SQLite database."), QStringLiteral("DIR")});
    parser.addOption({QStringLiteral("database"),
                      QStringLiteral("PostgreSQL URL (postgresql://user@host:port/db); also SUPPORTD_DATABASE_URL."),
                      QStringLiteral("URL")});
}

bool parse(QCommandLineParser &parser, const QStringList &arguments)
{
    parser.addHelpOption();
    if (!parser.parse(arguments)) {
        err() << "supportd: " << parser.errorText() << "\n";
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::cout << qPrintable(parser.helpText());
        std::exit(0);
    }
    return true;
}

// Stops the event loop cleanly on SIGINT/SIGTERM (via a self-pipe: signal
// handlers may not touch Qt).
int g_signalPipe[2] = {-1, -1};
void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] auto written = ::write(g_signalPipe[1], &byte, 1);
}

// "90s", "15m", "12h", "30d" in milliseconds; -1 when malformed.
qint64 parseDuration(const QString &text)
{
    static const QHash<QChar, qint64> units{{u's', 1000}, {u'm', 60'000}, {u'h', 3'600'000}, {u'd', 86'400'000}};
    if (text.size() < 2 || !units.contains(text.back()))
        return -1;
    bool ok = false;
    const qint64 count = text.chopped(1).toLongLong(&ok);
    return ok && count > 0 && count < 100'000 ? count * units.value(text.back()) : -1;
}

QString readPassword()
{
    const bool terminal = ::isatty(STDIN_FILENO);
    termios saved{};
    if (terminal) {
        std::cerr << "Password: " << std::flush;
        tcgetattr(STDIN_FILENO, &saved);
        termios silent = saved;
        silent.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &silent);
    }
    std::string line;
    std::getline(std::cin, line);
    if (terminal) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::cerr << "\n";
    }
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    return QString::fromStdString(line);
}

} // namespace

int usage(int exitCode)
{
    (exitCode == 0 ? std::cout : std::cerr)
        << "usage:\n"
           "  supportd serve --port P --data-dir D [--database URL] [--bind ADDR] [--workers N] [--io-threads N]\n"
           "                 [--rate-limit N] [--kb-max-age AGE] [--config FILE]\n"
           "  supportd user add NAME --role agent|editor|admin (--data-dir D | --database URL)   (password on stdin)\n"
           "  supportd eval routes FILE.jsonl [--json]\n"
           "  supportd schemas export [DIR] [--force]   (tool schema snapshots; DIR defaults to ./resources/schemas)\n"
           "  supportd kb import PATH... (--data-dir D | --database URL) [--url-base URL]\n"
           "  supportd kb search \"QUERY\" (--data-dir D | --database URL) [--channel C] [--top N] [--json]\n"
           "  supportd kb eval --docs F.jsonl --queries Q.jsonl [--k 3] [--json]\n";
    return exitCode;
}

int serve(const QStringList &arguments)
{
    QCommandLineParser parser;
    addDatabaseOptions(parser);
    parser.addOption({QStringLiteral("port"), QStringLiteral("TCP port (default 8080)."), QStringLiteral("P"), QStringLiteral("8080")});
    parser.addOption({QStringLiteral("bind"), QStringLiteral("Address to listen on (default 127.0.0.1)."), QStringLiteral("ADDR"),
                      QStringLiteral("127.0.0.1")});
    parser.addOption({QStringLiteral("workers"),
                      QStringLiteral("Worker threads (default 4 with the rules brain, 64 with a model)."),
                      QStringLiteral("N"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("config"),
                      QStringLiteral("JSON settings file (the \"llm\" models); SUPPORTD_LLM_* variables override it."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("io-threads"), QStringLiteral("HTTP I/O threads (default 1; more on machines with more cores)."), QStringLiteral("N"),
                      QStringLiteral("1")});
    parser.addOption({QStringLiteral("rate-limit"),
                      QStringLiteral("Agent messages per minute per client (default 60, or the config's); 0 turns "
                                     "every rate limit off, like SUPPORTD_RATE_LIMIT=off."),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("kb-max-age"),
                      QStringLiteral("Stop answering from the knowledge base when it was not synchronised for this "
                                     "long: N with s, m, h or d (default: no limit)."),
                      QStringLiteral("AGE")});
    if (!parse(parser, arguments))
        return 2;
    bool portOk = false, workersOk = false, rateOk = false, ioOk = false;
    ServeOptions options;
    options.dataDir = parser.value(QStringLiteral("data-dir"));
    options.databaseUrl = parser.value(QStringLiteral("database"));
    const uint port = parser.value(QStringLiteral("port")).toUInt(&portOk);
    options.port = quint16(port);
    options.workers = parser.value(QStringLiteral("workers")).toInt(&workersOk);
    options.ioThreads = parser.value(QStringLiteral("io-threads")).toInt(&ioOk);
    rateOk = true;
    if (parser.isSet(QStringLiteral("rate-limit")))
        options.messagesPerMinute = parser.value(QStringLiteral("rate-limit")).toDouble(&rateOk);
    options.bindAddress = QHostAddress(parser.value(QStringLiteral("bind")));
    if (!portOk || port > 65535 || !workersOk || options.workers < 0 || options.workers > 256 || !ioOk
        || options.ioThreads < 1 || options.ioThreads > 64 || !rateOk
        || options.messagesPerMinute.value_or(0) < 0 || options.bindAddress.isNull()) {
        err() << "supportd: invalid --port, --bind, --workers, --io-threads or --rate-limit\n";
        return 2;
    }
    options.configFile = parser.value(QStringLiteral("config"));
    if (parser.isSet(QStringLiteral("kb-max-age"))) {
        options.kbMaxAgeMs = parseDuration(parser.value(QStringLiteral("kb-max-age")));
        if (options.kbMaxAgeMs <= 0) {
            err() << "supportd: invalid --kb-max-age (examples: 90m, 12h, 30d)\n";
            return 2;
        }
    }

    if (::pipe(g_signalPipe) == 0) {
        std::signal(SIGINT, onSignal);
        std::signal(SIGTERM, onSignal);
        auto *notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, qApp);
        QObject::connect(notifier, &QSocketNotifier::activated, qApp, [] { QCoreApplication::quit(); });
    }
    std::signal(SIGPIPE, SIG_IGN);

    Application app(options);
    QString error;
    if (!app.start(&error)) {
        err() << "supportd: " << error << "\n";
        return 1;
    }
    std::cout << "supportd listening on http://" << qPrintable(options.bindAddress.toString()) << ":" << app.port()
              << " (database: " << qPrintable(app.runtime().database().config().describe()) << ", brain: " << qPrintable(app.runtime().describeBrain()) << ", "
              << app.runtime().kbIndex().documentCount() << " help-centre articles)\n"
              << "Open the demo store with the chat widget: http://" << qPrintable(options.bindAddress.toString())
              << ":" << app.port() << "/\n"
              << "Ask it something:\n  curl -s -H 'Content-Type: application/json' -d '{\"user_msg\":\"How long does "
                 "delivery take?\"}' http://"
              << qPrintable(options.bindAddress.toString()) << ":" << app.port() << "/api/agent/messages\n"
              << std::flush;
    return QCoreApplication::exec();
}

int userAdd(const QStringList &arguments)
{
    QCommandLineParser parser;
    addDatabaseOptions(parser);
    parser.addOption({QStringLiteral("role"), QStringLiteral("agent, editor or admin."), QStringLiteral("ROLE")});
    parser.addPositionalArgument(QStringLiteral("name"), QStringLiteral("The operator's user name."));
    if (!parse(parser, arguments))
        return 2;
    const QStringList names = parser.positionalArguments();
    const auto role = operatorRoleFromString(parser.value(QStringLiteral("role")));
    if (names.size() != 1 || !role) {
        err() << "supportd: user add NAME --role agent|editor|admin\n";
        return 2;
    }
    QString error;
    const auto config = Application::databaseConfig(parser.value(QStringLiteral("data-dir")),
                                                    parser.value(QStringLiteral("database")), &error);
    if (!config) {
        err() << "supportd: " << error << "\n";
        return 2;
    }
    AgentRuntime runtime(*config);
    if (!crypto::initialize() || !runtime.database().open(&error)) {
        err() << "supportd: " << error << "\n";
        return 1;
    }
    const QString password = readPassword();
    if (!runtime.auth().addOperator(names.first(), *role, password, &error)) {
        err() << "supportd: " << error << "\n";
        return 1;
    }
    std::cout << "operator " << qPrintable(names.first()) << " saved with role " << qPrintable(operatorRoleToString(*role)) << "\n";
    return 0;
}

int evalRoutes(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("json"), QStringLiteral("Print the figures as JSON.")});
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("JSONL: Bitext rows {instruction,intent} or CLINC rows {text}."));
    if (!parse(parser, arguments))
        return 2;
    if (parser.positionalArguments().size() != 1)
        return usage(2);
    QTemporaryDir scratch;
    AgentRuntime runtime(DatabaseConfig::sqlite(scratch.filePath(QStringLiteral("eval.sqlite"))));
    QString error;
    if (!scratch.isValid() || !runtime.start(&error)) {
        err() << "supportd: " << error << "\n";
        return 1;
    }
    const QJsonObject figures = routeeval::run(runtime, parser.positionalArguments().first());
    if (figures.contains(QStringLiteral("error"))) {
        err() << "supportd: " << figures.value(QStringLiteral("error")).toString() << "\n";
        return 1;
    }
    if (parser.isSet(QStringLiteral("json")))
        std::cout << QJsonDocument(figures).toJson(QJsonDocument::Compact).constData() << "\n";
    else
        std::cout << qPrintable(routeeval::formatText(figures));
    return 0;
}

} // namespace commands

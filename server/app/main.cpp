#include "commands.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("supportd"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SUPPORT_VERSION));
    QStringList args = QCoreApplication::arguments();
    const QString command = args.value(1);
    const QString sub = args.value(2);
    if (command == QLatin1String("serve"))
        return commands::serve(args.mid(0, 1) + args.mid(2));
    if (command == QLatin1String("user") && sub == QLatin1String("add"))
        return commands::userAdd(args.mid(0, 1) + args.mid(3));
    if (command == QLatin1String("eval") && sub == QLatin1String("routes"))
        return commands::evalRoutes(args.mid(0, 1) + args.mid(3));
    if (command == QLatin1String("kb") && sub == QLatin1String("import"))
        return commands::kbImport(args.mid(0, 1) + args.mid(3));
    if (command == QLatin1String("kb") && sub == QLatin1String("search"))
        return commands::kbSearch(args.mid(0, 1) + args.mid(3));
    if (command == QLatin1String("kb") && sub == QLatin1String("eval"))
        return commands::kbEval(args.mid(0, 1) + args.mid(3));
    if (command == QLatin1String("schemas") && sub == QLatin1String("export"))
        return commands::schemasExport(args.mid(0, 1) + args.mid(3));
    if (command == QLatin1String("--help") || command == QLatin1String("-h") || command == QLatin1String("help"))
        return commands::usage(0);
    return commands::usage(2);
}

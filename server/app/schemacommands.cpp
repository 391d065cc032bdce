// supportd schemas export: the tools' generated schemas into the snapshot folder.
#include "commands.h"
#include "toolcatalog.h"

#include "tools/schemasnapshots.h"

#include <QCommandLineParser>
#include <QDir>
#include <QJsonArray>
#include <QLoggingCategory>
#include <iostream>

namespace commands {

int schemasExport(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("force"),
                      QStringLiteral("Overwrite a version's file with different content (only for a version not released yet).")});
    parser.addPositionalArgument(QStringLiteral("dir"), QStringLiteral("Snapshot folder (default ./resources/schemas)."),
                                 QStringLiteral("[DIR]"));
    const bool parsed = parser.parse(arguments);
    if (!parsed || parser.positionalArguments().size() > 1) {
        std::cerr << "supportd: " << qPrintable(parsed ? QStringLiteral("one folder at most") : parser.errorText())
                  << "\nusage: supportd schemas export [DIR] [--force]\n";
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::cout << qPrintable(parser.helpText());
        return 0;
    }
    const QString dir = parser.positionalArguments().value(0, QStringLiteral("resources/schemas"));

    QLoggingCategory::setFilterRules(QStringLiteral("supportd.*.info=false")); // the throwaway runtime's start-up
    ToolCatalog catalog;
    QString error;
    if (!catalog.load(&error)) {
        std::cerr << "supportd: " << qPrintable(error) << "\n";
        return 1;
    }
    const SchemaSnapshots snapshots(dir);
    int refused = 0;
    for (const QJsonValue &value : catalog.registry().specs()) {
        const QJsonObject spec = value.toObject();
        const auto outcome = snapshots.write(spec, parser.isSet(QStringLiteral("force")));
        const QString shown = QDir::cleanPath(outcome.path);
        switch (outcome.status) {
        case SchemaSnapshots::Outcome::Status::Written:
            std::cout << "wrote " << qPrintable(shown);
            if (!outcome.message.isEmpty())
                std::cout << "  (" << qPrintable(outcome.message) << ")";
            std::cout << "\n";
            break;
        case SchemaSnapshots::Outcome::Status::Unchanged:
            std::cout << "unchanged " << qPrintable(shown) << "\n";
            break;
        case SchemaSnapshots::Outcome::Status::Refused:
            std::cerr << "supportd: refused " << qPrintable(shown) << ": " << qPrintable(outcome.message) << "\n";
            ++refused;
            break;
        }
    }
    return refused == 0 ? 0 : 1;
}

} // namespace commands

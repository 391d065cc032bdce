#pragma once
#include <QStringList>

// The supportd command line: serve, user add, eval routes, kb import/search/eval.
namespace commands {
int serve(const QStringList &arguments);
int userAdd(const QStringList &arguments);
int evalRoutes(const QStringList &arguments);
int kbImport(const QStringList &arguments);  // app/kbcommands.cpp
int kbSearch(const QStringList &arguments);
int kbEval(const QStringList &arguments);
int schemasExport(const QStringList &arguments); // app/schemacommands.cpp
int usage(int exitCode);
} // namespace commands

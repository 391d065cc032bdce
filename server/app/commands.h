#pragma once
#include <QStringList>

// The supportd command line: serve, user add, eval routes.
namespace commands {
int serve(const QStringList &arguments);
int userAdd(const QStringList &arguments);
int evalRoutes(const QStringList &arguments);
int usage(int exitCode);
} // namespace commands

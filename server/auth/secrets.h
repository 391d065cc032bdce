#pragma once
#include <QProcessEnvironment>
#include <QString>

#include <optional>

// Reading secrets (API keys, consumer secrets) from the environment or from a
// file (Docker and systemd credentials). Error messages name the variable or
// the file, never the secret.
namespace secrets {

// The file's contents, trimmed (a trailing newline is never part of a key).
// `what` names the setting in the error, e.g. "SUPPORTD_LLM_API_KEY_FILE".
// Files over 4 KiB are refused: that is no key, and most likely a wrong path.
std::optional<QString> fromFile(const QString &path, const QString &what, QString *error);

// NAME, or the file NAME_FILE points to; never both. Empty when neither is set.
std::optional<QString> fromEnvironment(const QProcessEnvironment &env, const QString &name, QString *error);

} // namespace secrets

#pragma once
#include <QJsonObject>
#include <QString>

class AgentRuntime;

// supportd eval routes FILE.jsonl: runs every utterance of a labelled file as
// the first turn of a new thread, through the real turn path, and scores it.
//  - Rows with "instruction" and "intent" (Bitext): share of turns whose route
//    is acceptable for the intent (table from the data set's README).
//  - Rows with "text" only (CLINC out-of-scope): share answered with a
//    citation, and share that called order or ticket tools.
namespace routeeval {

QStringList acceptableRoutes(const QString &intent);
// Returns the figures, or an object with "error".
QJsonObject run(AgentRuntime &runtime, const QString &path);
QString formatText(const QJsonObject &figures);

} // namespace routeeval

#pragma once
#include "kbindex.h"

#include <QHash>
#include <optional>

class Embedder;

namespace kb {

// Turns a document into what the index is built from: its chunks (kb/chunker)
// each with a vector. A chunk whose id (a digest of its content) and model are
// unchanged keeps the vector it already has in `known`, so re-importing an
// edited document only embeds the passages that changed. Blocking when the
// embedder is remote.
std::optional<IndexedDocument> prepareDocument(const KbDocument &doc, Embedder &embedder,
                                               const QHash<QString, KbChunk> &known, QString *error);

} // namespace kb

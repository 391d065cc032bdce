#pragma once
#include "kbchunk.h"
#include "model/kbdocument.h"

#include <QList>
#include <QString>

// Splits documents into the passages retrieval ranks and replies cite.
namespace kb {

// An approximation of a model's token count, the same for every model: each
// run of letters and digits is one token, and so is every other character
// that is not white space ("Don't panic!" is 5). A run longer than 24
// characters counts one token per 24, so a blob without spaces cannot pass
// as one word. Real tokenizers split rare words further, so budgets should
// leave some room.
int countTokens(const QString &text);

struct ChunkOptions
{
    int minTokens = 512;    // a chunk ends at a heading once it has this many
    int maxTokens = 800;    // never more
    int overlapTokens = 80; // repeated from the previous chunk when a section is cut
};

// Chunks of at most maxTokens from sectionsOf(doc), in order. A chunk ends at
// a heading once it holds minTokens; a longer section is cut at the latest
// paragraph end past minTokens, else a sentence end, else between words, and
// the next chunk starts with the last ~overlapTokens of whole sentences.
// Short sections merge with the following ones (their heading becomes a line
// of the text); a chunk's section is the one it starts in. A document that
// fits in maxTokens is one chunk, one without text none. Ids are stable:
// docId + "#" + 16 hex digits of SHA-256 over section + "\n" + text, so
// unchanged passages keep their id when a document is chunked again.
QList<KbChunk> chunkDocument(const KbDocument &doc, const ChunkOptions &options = {});

// The same for sections already extracted.
QList<KbChunk> chunkSections(const QString &docId, const QList<KbSection> &sections,
                             const ChunkOptions &options = {});

QString chunkId(const QString &docId, const QString &section, const QString &text);

} // namespace kb

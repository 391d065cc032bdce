#pragma once
#include "kbchunk.h"
#include "model/kbdocument.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

// Reads knowledge-base documents from files: Markdown (.md, .markdown, with
// optional front matter), HTML (.html, .htm), plain text (.txt) and JSON
// Lines (.jsonl, one document per line).
namespace kb {

struct LoadResult
{
    QList<KbDocument> documents; // in path order
    QStringList errors;          // one line each, naming the file (and line) as given
};

// The channels a document may be limited to.
QStringList knownChannels();

// The largest file read, in bytes (5 MB).
constexpr qint64 maxFileSize = 5 * 1024 * 1024;

// A document id from a path relative to the loaded folder: without its
// (last) extension, lower-case, anything outside [a-z0-9._-] replaced by '-'
// ("Guides/Install Linux.md" -> "guides-install-linux", "notes.v2.txt" -> "notes.v2").
QString docIdForPath(const QString &relativePath);

// A JSONL line is {"id", "title", "text", "url"?, "format"? ("text" unless
// given), "allowed_channels"? [..], "updated_at"? (ISO-8601 or epoch ms),
// "section"? (accepted, not used)}. Files carry no date: front matter or JSONL
// gives updatedAt, else the file's modification time.
//
// Loads files and folders (recursively, in sorted order, hidden entries
// skipped). A file that cannot be loaded is reported in `errors` and the
// rest still load; so is a JSONL line. Folders skip unknown extensions, an
// unknown extension named explicitly is an error. Ids must be unique within
// one call: a later duplicate is an error, the first is kept. Documents
// without a URL of their own get urlBase + id (none when urlBase is empty).
// allowed_channels must come from `channels`.
LoadResult loadPaths(const QStringList &paths, const QString &urlBase = {},
                     const QStringList &channels = knownChannels());

// One file's content (already read and decoded) as a document; `format` is
// "markdown", "html" or "text". The title comes from front matter or the
// first "# " line, from <title> or the first <h1>, or from the first line of
// plain text. JSONL is not handled here (a file holds many documents).
std::optional<KbDocument> parseDocument(const QString &docId, const QString &source, const QString &content,
                                        const QString &format, const QString &urlBase, QString *error);

// The document's text split into heading-delimited plain-text sections, by
// its format (unknown formats read as plain text). Empty when there is no
// text (or HTML without visible text).
QList<KbSection> sectionsOf(const KbDocument &doc);

} // namespace kb

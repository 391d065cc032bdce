#pragma once
#include "kbchunk.h"
#include "model/kbdocument.h"

#include <optional>

// A help-centre article as written under resources/kb/: an optional
// front-matter block (title, url, channels, updated) and Markdown.
namespace markdown {

// docId is the file name without ".md"; urlBase + docId is the default URL.
std::optional<KbDocument> parseArticle(const QString &docId, const QString &source, const QString &markdownText,
                                       const QString &urlBase, QString *error);

// The visible text of Markdown: headings, list items and paragraphs as plain
// lines, link targets and emphasis marks dropped.
QString toPlainText(const QString &markdownText);

// The body (no front matter) split at ATX headings (# .. ######) into
// sections named by their heading path ("Returns > Refund times"), each
// converted with toPlainText, paragraphs separated by blank lines. Headings
// inside fenced code blocks do not count; empty sections are left out.
QList<KbSection> sections(const QString &markdownBody);

// Plain text split into sentences (for snippets and answers).
QStringList sentences(const QString &plainText);

} // namespace markdown

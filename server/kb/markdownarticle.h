#pragma once
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

// Plain text split into sentences (for snippets and answers).
QStringList sentences(const QString &plainText);

} // namespace markdown

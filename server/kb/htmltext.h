#pragma once
#include "kbchunk.h"

#include <QList>
#include <QString>
#include <optional>

// The visible text of an HTML page, split at its headings (libxml2's
// forgiving HTML parser, so broken markup still yields its text).
namespace html {

struct Text
{
    QString title;            // <title>, else the first <h1>; may be empty
    QList<KbSection> sections; // heading paths ("Install > On Linux"), paragraphs separated by "\n\n"
};

// Skips what a reader never sees: <head> (except <title>), <script>, <style>,
// <noscript>, <template>, <nav>, embedded objects and elements marked hidden.
// Fails on empty or binary input and on a page without visible text.
std::optional<Text> extractText(const QString &html, QString *error = nullptr);

} // namespace html

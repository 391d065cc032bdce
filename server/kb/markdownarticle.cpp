#include "markdownarticle.h"

#include <QDateTime>
#include <QRegularExpression>

namespace markdown {
namespace {

// Link targets and emphasis marks dropped.
QString stripInline(QString line)
{
    static const QRegularExpression link(QStringLiteral("!?\\[([^\\]]*)\\]\\([^)]*\\)"));
    static const QRegularExpression emphasis(QStringLiteral("(\\*\\*|__|\\*|`)"));
    line.replace(link, QStringLiteral("\\1"));
    line.remove(emphasis);
    return line;
}

} // namespace

std::optional<KbDocument> parseArticle(const QString &docId, const QString &source, const QString &markdownText,
                                       const QString &urlBase, QString *error)
{
    KbDocument doc;
    doc.id = docId;
    doc.source = source;
    doc.url = urlBase + docId;
    QString body = markdownText;
    body.replace(QLatin1String("\r\n"), QLatin1String("\n"));

    if (body.startsWith(QLatin1String("---\n"))) {
        const qsizetype end = body.indexOf(QLatin1String("\n---"), 3);
        if (end < 0) {
            if (error)
                *error = QStringLiteral("unterminated front matter");
            return std::nullopt;
        }
        const QStringList lines = body.mid(4, end - 4).split(QLatin1Char('\n'));
        for (const QString &line : lines) {
            const qsizetype colon = line.indexOf(QLatin1Char(':'));
            if (colon <= 0)
                continue;
            const QString key = line.left(colon).trimmed().toLower();
            const QString value = line.mid(colon + 1).trimmed();
            if (key == QLatin1String("title"))
                doc.title = value;
            else if (key == QLatin1String("url"))
                doc.url = value;
            else if (key == QLatin1String("channels")) {
                for (const QString &channel : value.split(QLatin1Char(','), Qt::SkipEmptyParts))
                    doc.allowedChannels.append(channel.trimmed().toLower());
            } else if (key == QLatin1String("updated")) {
                const QDateTime updated = QDateTime::fromString(value, Qt::ISODate);
                if (updated.isValid())
                    doc.updatedAt = updated.toMSecsSinceEpoch();
            }
        }
        const qsizetype bodyStart = body.indexOf(QLatin1Char('\n'), end + 1);
        body = bodyStart < 0 ? QString() : body.mid(bodyStart + 1);
    }
    body = body.trimmed();
    // The first H1 is the title when front matter gave none; it is not repeated in the text.
    if (body.startsWith(QLatin1String("# "))) {
        const qsizetype lineEnd = body.indexOf(QLatin1Char('\n'));
        const QString heading = body.mid(2, lineEnd < 0 ? -1 : lineEnd - 2).trimmed();
        if (doc.title.isEmpty())
            doc.title = heading;
        body = lineEnd < 0 ? QString() : body.mid(lineEnd + 1).trimmed();
    }
    doc.text = body;
    if (doc.title.isEmpty() || doc.text.isEmpty()) {
        if (error)
            *error = QStringLiteral("an article needs a title and some text");
        return std::nullopt;
    }
    return doc;
}

QString toPlainText(const QString &markdownText)
{
    static const QRegularExpression listMarker(QStringLiteral("^\\s*(?:[-*+]|\\d+[.)])\\s+"));
    static const QRegularExpression heading(QStringLiteral("^\\s{0,3}#{1,6}\\s+"));
    QStringList out;
    for (QString line : markdownText.split(QLatin1Char('\n'))) {
        line = stripInline(line);
        const bool isHeading = heading.match(line).hasMatch();
        line.remove(heading);
        line.remove(listMarker);
        if (line.startsWith(QLatin1Char('>')))
            line.remove(0, 1);
        line = line.trimmed();
        if (line.isEmpty())
            continue;
        // Headings and list items end a sentence even without a full stop.
        if ((isHeading || !line.back().isPunct()) && !line.endsWith(QLatin1Char(':')))
            line.append(QLatin1Char('.'));
        out.append(line);
    }
    return out.join(QLatin1Char('\n'));
}

QList<KbSection> sections(const QString &markdownBody)
{
    static const QRegularExpression atxHeading(QStringLiteral("^ {0,3}(#{1,6})(?:[ \\t]+(.*?))?(?:[ \\t]+#+)?[ \\t]*$"));
    static const QRegularExpression fence(QStringLiteral("^ {0,3}(`{3,}|~{3,})"));
    static const QRegularExpression thematicBreak(QStringLiteral("^ {0,3}([-*_=])(?:[ \\t]*\\1){2,}[ \\t]*$"));
    // Lines that start a line of their own rather than continue a wrapped paragraph.
    static const QRegularExpression lineStart(QStringLiteral("^\\s*(?:[-*+]\\s|\\d+[.)]\\s|>|\\|)"));

    QList<KbSection> result;
    QList<std::pair<int, QString>> headings;
    QStringList paragraphs;
    QStringList block;
    bool inCode = false;
    QString fenceMarker;

    const auto endBlock = [&] {
        if (block.isEmpty())
            return;
        const QString text = inCode ? block.join(QLatin1Char('\n')) : toPlainText(block.join(QLatin1Char('\n')));
        if (!text.trimmed().isEmpty())
            paragraphs.append(text);
        block.clear();
    };
    const auto endSection = [&] {
        endBlock();
        if (paragraphs.isEmpty())
            return;
        QStringList path;
        for (const auto &heading : std::as_const(headings))
            path.append(heading.second);
        result.append(KbSection{path.join(QStringLiteral(" > ")), paragraphs.join(QStringLiteral("\n\n"))});
        paragraphs.clear();
    };

    QString body = markdownBody;
    body.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    for (const QString &rawLine : body.split(QLatin1Char('\n'))) {
        QString line = rawLine;
        while (line.endsWith(QLatin1Char(' ')) || line.endsWith(QLatin1Char('\t')) || line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        const QRegularExpressionMatch fenceMatch = fence.match(line);
        if (inCode) {
            if (fenceMatch.hasMatch() && fenceMatch.captured(1).startsWith(fenceMarker)) {
                endBlock();
                inCode = false;
            } else {
                block.append(line);
            }
            continue;
        }
        if (fenceMatch.hasMatch()) {
            endBlock();
            inCode = true;
            fenceMarker = fenceMatch.captured(1);
            continue;
        }
        if (line.trimmed().isEmpty() || thematicBreak.match(line).hasMatch()) {
            endBlock();
            continue;
        }
        const QRegularExpressionMatch headingMatch = atxHeading.match(line);
        if (headingMatch.hasMatch()) {
            const QString heading = stripInline(headingMatch.captured(2)).trimmed();
            if (!heading.isEmpty()) {
                endSection();
                const int level = int(headingMatch.capturedLength(1));
                while (!headings.isEmpty() && headings.constLast().first >= level)
                    headings.removeLast();
                headings.append({level, heading});
            }
            continue;
        }
        // A wrapped paragraph is one line, so toPlainText does not end a sentence at each break.
        if (!block.isEmpty() && !lineStart.match(line).hasMatch())
            block.last() += QLatin1Char(' ') + line.trimmed();
        else
            block.append(line);
    }
    endSection(); // an unterminated code block still counts as code
    return result;
}

QStringList sentences(const QString &plainText)
{
    static const QRegularExpression boundary(QStringLiteral("(?<=[.!?])\\s+(?=[A-Z0-9\"'(])|\\n+"));
    QStringList result;
    for (const QString &part : plainText.split(boundary, Qt::SkipEmptyParts)) {
        const QString sentence = part.trimmed();
        if (!sentence.isEmpty())
            result.append(sentence);
    }
    return result;
}

} // namespace markdown

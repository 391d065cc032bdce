#include "markdownarticle.h"

#include <QDateTime>
#include <QRegularExpression>

namespace markdown {

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
    static const QRegularExpression link(QStringLiteral("!?\\[([^\\]]*)\\]\\([^)]*\\)"));
    static const QRegularExpression emphasis(QStringLiteral("(\\*\\*|__|\\*|`)"));
    static const QRegularExpression listMarker(QStringLiteral("^\\s*(?:[-*+]|\\d+[.)])\\s+"));
    static const QRegularExpression heading(QStringLiteral("^\\s{0,3}#{1,6}\\s+"));
    QStringList out;
    for (QString line : markdownText.split(QLatin1Char('\n'))) {
        line.replace(link, QStringLiteral("\\1"));
        line.remove(emphasis);
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

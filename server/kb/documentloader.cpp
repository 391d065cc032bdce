#include "documentloader.h"
#include "htmltext.h"
#include "markdownarticle.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStringDecoder>
#include <algorithm>
#include <cmath>

namespace kb {
namespace {

const QString markdownFormat = QStringLiteral("markdown");
const QString htmlFormat = QStringLiteral("html");
const QString textFormat = QStringLiteral("text");
const QString jsonlFormat = QStringLiteral("jsonl");

QString formatForSuffix(const QString &suffix)
{
    const QString lower = suffix.toLower();
    if (lower == QLatin1String("md") || lower == QLatin1String("markdown"))
        return markdownFormat;
    if (lower == QLatin1String("html") || lower == QLatin1String("htm"))
        return htmlFormat;
    if (lower == QLatin1String("txt"))
        return textFormat;
    if (lower == QLatin1String("jsonl"))
        return jsonlFormat;
    return {};
}

QString normalizedLineEnds(QString text)
{
    text.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    text.replace(QLatin1Char('\r'), QLatin1Char('\n'));
    return text;
}

QList<KbSection> plainTextSections(const QString &text)
{
    static const QRegularExpression blankLine(QStringLiteral("\\n[ \\t]*\\n"));
    static const QRegularExpression trailingSpace(QStringLiteral("[ \\t]+$"),
                                                  QRegularExpression::MultilineOption);
    QStringList paragraphs;
    for (QString paragraph : normalizedLineEnds(text).split(blankLine, Qt::SkipEmptyParts)) {
        paragraph.remove(trailingSpace);
        paragraph = paragraph.trimmed();
        if (!paragraph.isEmpty())
            paragraphs.append(paragraph);
    }
    if (paragraphs.isEmpty())
        return {};
    return {KbSection{QString(), paragraphs.join(QStringLiteral("\n\n"))}};
}

// "2026-10-01", "2026-10-01T12:00:00Z", ...; a time without an offset is UTC.
qint64 parseIsoTime(const QString &value)
{
    QDateTime time = QDateTime::fromString(value, Qt::ISODateWithMs);
    if (!time.isValid())
        time = QDateTime::fromString(value, Qt::ISODate);
    if (!time.isValid())
        return -1;
    if (time.timeSpec() == Qt::LocalTime)
        time.setTimeSpec(Qt::UTC);
    return time.toMSecsSinceEpoch();
}

QString titleFromPlainText(const QString &text)
{
    constexpr qsizetype maxTitle = 120;
    const qsizetype lineEnd = text.indexOf(QLatin1Char('\n'));
    QString title = text.left(lineEnd < 0 ? text.size() : lineEnd).simplified();
    if (title.size() > maxTitle) {
        const qsizetype space = title.lastIndexOf(QLatin1Char(' '), maxTitle);
        title = title.left(space > maxTitle / 2 ? space : maxTitle) + QChar(0x2026);
    }
    return title;
}

class Loader
{
public:
    Loader(const QString &urlBase, const QStringList &channels) : m_urlBase(urlBase), m_channels(channels) {}

    void loadPath(const QString &path)
    {
        const QFileInfo info(path);
        if (!info.exists()) {
            fail(path, QStringLiteral("no such file or folder"));
        } else if (info.isDir()) {
            QStringList files;
            collect(QDir(path), QString(), &files);
            std::sort(files.begin(), files.end());
            const QDir dir(path);
            for (const QString &relative : std::as_const(files))
                loadFile(dir.filePath(relative), relative, false);
        } else {
            loadFile(path, info.fileName(), true);
        }
    }

    LoadResult take() { return std::move(m_result); }

private:
    // Relative paths of the visible files below dir/prefix; symlinked folders are not followed (no loops).
    static void collect(const QDir &root, const QString &prefix, QStringList *files)
    {
        const QDir dir(prefix.isEmpty() ? root.path() : root.filePath(prefix));
        const QFileInfoList entries = dir.entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
        for (const QFileInfo &entry : entries) {
            const QString relative = prefix.isEmpty() ? entry.fileName() : prefix + QLatin1Char('/') + entry.fileName();
            if (entry.isDir()) {
                if (!entry.isSymLink())
                    collect(root, relative, files);
            } else {
                files->append(relative);
            }
        }
    }

    void loadFile(const QString &path, const QString &relative, bool explicitFile)
    {
        const QFileInfo info(path);
        const QString format = formatForSuffix(info.suffix());
        if (format.isEmpty()) {
            if (explicitFile)
                fail(path, QStringLiteral("unknown file type (expected .md, .markdown, .html, .htm, .txt or .jsonl)"));
            return;
        }
        const std::optional<QString> content = readText(path, info);
        if (!content)
            return;
        const QString source = QStringLiteral("file:") + relative;
        const qint64 modified = info.lastModified().toMSecsSinceEpoch();

        if (format == jsonlFormat) {
            loadJsonLines(path, source, *content, modified);
            return;
        }
        QString error;
        std::optional<KbDocument> doc = parseDocument(docIdForPath(relative), source, *content, format, m_urlBase,
                                                      &error);
        if (!doc) {
            fail(path, error);
            return;
        }
        if (doc->updatedAt <= 0)
            doc->updatedAt = modified;
        add(std::move(*doc), path);
    }

    std::optional<QString> readText(const QString &path, const QFileInfo &info)
    {
        if (info.size() > maxFileSize) {
            fail(path, QStringLiteral("too large (%1 bytes; the limit is %2 MB)")
                           .arg(info.size())
                           .arg(maxFileSize / (1024 * 1024)));
            return std::nullopt;
        }
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            fail(path, QStringLiteral("cannot read: %1").arg(file.errorString()));
            return std::nullopt;
        }
        const QByteArray bytes = file.read(maxFileSize + 1); // the file may have grown since stat
        if (bytes.size() > maxFileSize) {
            fail(path, QStringLiteral("too large (the limit is %1 MB)").arg(maxFileSize / (1024 * 1024)));
            return std::nullopt;
        }
        if (bytes.contains('\0')) {
            fail(path, QStringLiteral("binary file (contains NUL bytes)"));
            return std::nullopt;
        }
        QStringDecoder decoder(QStringDecoder::Utf8);
        const QString text = decoder.decode(bytes);
        if (decoder.hasError()) {
            fail(path, QStringLiteral("not UTF-8 text (binary file?)"));
            return std::nullopt;
        }
        if (text.trimmed().isEmpty()) {
            fail(path, QStringLiteral("empty file"));
            return std::nullopt;
        }
        return normalizedLineEnds(text);
    }

    void loadJsonLines(const QString &path, const QString &source, const QString &content, qint64 modified)
    {
        const QStringList lines = content.split(QLatin1Char('\n'));
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const QString line = lines.at(i).trimmed();
            if (line.isEmpty())
                continue;
            const QString where = QStringLiteral("%1:%2").arg(path).arg(i + 1);
            QString error;
            std::optional<KbDocument> doc = jsonLine(line, source, &error);
            if (!doc) {
                fail(where, error);
                continue;
            }
            if (doc->updatedAt <= 0)
                doc->updatedAt = modified;
            add(std::move(*doc), where);
        }
    }

    std::optional<KbDocument> jsonLine(const QString &line, const QString &source, QString *error) const
    {
        const auto failed = [error](const QString &message) -> std::optional<KbDocument> {
            *error = message;
            return std::nullopt;
        };
        QJsonParseError parseError;
        const QJsonDocument json = QJsonDocument::fromJson(line.toUtf8(), &parseError);
        if (parseError.error != QJsonParseError::NoError)
            return failed(QStringLiteral("not valid JSON: %1").arg(parseError.errorString()));
        if (!json.isObject())
            return failed(QStringLiteral("not a JSON object"));
        const QJsonObject object = json.object();

        QStringList missing;
        for (const char *key : {"id", "title", "text"}) {
            const QJsonValue value = object.value(QLatin1String(key));
            if (!value.isString() || value.toString().trimmed().isEmpty())
                missing.append(QLatin1Char('"') + QLatin1String(key) + QLatin1Char('"'));
        }
        if (!missing.isEmpty())
            return failed(QStringLiteral("%1 missing or not a non-empty string").arg(missing.join(QStringLiteral(", "))));
        for (const char *key : {"url", "format", "section"}) {
            const QJsonValue value = object.value(QLatin1String(key));
            if (!value.isUndefined() && !value.isNull() && !value.isString())
                return failed(QStringLiteral("\"%1\" must be a string").arg(QLatin1String(key)));
        }

        KbDocument doc;
        doc.id = object.value(QLatin1String("id")).toString().trimmed();
        static const QRegularExpression badIdCharacter(QStringLiteral("[\\s#\\p{Cc}]"));
        if (doc.id.contains(badIdCharacter) || doc.id.size() > 200)
            return failed(QStringLiteral("\"id\" must be at most 200 characters without spaces, '#' or control characters"));
        doc.title = object.value(QLatin1String("title")).toString().simplified();
        doc.text = normalizedLineEnds(object.value(QLatin1String("text")).toString()).trimmed();
        doc.source = source;
        doc.format = object.value(QLatin1String("format")).toString(textFormat).trimmed().toLower();
        if (doc.format != markdownFormat && doc.format != htmlFormat && doc.format != textFormat)
            return failed(QStringLiteral("unknown \"format\" '%1' (expected markdown, html or text)").arg(doc.format));
        doc.url = object.value(QLatin1String("url")).toString().trimmed();
        if (doc.url.isEmpty() && !m_urlBase.isEmpty())
            doc.url = m_urlBase + doc.id;

        const QJsonValue channels = object.value(QLatin1String("allowed_channels"));
        if (channels.isArray()) {
            for (const QJsonValue &channel : channels.toArray()) {
                if (!channel.isString())
                    return failed(QStringLiteral("\"allowed_channels\" must be an array of strings"));
                doc.allowedChannels.append(channel.toString());
            }
        } else if (!channels.isUndefined() && !channels.isNull()) {
            return failed(QStringLiteral("\"allowed_channels\" must be an array of strings"));
        }

        const QJsonValue updated = object.value(QLatin1String("updated_at"));
        if (updated.isString()) {
            doc.updatedAt = parseIsoTime(updated.toString().trimmed());
            if (doc.updatedAt < 0)
                return failed(QStringLiteral("\"updated_at\" is not an ISO-8601 time: '%1'").arg(updated.toString()));
        } else if (updated.isDouble()) {
            const double ms = updated.toDouble();
            if (ms < 0 || ms > 1e15 || std::floor(ms) != ms)
                return failed(QStringLiteral("\"updated_at\" must be milliseconds since the epoch"));
            doc.updatedAt = qint64(ms);
        } else if (!updated.isUndefined() && !updated.isNull()) {
            return failed(QStringLiteral("\"updated_at\" must be an ISO-8601 string or milliseconds since the epoch"));
        }

        if (sectionsOf(doc).isEmpty())
            return failed(QStringLiteral("no readable text"));
        return doc;
    }

    void add(KbDocument doc, const QString &where)
    {
        QStringList channels;
        for (const QString &channel : std::as_const(doc.allowedChannels)) {
            const QString normalized = channel.trimmed().toLower();
            if (!m_channels.contains(normalized)) {
                fail(where, QStringLiteral("unknown channel '%1' (known: %2)")
                                .arg(channel, m_channels.join(QStringLiteral(", "))));
                return;
            }
            if (!channels.contains(normalized))
                channels.append(normalized);
        }
        doc.allowedChannels = channels;
        const auto first = m_seen.constFind(doc.id);
        if (first != m_seen.constEnd()) {
            fail(where, QStringLiteral("duplicate document id '%1' (first loaded from %2)").arg(doc.id, *first));
            return;
        }
        m_seen.insert(doc.id, where);
        m_result.documents.append(std::move(doc));
    }

    void fail(const QString &where, const QString &message)
    {
        m_result.errors.append(where + QStringLiteral(": ") + message);
    }

    QString m_urlBase;
    QStringList m_channels;
    LoadResult m_result;
    QHash<QString, QString> m_seen; // doc id -> where it was loaded from
};

} // namespace

QStringList knownChannels()
{
    return {QStringLiteral("web"), QStringLiteral("slack"), QStringLiteral("email")};
}

QString docIdForPath(const QString &relativePath)
{
    const qsizetype nameStart = relativePath.lastIndexOf(QLatin1Char('/')) + 1;
    const qsizetype dot = relativePath.lastIndexOf(QLatin1Char('.'));
    QString id = (dot > nameStart ? relativePath.left(dot) : relativePath).toLower();
    for (QChar &c : id) {
        const char16_t u = c.unicode();
        const bool allowed = (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '.' || u == '_' || u == '-';
        if (!allowed)
            c = QLatin1Char('-');
    }
    return id;
}

std::optional<KbDocument> parseDocument(const QString &docId, const QString &source, const QString &content,
                                        const QString &format, const QString &urlBase, QString *error)
{
    const auto fail = [error](const QString &message) -> std::optional<KbDocument> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    if (docId.isEmpty())
        return fail(QStringLiteral("no document id"));
    const QString text = normalizedLineEnds(content);
    if (text.trimmed().isEmpty())
        return fail(QStringLiteral("empty document"));
    if (text.contains(QChar(0)))
        return fail(QStringLiteral("binary content (contains NUL characters)"));

    KbDocument doc;
    if (format == markdownFormat) {
        QString parseError;
        std::optional<KbDocument> article = markdown::parseArticle(docId, source, text, urlBase, &parseError);
        if (!article)
            return fail(parseError);
        doc = std::move(*article);
        if (urlBase.isEmpty() && doc.url == docId) // parseArticle's default URL, with no base to make it one
            doc.url.clear();
    } else if (format == htmlFormat) {
        QString parseError;
        const std::optional<html::Text> page = html::extractText(text, &parseError);
        if (!page)
            return fail(parseError);
        if (page->title.isEmpty())
            return fail(QStringLiteral("no title (neither <title> nor <h1>)"));
        doc.title = page->title;
        doc.text = text.trimmed();
    } else if (format == textFormat) {
        doc.text = text.trimmed();
        doc.title = titleFromPlainText(doc.text);
    } else {
        return fail(QStringLiteral("unknown format '%1'").arg(format));
    }
    doc.id = docId;
    doc.source = source;
    doc.format = format;
    if (doc.url.isEmpty() && !urlBase.isEmpty())
        doc.url = urlBase + docId;
    if (format != htmlFormat && sectionsOf(doc).isEmpty()) // extractText has checked HTML
        return fail(QStringLiteral("no readable text"));
    return doc;
}

QList<KbSection> sectionsOf(const KbDocument &doc)
{
    if (doc.format == markdownFormat)
        return markdown::sections(doc.text);
    if (doc.format == htmlFormat) {
        const std::optional<html::Text> page = html::extractText(doc.text);
        return page ? page->sections : QList<KbSection>();
    }
    return plainTextSections(doc.text);
}

LoadResult loadPaths(const QStringList &paths, const QString &urlBase, const QStringList &channels)
{
    Loader loader(urlBase, channels);
    for (const QString &path : paths)
        loader.loadPath(path);
    return loader.take();
}

} // namespace kb

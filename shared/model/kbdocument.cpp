#include "kbdocument.h"
#include "jsonutil.h"

QJsonObject KbDocument::toJson(bool withText) const
{
    QJsonObject object{{QStringLiteral("doc_id"), id},
                       {QStringLiteral("title"), title},
                       {QStringLiteral("url"), url},
                       {QStringLiteral("source"), source},
                       {QStringLiteral("allowed_channels"), json::fromStringList(allowedChannels)},
                       {QStringLiteral("updated_at"), json::formatTime(updatedAt)}};
    object.insert(QStringLiteral("format"), format);
    if (withText)
        object.insert(QStringLiteral("text"), text);
    return object;
}

std::optional<KbDocument> KbDocument::fromJson(const QJsonObject &object, QString *error)
{
    json::Reader reader(object);
    KbDocument doc;
    doc.id = reader.string(QStringLiteral("doc_id"), true);
    doc.title = reader.string(QStringLiteral("title"), true);
    doc.url = reader.string(QStringLiteral("url"));
    doc.text = reader.string(QStringLiteral("text"));
    doc.source = reader.string(QStringLiteral("source"));
    const QString format = reader.string(QStringLiteral("format"));
    if (!format.isEmpty())
        doc.format = format;
    doc.allowedChannels = reader.stringList(QStringLiteral("allowed_channels"));
    doc.updatedAt = json::parseTime(reader.string(QStringLiteral("updated_at")));
    if (!reader.ok()) {
        if (error)
            *error = reader.error();
        return std::nullopt;
    }
    return doc;
}

#include "citation.h"
#include "jsonutil.h"

QJsonObject Citation::toJson() const
{
    return {{QStringLiteral("doc_id"), docId},
            {QStringLiteral("title"), title},
            {QStringLiteral("url"), url},
            {QStringLiteral("snippet"), snippet}};
}

std::optional<Citation> Citation::fromJson(const QJsonObject &object, QString *error)
{
    json::Reader reader(object);
    Citation citation;
    citation.docId = reader.string(QStringLiteral("doc_id"), true);
    citation.title = reader.string(QStringLiteral("title"));
    citation.url = reader.string(QStringLiteral("url"));
    citation.snippet = reader.string(QStringLiteral("snippet"));
    if (!reader.ok()) {
        if (error)
            *error = reader.error();
        return std::nullopt;
    }
    return citation;
}

QJsonArray citationsToJson(const QList<Citation> &citations)
{
    QJsonArray array;
    for (const Citation &citation : citations)
        array.append(citation.toJson());
    return array;
}

QList<Citation> citationsFromJson(const QJsonArray &array)
{
    QList<Citation> citations;
    for (const QJsonValue &value : array) {
        if (auto citation = Citation::fromJson(value.toObject()))
            citations.append(*citation);
    }
    return citations;
}

#pragma once
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

// A knowledge-base passage an answer stands on.
struct Citation
{
    QString docId;
    QString title;
    QString url;
    QString snippet;

    QJsonObject toJson() const;
    static std::optional<Citation> fromJson(const QJsonObject &object, QString *error = nullptr);
    bool operator==(const Citation &other) const
    {
        return docId == other.docId && title == other.title && url == other.url && snippet == other.snippet;
    }
};

QJsonArray citationsToJson(const QList<Citation> &citations);
QList<Citation> citationsFromJson(const QJsonArray &array);

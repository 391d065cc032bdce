#pragma once
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>

enum class Rating { Up, Down };
QString ratingToString(Rating rating);
std::optional<Rating> ratingFromString(const QString &text);

// A shopper's thumbs up or down on one assistant message.
struct Feedback
{
    QString threadId;
    QString messageId;
    Rating rating = Rating::Up;
    QStringList tags;
    qint64 createdAt = 0;

    QJsonObject toJson() const;
    static std::optional<Feedback> fromJson(const QJsonObject &object, QString *error = nullptr);
};

#include "feedback.h"
#include "jsonutil.h"

QString ratingToString(Rating rating)
{
    return rating == Rating::Up ? QStringLiteral("up") : QStringLiteral("down");
}

std::optional<Rating> ratingFromString(const QString &text)
{
    if (text == QLatin1String("up"))
        return Rating::Up;
    if (text == QLatin1String("down"))
        return Rating::Down;
    return std::nullopt;
}

QJsonObject Feedback::toJson() const
{
    return {{QStringLiteral("thread_id"), threadId},
            {QStringLiteral("message_id"), messageId},
            {QStringLiteral("rating"), ratingToString(rating)},
            {QStringLiteral("tags"), json::fromStringList(tags)},
            {QStringLiteral("created_at"), json::formatTime(createdAt)}};
}

std::optional<Feedback> Feedback::fromJson(const QJsonObject &object, QString *error)
{
    json::Reader reader(object);
    Feedback feedback;
    feedback.threadId = reader.string(QStringLiteral("thread_id"), true);
    feedback.messageId = reader.string(QStringLiteral("message_id"), true);
    const QString rating = reader.string(QStringLiteral("rating"), true);
    feedback.tags = reader.stringList(QStringLiteral("tags"));
    feedback.createdAt = json::parseTime(reader.string(QStringLiteral("created_at")));
    const auto parsedRating = ratingFromString(rating);
    if (!reader.ok() || !parsedRating) {
        if (error)
            *error = reader.ok() ? QStringLiteral("field 'rating' must be \"up\" or \"down\"") : reader.error();
        return std::nullopt;
    }
    feedback.rating = *parsedRating;
    return feedback;
}

#pragma once
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>

// One help-centre article. allowedChannels empty means every channel.
struct KbDocument
{
    QString id;
    QString title;
    QString url;
    QString text;   // Markdown source
    QString source; // where it was imported from (e.g. "bundled:delivery-times.md")
    QStringList allowedChannels;
    qint64 updatedAt = 0;

    bool allowsChannel(const QString &channel) const
    {
        return allowedChannels.isEmpty() || allowedChannels.contains(channel);
    }
    QJsonObject toJson(bool withText = true) const;
    static std::optional<KbDocument> fromJson(const QJsonObject &object, QString *error = nullptr);
};

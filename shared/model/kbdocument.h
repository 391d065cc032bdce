#pragma once
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>

// One help-centre document as it was imported or edited. allowedChannels
// empty means every channel. The search index works on its chunks (server/kb).
struct KbDocument
{
    QString id;
    QString title;
    QString url;
    QString text;   // the source text, in `format`
    QString format = QStringLiteral("markdown"); // "markdown", "html" or "text"
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

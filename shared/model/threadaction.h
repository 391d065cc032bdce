#pragma once
#include <QJsonObject>
#include <QString>
#include <optional>

// Something an operator did to a thread (take it over, reply, hand it back,
// close it), kept as the thread's audit trail.
struct ThreadAction
{
    QString id;
    QString threadId;
    QString action;       // takeover, reply, handback, close
    QString operatorName; // the operator's username
    QString messageId;    // the message a reply added
    qint64 at = 0;        // ms since epoch

    // {"action","operator","at"} (+ "message_id" for a reply).
    QJsonObject toJson() const;
    static std::optional<ThreadAction> fromJson(const QJsonObject &object, QString *error = nullptr);
};

namespace threadaction {
inline const QString TakeOver = QStringLiteral("takeover");
inline const QString Reply = QStringLiteral("reply");
inline const QString HandBack = QStringLiteral("handback");
inline const QString Close = QStringLiteral("close");
} // namespace threadaction

#pragma once
#include "model/feedback.h"
#include "model/message.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>

// The messages of one thread, oldest first, with their citations and the
// shopper's feedback marks. Messages from the event stream are appended once
// (by id), whatever order snapshots and events arrive in.
class TranscriptModel : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TranscriptModel)

public:
    enum Role {
        MessageIdRole = Qt::UserRole + 1,
        RoleRole,      // "user", "assistant", "human", "tool", "system"
        SpeakerRole,   // who wrote it, for people
        ContentRole,
        CitationsRole, // QVariantList of {doc_id, title, url, snippet}
        FeedbackRole,  // "up", "down" or empty
        TraceIdRole,
        CreatedAtRole, // ms since the epoch
    };

    explicit TranscriptModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    void setTranscript(const QString &threadId, const QList<Message> &messages, const QList<Feedback> &feedback = {});
    void clear();
    QString threadId() const { return m_threadId; }
    // Adds a message of this thread unless it is there already; true when added.
    bool appendMessage(const Message &message);
    void setFeedback(const Feedback &feedback);
    const Message &messageAt(int row) const { return m_messages.at(row); }
    int rowOf(const QString &messageId) const { return m_rowById.value(messageId, -1); }

    static QString speaker(const Message &message);
    // Headers and speaker names again, after the language changed.
    void retranslate();

private:
    QString displayText(const Message &message) const;

    QString m_threadId;
    QList<Message> m_messages;
    // DisplayRole per row, built on first use: laying out a long transcript
    // asks for every row's text, and again when painting and resizing.
    mutable QList<QString> m_display;
    QHash<QString, int> m_rowById;
    QHash<QString, Rating> m_feedback; // by message id
};

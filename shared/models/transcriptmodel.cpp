#include "transcriptmodel.h"

#include <QDateTime>
#include <QVariantMap>

TranscriptModel::TranscriptModel(QObject *parent) : QAbstractListModel(parent) {}

int TranscriptModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_messages.size());
}

QString TranscriptModel::speaker(const Message &message)
{
    switch (message.role) {
    case MessageRole::User: return tr("Customer");
    case MessageRole::Assistant: return tr("Agent");
    case MessageRole::Human:
        return message.author.isEmpty() ? tr("Operator") : tr("%1 (operator)").arg(message.author);
    case MessageRole::Tool:
        return message.toolName.isEmpty() ? tr("Tool") : tr("Tool %1").arg(message.toolName);
    case MessageRole::System: return tr("System");
    }
    return {};
}

QString TranscriptModel::displayText(const Message &message) const
{
    QString text = speaker(message);
    if (message.createdAt > 0)
        text += QStringLiteral(" \u00b7 ") + QDateTime::fromMSecsSinceEpoch(message.createdAt).toString(QStringLiteral("HH:mm"));
    text += QLatin1Char('\n') + message.content;
    if (!message.citations.isEmpty()) {
        QStringList sources;
        for (const Citation &citation : message.citations)
            sources.append(citation.url.isEmpty() ? citation.title
                                                  : QStringLiteral("%1 <%2>").arg(citation.title, citation.url));
        text += QLatin1Char('\n') + tr("Sources: %1").arg(sources.join(QStringLiteral("; ")));
    }
    const auto rating = m_feedback.constFind(message.id);
    if (rating != m_feedback.cend())
        text += QLatin1Char('\n') + (*rating == Rating::Up ? tr("\u25b2 Marked helpful") : tr("\u25bc Marked not helpful"));
    return text;
}

QVariant TranscriptModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_messages.size())
        return {};
    const Message &message = m_messages.at(index.row());
    switch (role) {
    case Qt::DisplayRole: {
        QString &text = m_display[index.row()];
        if (text.isEmpty())
            text = displayText(message);
        return text;
    }
    case Qt::ToolTipRole:
        return message.traceId.isEmpty() ? QVariant() : tr("Turn %1").arg(message.traceId);
    case MessageIdRole: return message.id;
    case RoleRole: return messageRoleToString(message.role);
    case SpeakerRole: return speaker(message);
    case ContentRole: return message.content;
    case CitationsRole: {
        QVariantList list;
        for (const Citation &citation : message.citations)
            list.append(QVariantMap{{QStringLiteral("doc_id"), citation.docId},
                                    {QStringLiteral("title"), citation.title},
                                    {QStringLiteral("url"), citation.url},
                                    {QStringLiteral("snippet"), citation.snippet}});
        return list;
    }
    case FeedbackRole: {
        const auto rating = m_feedback.constFind(message.id);
        return rating == m_feedback.cend() ? QString() : ratingToString(*rating);
    }
    case TraceIdRole: return message.traceId;
    case CreatedAtRole: return message.createdAt;
    }
    return {};
}

QHash<int, QByteArray> TranscriptModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(MessageIdRole, "messageId");
    names.insert(RoleRole, "role");
    names.insert(SpeakerRole, "speaker");
    names.insert(ContentRole, "content");
    names.insert(CitationsRole, "citations");
    names.insert(FeedbackRole, "feedback");
    names.insert(TraceIdRole, "traceId");
    names.insert(CreatedAtRole, "createdAt");
    return names;
}

void TranscriptModel::setTranscript(const QString &threadId, const QList<Message> &messages,
                                    const QList<Feedback> &feedback)
{
    beginResetModel();
    m_threadId = threadId;
    m_messages.clear();
    m_rowById.clear();
    m_feedback.clear();
    for (const Message &message : messages) {
        if (m_rowById.contains(message.id))
            continue;
        m_rowById.insert(message.id, int(m_messages.size()));
        m_messages.append(message);
    }
    for (const Feedback &item : feedback)
        m_feedback.insert(item.messageId, item.rating);
    m_display = QList<QString>(m_messages.size());
    endResetModel();
}

void TranscriptModel::clear()
{
    setTranscript({}, {}, {});
}

bool TranscriptModel::appendMessage(const Message &message)
{
    if (m_threadId.isEmpty() || (!message.threadId.isEmpty() && message.threadId != m_threadId)
        || m_rowById.contains(message.id))
        return false;
    const int row = int(m_messages.size());
    beginInsertRows({}, row, row);
    m_rowById.insert(message.id, row);
    m_messages.append(message);
    m_display.append(QString());
    endInsertRows();
    return true;
}

void TranscriptModel::setFeedback(const Feedback &feedback)
{
    if (feedback.threadId != m_threadId)
        return;
    m_feedback.insert(feedback.messageId, feedback.rating);
    const int row = rowOf(feedback.messageId);
    if (row < 0)
        return;
    m_display[row].clear();
    emit dataChanged(index(row), index(row));
}

void TranscriptModel::retranslate()
{
    m_display.fill(QString());
    if (!m_messages.isEmpty())
        emit dataChanged(index(0), index(int(m_messages.size()) - 1));
}

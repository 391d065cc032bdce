#include "threadmemory.h"

#include "guardrails/piisanitizer.h"

#include <QRegularExpression>

namespace {

// The first sentence (or line) of a message, at most `limit` characters.
QString gist(const QString &text, int limit)
{
    QString line = text.simplified();
    const qsizetype end = line.indexOf(QRegularExpression(QStringLiteral("[.!?](\\s|$)")));
    if (end > 0)
        line.truncate(end + 1);
    if (line.size() > limit)
        line = line.left(limit - 1) + QChar(0x2026);
    return line;
}

} // namespace

int ThreadMemory::estimateTokens(const QString &text)
{
    return int((text.size() + 3) / 4) + 4; // + the message's own framing
}

ThreadMemory::Built ThreadMemory::build(const QList<Message> &history, const Limits &limits)
{
    Built built;
    QList<ChatMessage> kept; // newest first while collecting
    qsizetype cut = history.size(); // history[cut..] is kept verbatim
    for (qsizetype i = history.size() - 1; i >= 0; --i) {
        const Message &message = history.at(i);
        if (message.role == MessageRole::Tool || message.role == MessageRole::System)
            continue;
        QString content = pii::sanitize(message.content).text;
        if (message.role == MessageRole::Human)
            content = QStringLiteral("(from a member of the support team) ") + content;
        const int tokens = estimateTokens(content);
        if (kept.size() >= limits.maxMessages || built.tokens + tokens > limits.tokenBudget)
            break;
        built.tokens += tokens;
        kept.append(message.role == MessageRole::User ? ChatMessage::user(content) : ChatMessage::assistant(content));
        cut = i;
    }
    std::reverse(kept.begin(), kept.end());
    built.keptMessages = int(kept.size());

    // Older messages: one line each, newest kept when the summary is full.
    QStringList lines;
    int summaryChars = 0;
    const int maxChars = limits.summaryTokens * 4;
    for (qsizetype i = cut - 1; i >= 0; --i) {
        const Message &message = history.at(i);
        if (message.role == MessageRole::Tool || message.role == MessageRole::System)
            continue;
        ++built.summarisedMessages;
        const QString who = message.role == MessageRole::User ? QStringLiteral("shopper") : QStringLiteral("support");
        const QString line = who + QStringLiteral(": ") + gist(pii::sanitize(message.content).text, 140);
        if (summaryChars + line.size() > maxChars)
            continue; // still counted as summarised: it is folded away
        summaryChars += int(line.size()) + 1;
        lines.prepend(line);
    }
    if (built.summarisedMessages > 0) {
        const QString summary = QStringLiteral("Summary of the earlier conversation (%1 messages, oldest first):\n")
                                    .arg(built.summarisedMessages)
                                + lines.join(QLatin1Char('\n'));
        built.tokens += estimateTokens(summary);
        kept.prepend(ChatMessage::system(summary));
    }
    built.messages = kept;
    return built;
}

#pragma once
#include "chatcompletionclient.h"
#include "model/message.h"

// The conversation as a model sees it: the newest messages that fit a token
// budget, the older ones folded into one short extractive summary, personal
// data masked. Bounded whatever the thread's length: at most maxMessages
// messages plus one summary of at most summaryTokens.
class ThreadMemory
{
public:
    struct Limits
    {
        int tokenBudget = 1200;
        int maxMessages = 12;
        int summaryTokens = 200;
    };

    struct Built
    {
        QList<ChatMessage> messages; // the summary (a system message) first, if any
        int keptMessages = 0;
        int summarisedMessages = 0;
        int tokens = 0;
    };

    static Built build(const QList<Message> &history, const Limits &limits);
    // About four characters per token (the usual rule for English); good
    // enough for a budget, and no tokenizer to ship.
    static int estimateTokens(const QString &text);
};

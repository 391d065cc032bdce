#pragma once
#include "orchestrator.h"

#include "auth/verifieduser.h"
#include "model/message.h"
#include "model/thread.h"

#include <functional>
#include <optional>

class Database;
class EventBus;

// Everything around one turn of the agent API: find and authenticate the
// thread (or open a new one), load its history, run the orchestrator when the
// agent is answering, and store the user's message, the reply and the trace
// in one transaction, then publish what happened (new thread, the messages,
// a handoff) on the event bus. Runs on a worker thread.
class TurnRunner
{
public:
    // historyLimit: the most recent messages a turn loads (the LLM brain's ThreadMemory
    // keeps what fits its budget and summarises the rest).
    TurnRunner(Database &database, const Orchestrator &orchestrator, int historyLimit = 40);

    struct Result
    {
        enum class Status { Ok, NotFound, Unavailable, Forbidden };
        Status status = Status::Ok;
        bool verified = false;          // the turn ran as the thread's verified owner
        QString threadId;
        QString threadToken;            // only for a new thread
        std::optional<Message> reply;   // none while a person holds the thread
        ThreadStatus threadStatus = ThreadStatus::Bot;
        QString traceId;
        QString route;            // the route the turn took
        QStringList toolsCalled;  // in order
    };
    struct Request
    {
        QString threadId;   // empty: open a new thread
        QString token;      // required when threadId is set
        QString newThreadId; // id to use for a new thread (chosen by the caller)
        QString channel = QStringLiteral("web");
        QString userMessage;
        QString clientAddress; // the HTTP peer address (get_order throttles failed lookups per address)
        // The signed-in user this message's token vouches for (empty: anonymous).
        // A new thread is bound to them, an anonymous one too; a thread bound
        // to someone else refuses the message (Forbidden). The turn runs as the
        // thread's owner only when the message's user is that owner.
        VerifiedUser verifiedUser;
        // Called once with an Ok result as soon as the turn is stored, on the
        // thread that committed it (maybe not this one), before handle()
        // returns: the place to send the reply from. Quick and thread-safe.
        std::function<void(const Result &)> stored;
    };
    Result handle(const Request &request) const;

    // Where turns are published (thread created, messages, status changes); none: not published.
    void setEvents(EventBus *events) { m_events = events; }

private:
    EventBus *m_events = nullptr;
    Database &m_db;
    const Orchestrator &m_orchestrator;
    int m_historyLimit;
};

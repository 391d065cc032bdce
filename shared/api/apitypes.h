#pragma once
// What the operator API's calls give back, in the shared model types.
#include "apierror.h"
#include "model/feedback.h"
#include "model/kbdocument.h"
#include "model/message.h"
#include "model/operator.h"
#include "model/thread.h"
#include "model/ticket.h"
#include "model/tracespan.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <functional>
#include <optional>

namespace Api {

// Either a value or an error, as a callback receives it.
template <typename T>
struct Result
{
    std::optional<T> value;
    ApiError error;

    bool ok() const { return !error.isError() && value.has_value(); }
    const T &operator*() const { return *value; }
    const T *operator->() const { return &*value; }
};

template <typename T>
using Callback = std::function<void(const Result<T> &)>;

// A call that answers with no body (204) or one we do not read.
struct Done
{
};

struct LoginInfo
{
    QString token;
    qint64 expiresAt = 0;
    OperatorRole role = OperatorRole::Agent;
};

struct ThreadQuery
{
    QString status; // empty: all
    int limit = 200;
    int offset = 0;
};

struct ThreadPage
{
    QList<Thread> threads;
    int limit = 0;
    int offset = 0;
};

struct ThreadDetail
{
    Thread thread;
    QList<Message> messages; // oldest first
    QList<Feedback> feedback;
    QJsonArray actions; // operator actions (takeover, reply, handback, close), when the server sends them
};

struct KbDocumentPage
{
    QList<KbDocument> documents; // without their text
    QHash<QString, int> chunkCounts; // by document id
    int total = 0;
};

struct TicketQuery
{
    QString status;
    QString threadId;
    int limit = 100;
    int offset = 0;
};

// Turns for the trace browser, newest first (GET /admin/agent/traces).
struct TraceQuery
{
    QString outcome;  // empty (all), ok, degraded, handoff, failed
    QString threadId;
    QString route;
    QString before;   // a trace id: the page after it
    int limit = 100;
};

struct TracePage
{
    QList<Trace> traces; // each without its spans
    QString nextBefore;  // empty on the last page
};

} // namespace Api

#pragma once
#include "schema.h"

#include <QDeadlineTimer>
#include <QJsonObject>
#include <QString>

// What a tool may know about the turn it runs in. Tools get data from the
// orchestrator, never from the brain's prose.
struct ToolContext
{
    QString threadId;
    QString turnId;  // the turn the call belongs to (retries of a call share it); may be empty
    QString channel;
    QString transcriptExcerpt; // the recent conversation, already sanitised
    QDeadlineTimer deadline;   // the tool must give up by then
    // Who is asking: empty for an anonymous shopper (the website fills the
    // verified ones once it vouches for a signed-in customer).
    QString verifiedEmail;
    QString verifiedCustomerId;
    QString clientAddress; // the HTTP peer address (per-address throttling); empty outside HTTP
};

struct ToolResult
{
    QJsonObject output;
    QString error; // empty on success
    // Whether trying again may help (ToolRegistry retries with backoff, see
    // tools/resilience.h). Both kinds count towards opening the circuit.
    bool retryable = true;

    static ToolResult ok(const QJsonObject &output) { return {output, {}, true}; }
    // A failure that may pass (an upstream 5xx, a timeout): retried.
    static ToolResult failure(const QString &error) { return {{}, error, true}; }
    // A failure another try would repeat (credentials rejected, a malformed
    // answer): not retried.
    static ToolResult permanentFailure(const QString &error) { return {{}, error, false}; }
};

// A deterministic capability the agent can use: strict input and output
// schemas, a version, no judgement of its own. The brain sees spec() only.
class Tool
{
public:
    virtual ~Tool() = default;
    virtual QString name() const = 0;
    virtual QString version() const = 0;
    virtual QString description() const = 0;
    virtual const ObjectSchema &inputSchema() const = 0;
    virtual const ObjectSchema &outputSchema() const = 0;
    // Called with arguments already validated and normalised by inputSchema().
    virtual ToolResult run(const QJsonObject &arguments, const ToolContext &context) = 0;
    // Why the tool cannot be offered to the brain right now (e.g. a stale
    // knowledge base); empty when it can.
    virtual QString unavailableReason() const { return {}; }

    QJsonObject spec() const
    {
        return {{QStringLiteral("name"), name()},
                {QStringLiteral("version"), version()},
                {QStringLiteral("description"), description()},
                {QStringLiteral("input_schema"), inputSchema().toJsonSchema()},
                {QStringLiteral("output_schema"), outputSchema().toJsonSchema()}};
    }
};

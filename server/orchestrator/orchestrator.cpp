#include "orchestrator.h"

#include "guardrails/piisanitizer.h"
#include "tracerecorder.h"

#include "tools/toolregistry.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QUuid>
#include <exception>

namespace {

// Traces are read by operators and kept: personal data in a tool's
// arguments (an e-mail address for get_order, a phone number in a search) is
// masked there, while the tool itself received the real values.
QJsonObject maskedArguments(const QJsonObject &arguments)
{
    QJsonObject masked;
    for (auto it = arguments.begin(); it != arguments.end(); ++it)
        masked.insert(it.key(), it->isString() ? QJsonValue(pii::sanitize(it->toString()).text) : *it);
    return masked;
}

// A short account of a tool's result for the trace (the full result can be large).
QJsonObject summarize(const ToolCall &call)
{
    if (!call.succeeded())
        return {{QStringLiteral("error"), call.error}};
    const QJsonArray results = call.result.value(QStringLiteral("results")).toArray();
    if (!results.isEmpty() || call.tool == QLatin1String("search_kb")) {
        QJsonArray top;
        for (const QJsonValue &value : results) {
            const QJsonObject hit = value.toObject();
            top.append(QJsonObject{{QStringLiteral("doc_id"), hit.value(QStringLiteral("doc_id"))},
                                   {QStringLiteral("score"), hit.value(QStringLiteral("score"))},
                                   {QStringLiteral("coverage"), hit.value(QStringLiteral("coverage"))}});
        }
        return {{QStringLiteral("count"), results.size()}, {QStringLiteral("results"), top}};
    }
    return call.result;
}

// The last messages of the conversation, for the person a thread is handed
// to (handoff_human's transcript_excerpt, at most 4000 characters).
QString transcriptExcerpt(const TurnInput &input)
{
    QStringList lines;
    const qsizetype from = qMax<qsizetype>(0, input.history.size() - 6);
    for (qsizetype i = from; i < input.history.size(); ++i) {
        const Message &message = input.history.at(i);
        if (message.role == MessageRole::Tool || message.role == MessageRole::System)
            continue;
        lines.append(messageRoleToString(message.role) + QStringLiteral(": ") + message.content.left(600));
    }
    lines.append(QStringLiteral("user: ") + input.userMessage.left(1500));
    QString excerpt = lines.join(QLatin1Char('\n'));
    if (excerpt.size() > 4000)
        excerpt = excerpt.right(4000);
    return excerpt;
}

// The reply when the orchestrator handed the thread to a person because the
// brain could not call its tools (it is not asked to draft again).
Draft forcedHandoffReply(bool handedOff)
{
    Draft draft;
    draft.offersHuman = true;
    draft.content = handedOff
        ? QStringLiteral("I'm sorry, I couldn't complete that myself, so I've asked a member of our support team to "
                         "join this conversation. They'll reply right here as soon as they can.")
        : QStringLiteral("I'm sorry, I couldn't complete that myself and couldn't reach our support team from here "
                         "just now. Please email support@ferncliff.example and a person will reply within one "
                         "working day.");
    return draft;
}

Draft failureReply()
{
    Draft draft;
    draft.offersHuman = true;
    draft.content = QStringLiteral("I'm sorry, something went wrong on our side while answering. Please try again, "
                                   "or ask me to connect you with a person from our team.");
    return draft;
}

} // namespace

Orchestrator::Orchestrator(Brain &brain, const ToolRegistry &tools, TurnLimits limits)
    : m_brain(brain), m_tools(tools), m_limits(limits)
{
}

QString Orchestrator::stateName(State state)
{
    switch (state) {
    case State::Plan: return QStringLiteral("PLAN");
    case State::ToolLoop: return QStringLiteral("TOOL_LOOP");
    case State::Draft: return QStringLiteral("DRAFT");
    case State::Guardrail: return QStringLiteral("GUARDRAIL");
    case State::Respond: return QStringLiteral("RESPOND");
    case State::Done: return QStringLiteral("DONE");
    case State::Handoff: return QStringLiteral("HANDOFF");
    case State::Failed: return QStringLiteral("FAILED");
    }
    return {};
}

TurnOutcome Orchestrator::run(const TurnInput &input) const
{
    TraceRecorder recorder;
    const QDeadlineTimer turnDeadline(m_limits.turnTimeoutMs);
    TurnContext context;
    context.threadId = input.threadId;
    context.channel = input.channel;
    context.userMessage = input.userMessage;
    context.history = input.history;
    // Tools that cannot serve right now (a stale knowledge base) are not
    // offered: the brain then hands off instead of guessing.
    QJsonObject unavailable;
    for (const QJsonValue &spec : m_tools.specs()) {
        const QString name = spec.toObject().value(QStringLiteral("name")).toString();
        const Tool *tool = m_tools.find(name);
        const QString reason = tool ? tool->unavailableReason() : QString();
        if (reason.isEmpty())
            context.toolSpecs.append(spec);
        else
            unavailable.insert(name, reason);
    }

    ToolContext toolContext;
    toolContext.threadId = input.threadId;
    toolContext.turnId = input.turnId.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : input.turnId;
    toolContext.channel = input.channel;
    toolContext.clientAddress = input.clientAddress;
    toolContext.transcriptExcerpt = transcriptExcerpt(input);

    // One tool call with its span. The call's budget is the rest of the turn;
    // each attempt gets at most toolTimeoutMs of it (the registry retries).
    const auto invokeTool = [&](const PlannedCall &call, const QDeadlineTimer &budget) {
        ToolContext callContext = toolContext;
        callContext.deadline = budget;
        ToolCall result;
        auto toolSpan = recorder.start(QStringLiteral("tool:") + call.tool);
        if (unavailable.contains(call.tool)) {
            result.tool = call.tool;
            result.arguments = call.arguments;
            result.error = QStringLiteral("unavailable: ") + unavailable.value(call.tool).toString();
            result.errorKind = ToolCall::Unavailable;
        } else {
            result = m_tools.invoke(call.tool, call.arguments, callContext, m_limits.toolTimeoutMs);
        }
        toolSpan.set(QStringLiteral("tool"), call.tool);
        toolSpan.set(QStringLiteral("version"), result.toolVersion);
        toolSpan.set(QStringLiteral("arguments"), maskedArguments(result.arguments));
        toolSpan.set(QStringLiteral("result"), summarize(result));
        toolSpan.set(QStringLiteral("latency_ms"), result.latencyMs);
        if (result.attempts > 1)
            toolSpan.set(QStringLiteral("attempts"), result.attempts);
        if (!result.notes.isEmpty())
            toolSpan.set(QStringLiteral("notes"), result.notes);
        if (!result.succeeded()) {
            // The detail is for operators; the brain learns only that the call failed.
            toolSpan.set(QStringLiteral("error"), result.error);
            toolSpan.set(QStringLiteral("error_kind"), result.errorKind);
        }
        if (result.circuitWasOpen())
            toolSpan.set(QStringLiteral("circuit_open"), true);
        return result;
    };

    TurnOutcome outcome;
    std::optional<PlannedCall> nextCall;
    QString failure;
    int brainErrors = 0;    // calls of unknown tools or with invalid arguments
    int executedCalls = 0;  // the others: what maxToolCalls limits
    bool forcedHandoff = false;
    State state = State::Plan;
    while (state != State::Done && state != State::Handoff && state != State::Failed) {
        try {
            switch (state) {
            case State::Plan: {
                auto span = recorder.start(stateName(state));
                const BrainStep step = m_brain.plan(context);
                outcome.route = step.route;
                nextCall = step.call;
                span.set(QStringLiteral("route"), step.route);
                span.set(QStringLiteral("brain"), m_brain.name());
                span.set(QStringLiteral("rationale"), step.rationale);
                span.set(QStringLiteral("decision"), step.call ? step.call->tool : QStringLiteral("draft"));
                if (!unavailable.isEmpty())
                    span.set(QStringLiteral("tools_unavailable"), unavailable);
                for (auto it = step.attributes.begin(); it != step.attributes.end(); ++it)
                    span.set(it.key(), it.value());
                state = nextCall ? State::ToolLoop : State::Draft;
                break;
            }
            case State::ToolLoop: {
                auto span = recorder.start(stateName(state));
                const PlannedCall call = *nextCall;
                nextCall.reset();
                const ToolCall result = invokeTool(call, turnDeadline);
                context.toolCalls.append(result);
                outcome.toolCalls.append(result);
                span.set(QStringLiteral("calls_so_far"), int(context.toolCalls.size()));
                if (result.isBrainError()) {
                    ++brainErrors;
                    span.set(QStringLiteral("brain_error"), result.errorKind);
                } else {
                    ++executedCalls;
                }
                if (brainErrors >= 2) {
                    // The corrected retry failed too: a person takes over. The
                    // orchestrator calls handoff_human itself (with time of its
                    // own: the turn may be spent) and writes the reply.
                    span.set(QStringLiteral("decision"), QStringLiteral("handoff_human"));
                    span.set(QStringLiteral("forced_handoff"), QStringLiteral("tool_failure"));
                    const ToolCall handoff = invokeTool(
                        PlannedCall{QStringLiteral("handoff_human"),
                                    {{QStringLiteral("reason"), QStringLiteral("tool_failure")},
                                     {QStringLiteral("transcript_excerpt"), toolContext.transcriptExcerpt}}},
                        QDeadlineTimer(qMax(m_limits.toolTimeoutMs, 1000)));
                    context.toolCalls.append(handoff);
                    outcome.toolCalls.append(handoff);
                    outcome.route = route::HandoffHuman;
                    forcedHandoff = true;
                    state = State::Draft;
                    break;
                }
                if (turnDeadline.hasExpired()) {
                    span.set(QStringLiteral("late"), true);
                    state = State::Draft;
                    break;
                }
                if (executedCalls >= m_limits.maxToolCalls) {
                    span.set(QStringLiteral("limit_reached"), true);
                    state = State::Draft;
                    break;
                }
                // After a brain error this is its one corrected retry: it sees
                // the failed call and its error in context.toolCalls.
                if (result.isBrainError())
                    span.set(QStringLiteral("retry_after_brain_error"), true);
                const BrainStep step = m_brain.plan(context);
                span.set(QStringLiteral("decision"), step.call ? step.call->tool : QStringLiteral("draft"));
                nextCall = step.call;
                state = nextCall ? State::ToolLoop : State::Draft;
                break;
            }
            case State::Draft: {
                auto span = recorder.start(stateName(state));
                if (forcedHandoff) {
                    outcome.reply = forcedHandoffReply(context.toolCalls.last().succeeded());
                    span.set(QStringLiteral("drafted_by"), QStringLiteral("orchestrator"));
                } else {
                    outcome.reply = m_brain.draft(context);
                }
                span.set(QStringLiteral("citations"), int(outcome.reply.citations.size()));
                span.set(QStringLiteral("characters"), int(outcome.reply.content.size()));
                state = State::Guardrail;
                break;
            }
            case State::Guardrail: {
                auto span = recorder.start(stateName(state));
                const GuardrailVerdict verdict = m_guardrails.check(context, outcome.reply);
                span.set(QStringLiteral("passed"), verdict.passed);
                if (!verdict.passed) {
                    span.set(QStringLiteral("rule"), verdict.rule);
                    span.set(QStringLiteral("reason"), verdict.reason);
                    outcome.reply = Guardrails::safeFallback();
                }
                state = State::Respond;
                break;
            }
            case State::Respond: {
                auto span = recorder.start(stateName(state));
                bool handedOff = false;
                for (const ToolCall &call : std::as_const(context.toolCalls))
                    handedOff = handedOff || (call.tool == QLatin1String("handoff_human") && call.succeeded());
                span.set(QStringLiteral("handoff"), handedOff);
                state = handedOff ? State::Handoff : State::Done;
                break;
            }
            case State::Done:
            case State::Handoff:
            case State::Failed:
                break;
            }
        } catch (const std::exception &error) {
            failure = QString::fromUtf8(error.what());
            state = State::Failed;
        } catch (...) {
            failure = QStringLiteral("unknown error");
            state = State::Failed;
        }
    }

    auto end = recorder.start(stateName(state));
    if (state == State::Failed) {
        end.set(QStringLiteral("error"), failure);
        outcome.reply = failureReply();
        if (outcome.route.isEmpty())
            outcome.route = route::Refuse;
    }
    end.end();
    outcome.outcome = state == State::Failed ? QStringLiteral("failed")
                      : state == State::Handoff ? QStringLiteral("handoff")
                                                : QStringLiteral("responded");
    for (const ToolCall &call : std::as_const(outcome.toolCalls)) {
        ++outcome.usage.toolCalls;
        outcome.usage.toolErrors += call.succeeded() ? 0 : 1;
    }
    outcome.spans = recorder.spans();
    outcome.durationMs = recorder.elapsedMs();
    return outcome;
}

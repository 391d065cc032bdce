#include "orchestrator.h"

#include "guardrails/piisanitizer.h"
#include "tracerecorder.h"

#include "tools/toolregistry.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QUuid>
#include <exception>

namespace {

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

// A neutral reply when the content filter tripped: no judgement, no repeat
// of what was said, a person offered.
Draft contentFilterReply(content::Rule rule)
{
    Draft draft;
    draft.offersHuman = true;
    if (rule == content::Rule::SelfHarm) {
        draft.content = QStringLiteral("I'm really sorry you're going through this. I'm not able to help with that here, "
                                       "but you don't have to face it alone: if you are in danger, please call your "
                                       "local emergency number now. A member of our team can also talk with you; just "
                                       "say so and I'll connect you.");
    } else {
        draft.content = QStringLiteral("I'm sorry, I can't help with that here. If you'd like, I can connect you with a "
                                       "member of our support team.");
    }
    return draft;
}

// The real e-mail address behind an [email] mask: the newest one the shopper wrote.
QString realEmail(const TurnInput &input)
{
    QStringList found = pii::emailsIn(input.userMessage);
    for (qsizetype i = input.history.size() - 1; found.isEmpty() && i >= 0; --i) {
        if (input.history.at(i).role == MessageRole::User)
            found = pii::emailsIn(input.history.at(i).content);
    }
    return found.isEmpty() ? QString() : found.last();
}

QJsonObject modelSpanAttributes(const ModelCall &call)
{
    QJsonObject attributes{{QStringLiteral("step"), call.step},
                           {QStringLiteral("role"), call.role},
                           {QStringLiteral("model"), call.model},
                           {QStringLiteral("template"), call.templateVersion},
                           {QStringLiteral("temperature"), call.temperature},
                           {QStringLiteral("input_tokens"), call.inputTokens},
                           {QStringLiteral("output_tokens"), call.outputTokens},
                           {QStringLiteral("cost_usd"), call.costUsd},
                           {QStringLiteral("latency_ms"), call.latencyMs},
                           {QStringLiteral("latency_us"), call.latencyUs},
                           {QStringLiteral("finish_reason"), call.finishReason},
                           {QStringLiteral("attempts"), call.attempts},
                           {QStringLiteral("fallback"), call.role == QLatin1String("fallback")}};
    if (!call.error.isEmpty())
        attributes.insert(QStringLiteral("error"), call.error);
    return attributes;
}

} // namespace

Orchestrator::Orchestrator(Brain &brain, const ToolRegistry &tools, TurnLimits limits)
    : m_brain(&brain), m_tools(tools), m_limits(limits)
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
    Brain &brain = *m_brain;
    TraceRecorder recorder;
    const QDeadlineTimer turnDeadline(m_limits.turnTimeoutMs);
    TurnContext context;
    context.threadId = input.threadId;
    context.channel = input.channel;
    context.userMessage = input.userMessage;
    context.customerVerified = !input.verifiedEmail.isEmpty() || !input.verifiedCustomerId.isEmpty();
    context.history = input.history;
    context.deadline = turnDeadline;
    context.state->turnClock.start();
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
    toolContext.verifiedEmail = input.verifiedEmail;
    toolContext.verifiedCustomerId = input.verifiedCustomerId;
    toolContext.transcriptExcerpt = transcriptExcerpt(input);

    TurnOutcome outcome;
    // Model requests the brain made since the last look become spans, and count.
    const auto traceModelCalls = [&] {
        for (const ModelCall &call : std::as_const(context.state->modelCalls)) {
            TraceSpan span;
            span.name = QStringLiteral("model");
            span.startMs = call.startMs;
            span.durationMs = call.latencyMs;
            span.attributes = modelSpanAttributes(call);
            recorder.add(span);
            ++outcome.usage.modelCalls;
            outcome.usage.inputTokens += call.inputTokens;
            outcome.usage.outputTokens += call.outputTokens;
            outcome.usage.costUsd += call.costUsd;
        }
        context.state->modelCalls.clear();
    };

    // One tool call with its span. The call's budget is the rest of the turn;
    // each attempt gets at most toolTimeoutMs of it (the registry retries).
    const auto invokeTool = [&](const PlannedCall &planned, const QDeadlineTimer &budget) {
        ToolContext callContext = toolContext;
        callContext.deadline = budget;
        PlannedCall call = planned;
        for (auto it = call.arguments.begin(); it != call.arguments.end(); ++it) {
            if (it->isString() && it->toString().trimmed() == QLatin1String("[email]"))
                *it = realEmail(input);
        }
        ToolCall result;
        // Tools may write rows that name the thread: it must be stored first.
        const bool threadStored = !input.threadStored || input.threadStored();
        auto toolSpan = recorder.start(QStringLiteral("tool:") + call.tool);
        QElapsedTimer toolClock;
        toolClock.start();
        if (!call.argumentsError.isEmpty()) {
            result.tool = call.tool;
            result.error = QStringLiteral("invalid arguments: ") + call.argumentsError;
            result.errorKind = ToolCall::InvalidArguments;
        } else if (!threadStored) {
            result.tool = call.tool;
            result.arguments = call.arguments;
            result.error = QStringLiteral("unavailable: the conversation could not be stored");
            result.errorKind = ToolCall::Unavailable;
        } else if (unavailable.contains(call.tool)) {
            result.tool = call.tool;
            result.arguments = call.arguments;
            result.error = QStringLiteral("unavailable: ") + unavailable.value(call.tool).toString();
            result.errorKind = ToolCall::Unavailable;
        } else {
            result = m_tools.invoke(call.tool, call.arguments, callContext, m_limits.toolTimeoutMs);
        }
        toolSpan.set(QStringLiteral("tool"), call.tool);
        toolSpan.set(QStringLiteral("version"), result.toolVersion);
        // Traces are read by operators and kept: personal data in the
        // arguments is masked there; the tool itself got the real values.
        toolSpan.set(QStringLiteral("arguments"), pii::sanitizeValues(result.arguments));
        toolSpan.set(QStringLiteral("result"), summarize(result));
        toolSpan.set(QStringLiteral("latency_ms"), result.latencyMs);
        toolSpan.set(QStringLiteral("latency_us"), toolClock.nsecsElapsed() / 1000);
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
        context.toolCalls.append(result);
        outcome.toolCalls.append(result);
        return result;
    };

    // A ticket the orchestrator opens itself (degrade mode, models down, a
    // content-filter trip), with time of its own: the turn may be spent. One
    // per turn: a ticket the brain already opened is reused. Returns its reference.
    const auto openFollowUpTicket = [&](const QString &reason, const QString &subject) -> QString {
        for (const ToolCall &call : std::as_const(context.toolCalls)) {
            if (call.tool == QLatin1String("create_ticket") && call.succeeded())
                return call.result.value(QStringLiteral("ticket_id")).toString();
        }
        if (!m_tools.find(QStringLiteral("create_ticket")))
            return {};
        const ToolCall ticket = invokeTool(
            PlannedCall{QStringLiteral("create_ticket"),
                        {{QStringLiteral("email"), realEmail(input)},
                         {QStringLiteral("subject"), subject},
                         {QStringLiteral("body"), (QStringLiteral("Opened by the assistant (") + reason
                                                   + QStringLiteral(").\n\n") + pii::sanitize(toolContext.transcriptExcerpt).text)
                                                      .left(5000)},
                         {QStringLiteral("priority"), QStringLiteral("high")}}},
            QDeadlineTimer(qMax(m_limits.toolTimeoutMs, 1000)));
        return ticket.succeeded() ? ticket.result.value(QStringLiteral("ticket_id")).toString() : QString();
    };

    std::optional<PlannedCall> nextCall;
    std::optional<Draft> plannedDraft;             // a model's answer given while planning
    std::optional<content::Verdict> inputVerdict;  // the shopper's message tripped the content filter
    QString failure;
    QString lateStep;       // degrade mode: the step during which the budget ran out
    int brainErrors = 0;    // calls of unknown tools or with invalid arguments
    int executedCalls = 0;  // the others: what maxToolCalls limits
    bool forcedHandoff = false;
    bool redrafted = false;
    const auto budgetSpent = [&] { return turnDeadline.hasExpired() || context.state->budgetSpent; };
    State state = State::Plan;
    while (state != State::Done && state != State::Handoff && state != State::Failed) {
        try {
            switch (state) {
            case State::Plan: {
                auto span = recorder.start(stateName(state));
                span.set(QStringLiteral("brain"), brain.name());
                // The content filter sees the message before any brain does.
                const content::Verdict verdict = m_content.checkInput(input.userMessage);
                if (verdict.tripped()) {
                    inputVerdict = verdict;
                    outcome.route = route::Refuse;
                    span.set(QStringLiteral("route"), route::Refuse);
                    span.set(QStringLiteral("decision"), QStringLiteral("content_filter"));
                    state = State::Guardrail;
                    break;
                }
                const BrainStep step = brain.plan(context);
                traceModelCalls();
                outcome.route = step.route;
                nextCall = step.call;
                plannedDraft = step.draft;
                span.set(QStringLiteral("route"), step.route);
                span.set(QStringLiteral("rationale"), step.rationale);
                span.set(QStringLiteral("decision"), step.call ? step.call->tool : QStringLiteral("draft"));
                if (!unavailable.isEmpty())
                    span.set(QStringLiteral("tools_unavailable"), unavailable);
                for (auto it = step.attributes.begin(); it != step.attributes.end(); ++it)
                    span.set(it.key(), it.value());
                if (budgetSpent()) {
                    lateStep = stateName(state);
                    span.set(QStringLiteral("late"), true);
                    nextCall.reset();
                }
                state = nextCall ? State::ToolLoop : State::Draft;
                break;
            }
            case State::ToolLoop: {
                auto span = recorder.start(stateName(state));
                const PlannedCall call = *nextCall;
                nextCall.reset();
                const ToolCall result = invokeTool(call, turnDeadline);
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
                    invokeTool(PlannedCall{QStringLiteral("handoff_human"),
                                           {{QStringLiteral("reason"), QStringLiteral("tool_failure")},
                                            {QStringLiteral("transcript_excerpt"), toolContext.transcriptExcerpt}}},
                               QDeadlineTimer(qMax(m_limits.toolTimeoutMs, 1000)));
                    outcome.route = route::HandoffHuman;
                    forcedHandoff = true;
                    state = State::Draft;
                    break;
                }
                if (budgetSpent()) {
                    lateStep = QStringLiteral("tool:") + call.tool;
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
                const BrainStep step = brain.plan(context);
                traceModelCalls();
                span.set(QStringLiteral("decision"), step.call ? step.call->tool : QStringLiteral("draft"));
                nextCall = step.call;
                plannedDraft = step.draft;
                if (budgetSpent()) {
                    lateStep = QStringLiteral("PLAN");
                    span.set(QStringLiteral("late"), true);
                    nextCall.reset();
                }
                state = nextCall ? State::ToolLoop : State::Draft;
                break;
            }
            case State::Draft: {
                auto span = recorder.start(stateName(state));
                if (forcedHandoff) {
                    outcome.reply = forcedHandoffReply(context.toolCalls.last().succeeded());
                    span.set(QStringLiteral("drafted_by"), QStringLiteral("orchestrator"));
                } else if (!lateStep.isEmpty()) {
                    outcome.reply = brain.quickDraft(context);
                    span.set(QStringLiteral("drafted_by"), QStringLiteral("quick_draft"));
                } else if (plannedDraft) {
                    outcome.reply = *plannedDraft;
                    span.set(QStringLiteral("drafted_by"), QStringLiteral("plan"));
                } else {
                    outcome.reply = brain.draft(context);
                    traceModelCalls();
                    if (budgetSpent()) {
                        lateStep = stateName(state);
                        outcome.reply = brain.quickDraft(context);
                        span.set(QStringLiteral("drafted_by"), QStringLiteral("quick_draft"));
                    }
                }
                span.set(QStringLiteral("citations"), int(outcome.reply.citations.size()));
                span.set(QStringLiteral("characters"), int(outcome.reply.content.size()));
                state = State::Guardrail;
                break;
            }
            case State::Guardrail: {
                auto span = recorder.start(stateName(state));
                if (inputVerdict) {
                    span.set(QStringLiteral("passed"), false);
                    span.set(QStringLiteral("stage"), QStringLiteral("input"));
                    span.set(QStringLiteral("rule"), QStringLiteral("content_filter:") + content::ruleName(inputVerdict->rule));
                    span.set(QStringLiteral("evidence"), inputVerdict->evidence);
                    outcome.reply = contentFilterReply(inputVerdict->rule);
                    const QString ticket = openFollowUpTicket(QStringLiteral("content filter: ") + content::ruleName(inputVerdict->rule),
                                                              QStringLiteral("Conversation flagged by the content filter"));
                    span.set(QStringLiteral("ticket"), ticket);
                    state = State::Respond;
                    break;
                }
                const content::Verdict draftVerdict = m_content.checkDraft(outcome.reply.content);
                if (draftVerdict.tripped()) {
                    span.set(QStringLiteral("passed"), false);
                    span.set(QStringLiteral("stage"), QStringLiteral("draft"));
                    span.set(QStringLiteral("rule"), QStringLiteral("content_filter:") + content::ruleName(draftVerdict.rule));
                    span.set(QStringLiteral("evidence"), draftVerdict.evidence);
                    outcome.reply = contentFilterReply(draftVerdict.rule);
                    span.set(QStringLiteral("ticket"),
                             openFollowUpTicket(QStringLiteral("content filter on the draft: ") + content::ruleName(draftVerdict.rule),
                                                QStringLiteral("Assistant draft withheld by the content filter")));
                    state = State::Respond;
                    break;
                }
                const GuardrailVerdict verdict = m_guardrails.check(context, outcome.reply);
                span.set(QStringLiteral("passed"), verdict.passed);
                if (verdict.passed) {
                    state = State::Respond;
                    break;
                }
                span.set(QStringLiteral("rule"), verdict.rule);
                span.set(QStringLiteral("reason"), verdict.reason);
                // One redraft, told why, when the brain can write a different
                // draft and the turn has time for it; then the safe fallback.
                if (!redrafted && lateStep.isEmpty() && brain.canRedraft() && Guardrails::isRedraftable(verdict)
                    && !budgetSpent()) {
                    redrafted = true;
                    span.set(QStringLiteral("decision"), QStringLiteral("redraft"));
                    span.end();
                    auto redraftSpan = recorder.start(stateName(State::Draft));
                    context.redraftReason = verdict.reason;
                    outcome.reply = brain.draft(context);
                    traceModelCalls();
                    context.redraftReason.clear();
                    redraftSpan.set(QStringLiteral("redraft"), true);
                    redraftSpan.set(QStringLiteral("citations"), int(outcome.reply.citations.size()));
                    state = State::Guardrail;
                    break;
                }
                outcome.reply = Guardrails::safeFallback();
                state = State::Respond;
                break;
            }
            case State::Respond: {
                auto span = recorder.start(stateName(state));
                // Degrade mode and a brain whose models were down both end in
                // a follow-up ticket, so a person finishes what the agent could not.
                QString followUp;
                if (!lateStep.isEmpty()) {
                    span.set(QStringLiteral("degraded"), true);
                    span.set(QStringLiteral("late_step"), lateStep);
                    followUp = QStringLiteral("turn_budget_exceeded");
                } else if (!context.state->followUpTicket.isEmpty() && !inputVerdict) {
                    followUp = context.state->followUpTicket;
                }
                if (!followUp.isEmpty()) {
                    const QString ticket = openFollowUpTicket(
                        followUp, lateStep.isEmpty() ? QStringLiteral("Follow-up needed: the assistant could not answer fully")
                                                     : QStringLiteral("Follow-up needed: the assistant ran out of time"));
                    span.set(QStringLiteral("follow_up"), followUp);
                    span.set(QStringLiteral("ticket"), ticket);
                    QString addition;
                    if (!lateStep.isEmpty())
                        addition = QString::fromLatin1(kFollowUpPromise);
                    if (!ticket.isEmpty())
                        addition += (addition.isEmpty() ? QString() : QStringLiteral(" "))
                                    + QStringLiteral("Your reference is %1.").arg(ticket);
                    if (!addition.isEmpty() && !outcome.reply.content.contains(ticket.isEmpty() ? addition : ticket))
                        outcome.reply.content = outcome.reply.content.trimmed() + QStringLiteral("\n\n") + addition;
                }
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
    traceModelCalls();

    auto end = recorder.start(stateName(state));
    if (state == State::Failed) {
        end.set(QStringLiteral("error"), failure);
        outcome.reply = failureReply();
        if (outcome.route.isEmpty())
            outcome.route = route::Refuse;
    }
    end.end();
    outcome.outcome = state == State::Failed    ? QStringLiteral("failed")
                      : state == State::Handoff ? QStringLiteral("handoff")
                      : !lateStep.isEmpty()     ? QStringLiteral("degraded")
                                                : QStringLiteral("responded");
    for (const ToolCall &call : std::as_const(outcome.toolCalls)) {
        ++outcome.usage.toolCalls;
        outcome.usage.toolErrors += call.succeeded() ? 0 : 1;
    }
    outcome.spans = recorder.spans();
    outcome.durationMs = recorder.elapsedMs();
    return outcome;
}

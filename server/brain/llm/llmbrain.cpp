#include "llmbrain.h"

#include "guardrails/contentfilter.h"
#include "guardrails/piisanitizer.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QCache>
#include <QJsonDocument>
#include <QMutex>
#include <QRegularExpression>
#include <memory>

namespace {

const QSet<QString> kRoutes = {route::SearchKb, route::GetOrder, route::CreateTicket, route::HandoffHuman};

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

const content::ContentFilter &contentFilter()
{
    static const content::ContentFilter filter;
    return filter;
}

// Text from an article or a tool is data. A passage that reads like orders to
// the model ("ignore your previous instructions...") is replaced, so it never
// reaches the model as something to obey; the trace of the tool call keeps it.
// Other text is masked. Search results repeat from turn to turn, so recent
// answers are remembered (a pure function of the text; bounded in characters).
QString neutralisedText(const QString &text, bool *removed)
{
    struct Seen
    {
        QString text;
        bool removed = false;
    };
    static QMutex memoMutex;
    static QCache<QString, Seen> memo(2 * 1024 * 1024);
    constexpr qsizetype kMaxMemoText = 4000;
    if (text.size() <= kMaxMemoText) {
        QMutexLocker lock(&memoMutex);
        if (const Seen *seen = memo.object(text)) {
            *removed = seen->removed;
            return seen->text;
        }
    }
    auto seen = std::make_unique<Seen>();
    seen->removed = contentFilter().checkData(text).tripped();
    seen->text = seen->removed ? QStringLiteral("[text removed: it contained instructions, which are not followed]")
                               : pii::sanitize(text).text;
    *removed = seen->removed;
    const QString result = seen->text;
    if (text.size() <= kMaxMemoText) {
        QMutexLocker lock(&memoMutex);
        memo.insert(text, seen.release(), qMax<qsizetype>(1, text.size() + result.size()));
    }
    return result;
}

QJsonValue neutralised(const QJsonValue &value, int *removed)
{
    if (value.isString()) {
        bool textRemoved = false;
        const QString text = neutralisedText(value.toString(), &textRemoved);
        *removed += textRemoved ? 1 : 0;
        return text;
    }
    if (value.isArray()) {
        QJsonArray array;
        for (const QJsonValue &item : value.toArray())
            array.append(neutralised(item, removed));
        return array;
    }
    if (value.isObject()) {
        QJsonObject object;
        const QJsonObject source = value.toObject();
        for (auto it = source.begin(); it != source.end(); ++it)
            object.insert(it.key(), neutralised(it.value(), removed));
        return object;
    }
    return value;
}

// What the model is told about a call: the result as data, or only that it
// failed (a brain error carries the validation message so it can correct it;
// other errors stay in the trace).
QString resultForModel(const ToolCall &call)
{
    if (call.succeeded()) {
        int removed = 0;
        return compact(neutralised(call.result, &removed).toObject());
    }
    if (call.isBrainError())
        return compact({{QStringLiteral("error"), call.error},
                        {QStringLiteral("hint"), QStringLiteral("Correct the call and try once more, or answer without it.")}});
    return compact({{QStringLiteral("error"), QStringLiteral("the tool is unavailable right now")},
                    {QStringLiteral("kind"), call.errorKind}});
}

QString toolCallId(const TurnContext &context, qsizetype index)
{
    const QStringList &ids = context.state->toolCallIds;
    return index < ids.size() && !ids.at(index).isEmpty() ? ids.at(index) : QStringLiteral("call_%1").arg(index + 1);
}

PlannedCall plannedFrom(const ChatToolCall &call)
{
    PlannedCall planned;
    planned.tool = call.name;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(call.arguments.toUtf8(), &parseError);
    if (call.arguments.trimmed().isEmpty()) {
        planned.arguments = {};
    } else if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        planned.argumentsError = QStringLiteral("the arguments are not a JSON object");
    } else {
        planned.arguments = document.object();
    }
    return planned;
}

bool offersPerson(const QString &text)
{
    static const QRegularExpression pattern(
        QStringLiteral("\\b(person|human|colleague|team member|support team|agent|someone from our team)\\b"),
        QRegularExpression::CaseInsensitiveOption);
    return pattern.match(text).hasMatch();
}

} // namespace

LlmBrain::LlmBrain(const LlmConfig &config, Brain &lastResort, Options options)
    : m_lastResort(lastResort), m_options(std::move(options))
{
    if (config.primary)
        m_primary = std::make_unique<ChatCompletionClient>(*config.primary);
    if (config.fallback)
        m_fallback = std::make_unique<ChatCompletionClient>(*config.fallback);
    m_template = PromptTemplate::load(m_options.prompt, &m_templateError);
}

LlmBrain::~LlmBrain() = default;

bool LlmBrain::isReady(QString *error) const
{
    if (!m_primary) {
        if (error)
            *error = QStringLiteral("no primary model is configured");
        return false;
    }
    if (!m_template) {
        if (error)
            *error = m_templateError;
        return false;
    }
    return true;
}

LlmBrain::Tools LlmBrain::cachedToolsFor(const QJsonArray &toolSpecs) const
{
    // The specs change only when a tool is withdrawn or restored (a stale
    // knowledge base): names and versions identify them.
    QString key;
    for (const QJsonValue &value : toolSpecs)
        key += value[QLatin1String("name")].toString() + QLatin1Char('@') + value[QLatin1String("version")].toString()
               + QLatin1Char(' ');
    QMutexLocker lock(&m_toolsMutex);
    auto it = m_toolsCache.constFind(key);
    if (it == m_toolsCache.constEnd()) {
        const QJsonArray tools = toolsFor(toolSpecs);
        it = m_toolsCache.insert(key, {tools, QJsonDocument(tools).toJson(QJsonDocument::Compact)});
    }
    return *it;
}

QJsonArray LlmBrain::toolsFor(const QJsonArray &toolSpecs)
{
    QJsonArray tools;
    for (const QJsonValue &value : toolSpecs) {
        const QJsonObject spec = value.toObject();
        QJsonObject parameters = spec.value(QStringLiteral("input_schema")).toObject();
        parameters.remove(QStringLiteral("$schema")); // some servers reject the meta-schema keyword
        parameters.remove(QStringLiteral("$id"));
        tools.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("function")},
                                 {QStringLiteral("function"),
                                  QJsonObject{{QStringLiteral("name"), spec.value(QStringLiteral("name"))},
                                              {QStringLiteral("description"), spec.value(QStringLiteral("description"))},
                                              {QStringLiteral("parameters"), parameters}}}});
    }
    return tools;
}

QList<ChatMessage> LlmBrain::conversation(const TurnContext &context) const
{
    // The prompt, the memory and the masked message are the same for every
    // request of a turn: built once (masking is the costly part).
    struct Prefix
    {
        QList<ChatMessage> messages;
    };
    std::shared_ptr<Prefix> prefix = std::static_pointer_cast<Prefix>(context.state->brainCache);
    if (!prefix) {
        prefix = std::make_shared<Prefix>();
        const QString prompt = m_template ? m_template->render(
                                   {{QStringLiteral("store"), m_options.storeName},
                                    {QStringLiteral("channel"), context.channel},
                                    {QStringLiteral("date"), QDateTime::currentDateTimeUtc().date().toString(Qt::ISODate)}})
                                          : QString();
        prefix->messages.append(ChatMessage::system(prompt));
        if (context.customerVerified) // a fact of this thread, not of the template
            prefix->messages.append(ChatMessage::system(QString::fromLatin1(kVerifiedShopperNote)));
        prefix->messages.append(ThreadMemory::build(context.history, m_options.memory).messages);
        prefix->messages.append(ChatMessage::user(pii::sanitize(context.userMessage).text));
        for (ChatMessage &message : prefix->messages)
            message.serialiseOnce(); // sent with each of the turn's requests
        context.state->brainCache = prefix;
    }
    QList<ChatMessage> messages = prefix->messages;
    // This turn's calls: each as the assistant's call and the tool's answer.
    // Arguments are masked like everything else the model sees.
    for (qsizetype i = 0; i < context.toolCalls.size(); ++i) {
        const ToolCall &call = context.toolCalls.at(i);
        const QString id = toolCallId(context, i);
        messages.append(
            ChatMessage::assistant(QString(), {ChatToolCall{id, call.tool, compact(pii::sanitizeValues(call.arguments))}}));
        messages.append(ChatMessage::toolResult(id, resultForModel(call)));
    }
    return messages;
}

Draft LlmBrain::draftFrom(const QString &content, const TurnContext &context)
{
    Draft draft;
    draft.content = content.trimmed();
    draft.offersHuman = offersPerson(draft.content);
    QHash<QString, QJsonObject> byTitle;
    for (const ToolCall &call : context.toolCalls) {
        if (call.tool != QLatin1String("search_kb") || !call.succeeded())
            continue;
        for (const QJsonValue &value : call.result.value(QStringLiteral("results")).toArray())
            byTitle.insert(value.toObject().value(QStringLiteral("title")).toString().toCaseFolded(), value.toObject());
    }
    static const QRegularExpression seeMarker(QStringLiteral("\\(See: ([^)]+)\\)"));
    QSet<QString> cited;
    auto it = seeMarker.globalMatch(draft.content);
    while (it.hasNext()) {
        const QString title = it.next().captured(1).trimmed();
        const QJsonObject hit = byTitle.value(title.toCaseFolded());
        if (hit.isEmpty() || cited.contains(title.toCaseFolded()))
            continue;
        cited.insert(title.toCaseFolded());
        Citation citation;
        citation.docId = hit.value(QStringLiteral("doc_id")).toString();
        citation.title = hit.value(QStringLiteral("title")).toString();
        citation.url = hit.value(QStringLiteral("url")).toString();
        citation.snippet = hit.value(QStringLiteral("snippet")).toString();
        draft.citations.append(citation);
    }
    return draft;
}

ChatResponse LlmBrain::complete(const TurnContext &context, ChatRequest request, const QString &step)
{
    BrainTurnState &state = *context.state;
    ChatResponse response;
    response.error = ChatResponse::Error::Connection;
    for (const ChatCompletionClient *client : {m_primary.get(), m_fallback.get()}) {
        if (!client || (client == m_primary.get() && state.useFallback))
            continue;
        // The model gets the turn's budget less a reserve for the degrade path.
        const qint64 left = context.deadline.isForever() ? client->config().timeoutMs
                                                         : context.deadline.remainingTime() - m_options.reserveMs;
        if (left <= 0) {
            state.budgetSpent = true;
            break;
        }
        ModelCall call;
        call.step = step;
        call.role = client->config().role;
        call.model = client->config().model;
        call.templateVersion = templateVersion();
        call.temperature = request.temperature;
        call.startMs = state.turnClock.isValid() ? state.turnClock.elapsed() : 0;
        QElapsedTimer clock;
        clock.start();
        response = client->complete(request, QDeadlineTimer(left));
        call.latencyUs = clock.nsecsElapsed() / 1000;
        call.inputTokens = response.inputTokens;
        call.outputTokens = response.outputTokens;
        call.costUsd = client->config().costOf(response.inputTokens, response.outputTokens);
        call.latencyMs = response.latencyMs;
        call.finishReason = response.finishReason;
        call.attempts = response.attempts;
        if (!response.ok())
            // Services may echo the request in their errors: mask personal data.
            call.error = ChatResponse::errorName(response.error) + QStringLiteral(": ")
                         + pii::sanitize(response.errorDetail).text;
        state.modelCalls.append(call);
        if (response.ok())
            return response;
        if (response.error == ChatResponse::Error::Timeout && left < client->config().timeoutMs) {
            state.budgetSpent = true; // the turn's budget, not the model's timeout, cut it short
            break;
        }
        if (client == m_primary.get())
            state.useFallback = true; // the rest of the turn goes to the fallback
    }
    return response;
}

BrainStep LlmBrain::plan(const TurnContext &context)
{
    BrainTurnState &state = *context.state;
    if (state.modelsDown)
        return m_lastResort.plan(context);

    // Further calls the model asked for in one reply run before it is asked
    // again, unless the last one was a mistake it should see first.
    const bool lastWasMistake = !context.toolCalls.isEmpty() && context.toolCalls.last().isBrainError();
    if (!state.queuedCalls.isEmpty() && !lastWasMistake) {
        BrainStep step;
        step.call = state.queuedCalls.takeFirst();
        step.route = kRoutes.contains(step.call->tool) ? step.call->tool : route::Clarify;
        step.rationale = QStringLiteral("the model asked for this call with the previous one");
        return step;
    }
    // Calls left over from a reply whose previous call was a mistake are
    // dropped (with their ids): the model plans again from the error.
    state.toolCallIds.resize(state.toolCallIds.size() - qMin(state.toolCallIds.size(), state.queuedCalls.size()));
    state.queuedCalls.clear();

    ChatRequest request;
    request.messages = conversation(context);
    const Tools tools = cachedToolsFor(context.toolSpecs);
    request.tools = tools.json;
    request.toolsWire = tools.wire;
    request.toolChoice = QStringLiteral("auto");
    request.temperature = context.toolCalls.isEmpty() ? 0.2 : 0.5;
    const ChatResponse response = complete(context, request, QStringLiteral("plan"));
    if (!response.ok() && state.budgetSpent) {
        BrainStep step; // the orchestrator degrades: what is known so far, and a ticket
        step.route = route::Clarify;
        step.rationale = QStringLiteral("the turn's budget ran out waiting for the model");
        return step;
    }
    if (!response.ok()) {
        state.modelsDown = true;
        state.followUpTicket = QStringLiteral("assistant_unavailable");
        BrainStep step = m_lastResort.plan(context);
        step.attributes.insert(QStringLiteral("brain_fallback"), m_lastResort.name());
        step.rationale = QStringLiteral("no model answered; ") + step.rationale;
        return step;
    }

    BrainStep step;
    step.attributes.insert(QStringLiteral("model"), response.model);
    step.attributes.insert(QStringLiteral("finish_reason"), response.finishReason);
    const QList<ChatToolCall> &calls = response.message.toolCalls;
    if (!calls.isEmpty()) {
        for (qsizetype i = 0; i < calls.size(); ++i) {
            state.toolCallIds.append(calls.at(i).id);
            if (i > 0)
                state.queuedCalls.append(plannedFrom(calls.at(i)));
        }
        // Ids of queued calls wait in toolCallIds in the same order the calls run.
        step.call = plannedFrom(calls.first());
        step.route = kRoutes.contains(step.call->tool) ? step.call->tool : route::Clarify;
        step.rationale = QStringLiteral("the model called %1").arg(step.call->tool);
        if (calls.size() > 1)
            step.attributes.insert(QStringLiteral("calls_in_reply"), int(calls.size()));
        return step;
    }
    step.route = route::Clarify;
    if (!context.toolCalls.isEmpty()) {
        const QString first = context.toolCalls.first().tool;
        step.route = kRoutes.contains(first) ? first : route::Clarify;
    }
    step.rationale = QStringLiteral("the model answered");
    step.draft = draftFrom(response.message.content, context);
    return step;
}

Draft LlmBrain::draft(const TurnContext &context)
{
    BrainTurnState &state = *context.state;
    if (state.modelsDown)
        return m_lastResort.draft(context);
    ChatRequest request;
    request.messages = conversation(context);
    const Tools tools = cachedToolsFor(context.toolSpecs);
    request.tools = tools.json;
    request.toolsWire = tools.wire;
    request.toolChoice = QStringLiteral("none");
    request.temperature = 0.5;
    if (!context.redraftReason.isEmpty())
        request.messages.append(ChatMessage::system(
            QStringLiteral("Your previous reply was not sent: %1. Write the reply again. Cite only titles that "
                           "search_kb returned above, exactly as written, or say you could not find the answer and "
                           "offer a person.")
                .arg(context.redraftReason)));
    const ChatResponse response =
        complete(context, request, context.redraftReason.isEmpty() ? QStringLiteral("draft") : QStringLiteral("redraft"));
    if (!response.ok() && state.budgetSpent)
        return m_lastResort.draft(context);
    if (!response.ok() || response.message.content.trimmed().isEmpty()) {
        state.modelsDown = true;
        state.followUpTicket = QStringLiteral("assistant_unavailable");
        return m_lastResort.draft(context);
    }
    return draftFrom(response.message.content, context);
}

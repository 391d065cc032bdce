#include "kbcontroller.h"

#include "auth/crypto.h"
#include "http/jsonbody.h"
#include "kb/kbindex.h"
#include "kb/kbjobs.h"
#include "kb/kbservice.h"
#include "model/jsonutil.h"
#include "store/kbstore.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QUrl>

Q_LOGGING_CATEGORY(lcKbApi, "supportd.api.kb")

namespace {

const QString kMarkdown = QStringLiteral("markdown");
const QString kHtml = QStringLiteral("html");
const QString kText = QStringLiteral("text");
constexpr int kDefaultTopK = 8;
constexpr int kMaxUrlLength = 2048;
constexpr int kMaxSourceLength = 300;

HttpResponse invalid(const QString &code, const QString &message)
{
    return HttpResponse::error(422, code, message);
}

HttpResponse documentNotFound()
{
    return HttpResponse::error(404, QStringLiteral("not_found"), QStringLiteral("no such document"));
}

bool isValidDocId(const QString &id)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9][a-z0-9._-]{0,127}$"));
    return pattern.match(id).hasMatch();
}

bool looksLikeUuid(const QString &text)
{
    static const QRegularExpression uuid(
        QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"));
    return uuid.match(text).hasMatch();
}

// "Returns & refunds (EU)" -> "returns-refunds-eu-3f9c1a2b": readable, and the
// random part keeps two documents with one title apart.
QString generatedDocId(const QString &title)
{
    const QString folded = title.normalized(QString::NormalizationForm_KD).toLower();
    QString slug;
    bool gap = false;
    for (const QChar c : folded) {
        const char16_t u = c.unicode();
        if ((u >= 'a' && u <= 'z') || (u >= '0' && u <= '9')) {
            if (gap && !slug.isEmpty())
                slug += QLatin1Char('-');
            slug += c;
            gap = false;
        } else if (c.category() != QChar::Mark_NonSpacing) { // accents fall away: "café" -> "cafe"
            gap = true;
        }
    }
    slug.truncate(60);
    while (slug.endsWith(QLatin1Char('-')))
        slug.chop(1);
    if (slug.isEmpty())
        slug = QStringLiteral("doc");
    return slug + QLatin1Char('-') + crypto::uuidV4().left(8);
}

bool isHttpUrl(const QString &text)
{
    if (text.size() > kMaxUrlLength || !checkText(text).isEmpty())
        return false;
    for (const QChar c : text) {
        if (c.isSpace())
            return false;
    }
    const QUrl url(text, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    return url.isValid() && (scheme == QLatin1String("http") || scheme == QLatin1String("https"))
           && !url.host().isEmpty();
}

// What is wrong with a document's text as characters, if anything. NUL (and
// other C0 controls a text file does not hold) mean a binary file was sent.
std::optional<HttpResponse> textProblem(const QString &text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        const char16_t u = c.unicode();
        if (u < 0x20 && u != u'\t' && u != u'\n' && u != u'\r' && u != u'\f' && u != u'\v')
            return invalid(QStringLiteral("binary_content"),
                           QStringLiteral("text looks binary (it contains NUL or other control characters); "
                                          "send text, Markdown or HTML"));
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            ++i;
            continue;
        }
        if (c.isSurrogate())
            return invalid(QStringLiteral("invalid_text"), QStringLiteral("text is not valid UTF-8"));
    }
    return std::nullopt;
}

QJsonObject documentJson(const KbDocument &doc, bool withText, int chunkCount)
{
    QJsonObject object = doc.toJson(withText);
    object.insert(QStringLiteral("chunk_count"), chunkCount);
    return object;
}

QJsonValue rankOrNull(int rank)
{
    return rank > 0 ? QJsonValue(rank) : QJsonValue(QJsonValue::Null);
}

bool parseBoundedInt(const HttpRequest &request, const QString &name, int min, int max, int *value)
{
    if (!request.query.hasQueryItem(name))
        return true;
    bool ok = false;
    *value = request.query.queryItemValue(name).toInt(&ok);
    return ok && *value >= min && *value <= max;
}

} // namespace

KbController::KbController(Services &services)
    : ApiController(services), m_jobs(std::make_unique<KbJobs>(services.kb))
{
}

KbController::~KbController() = default;

void KbController::registerRoutes(Router &router)
{
    const QString base = QString::fromLatin1(pathPrefix);
    auto bind = [this](void (KbController::*handler)(const HttpRequest &, const HttpReply &)) {
        return [this, handler](const HttpRequest &request, const HttpReply &reply) { (this->*handler)(request, reply); };
    };
    router.add("GET", base, bind(&KbController::listDocuments));
    router.add("POST", base, bind(&KbController::createDocument));
    // The literal routes first: the router takes the first match.
    router.add("POST", base + QStringLiteral("/preview"), bind(&KbController::preview));
    router.add("POST", base + QStringLiteral("/rebuild"), bind(&KbController::rebuild));
    router.add("GET", base + QStringLiteral("/jobs/{id}"), bind(&KbController::getJob));
    router.add("GET", base + QStringLiteral("/{doc_id}"), bind(&KbController::getDocument));
    router.add("PUT", base + QStringLiteral("/{doc_id}"), bind(&KbController::putDocument));
    router.add("DELETE", base + QStringLiteral("/{doc_id}"), bind(&KbController::deleteDocument));
}

void KbController::listDocuments(const HttpRequest &request, const HttpReply &reply)
{
    int limit = 50, offset = 0;
    if (!parseBoundedInt(request, QStringLiteral("limit"), 1, 200, &limit)
        || !parseBoundedInt(request, QStringLiteral("offset"), 0, 10000000, &offset)) {
        reply.send(HttpResponse::error(400, QStringLiteral("bad_request"),
                                       QStringLiteral("limit must be 1-200 and offset 0 or more")));
        return;
    }
    const QString q = request.query.queryItemValue(QStringLiteral("q"), QUrl::FullyDecoded).trimmed();
    if (q.size() > maxTitleLength) {
        reply.send(HttpResponse::error(400, QStringLiteral("bad_request"),
                                       QStringLiteral("q must be at most %1 characters").arg(maxTitleLength)));
        return;
    }
    Database &db = m_services.database;
    asOperator(request, reply, OperatorRole::Editor, [&db, limit, offset, q](const Operator &) {
        KbStore store(db);
        // KbStore has no paged query yet: the whole table is read and filtered here.
        QList<KbDocument> matching;
        for (KbDocument &doc : store.all()) {
            if (q.isEmpty() || doc.title.contains(q, Qt::CaseInsensitive))
                matching.append(std::move(doc));
        }
        QJsonArray documents;
        for (qsizetype i = offset; i < matching.size() && i < qsizetype(offset) + limit; ++i) {
            const KbDocument &doc = matching.at(i);
            documents.append(documentJson(doc, false, int(store.chunks(doc.id).size())));
        }
        return HttpResponse::json({{QStringLiteral("documents"), documents},
                                   {QStringLiteral("total"), int(matching.size())},
                                   {QStringLiteral("limit"), limit},
                                   {QStringLiteral("offset"), offset}});
    });
}

void KbController::createDocument(const HttpRequest &request, const HttpReply &reply)
{
    asOperator(request, reply, OperatorRole::Editor, [this, request](const Operator &op) {
        return saveDocument(request, QString(), op);
    });
}

void KbController::putDocument(const HttpRequest &request, const HttpReply &reply)
{
    const QString docId = request.param(QStringLiteral("doc_id"));
    asOperator(request, reply, OperatorRole::Editor, [this, request, docId](const Operator &op) {
        return saveDocument(request, docId, op);
    });
}

HttpResponse KbController::saveDocument(const HttpRequest &request, const QString &pathId, const Operator &op)
{
    const bool createOnly = pathId.isEmpty();
    // Parsed here on a worker, not on the I/O thread: the body may be megabytes.
    const JsonBody body = readJsonBody(request);
    if (body.error)
        return *body.error;
    json::Reader reader(body.object);
    const std::optional<QString> bodyId = reader.optionalString(QStringLiteral("doc_id"));
    const std::optional<QString> givenTitle = reader.optionalString(QStringLiteral("title"));
    const std::optional<QString> givenUrl = reader.optionalString(QStringLiteral("url"));
    const QString text = reader.string(QStringLiteral("text"));
    QString format = reader.string(QStringLiteral("format"));
    const std::optional<QString> givenSource = reader.optionalString(QStringLiteral("source"));
    const bool channelsGiven = !body.object.value(QStringLiteral("allowed_channels")).isNull()
                               && body.object.contains(QStringLiteral("allowed_channels"));
    const QStringList givenChannels = reader.stringList(QStringLiteral("allowed_channels"));
    if (!reader.ok())
        return HttpResponse::error(400, QStringLiteral("bad_request"), reader.error());

    // Id: the path's, or the body's, or made from the title below.
    QString docId = pathId;
    if (!pathId.isEmpty()) {
        if (!isValidDocId(pathId))
            return invalid(QStringLiteral("invalid_doc_id"),
                           QStringLiteral("doc_id must match ^[a-z0-9][a-z0-9._-]{0,127}$"));
        if (bodyId && !bodyId->isEmpty() && *bodyId != pathId)
            return invalid(QStringLiteral("doc_id_mismatch"),
                           QStringLiteral("the body's doc_id differs from the one in the path"));
    } else if (bodyId && !bodyId->isEmpty()) {
        if (!isValidDocId(*bodyId))
            return invalid(QStringLiteral("invalid_doc_id"),
                           QStringLiteral("doc_id must match ^[a-z0-9][a-z0-9._-]{0,127}$"));
        docId = *bodyId;
    }

    if (format.isEmpty())
        format = kMarkdown;
    if (format != kMarkdown && format != kHtml && format != kText)
        return invalid(QStringLiteral("invalid_format"), QStringLiteral("format must be one of markdown, html, text"));

    // Text: size first (the 5 MB file limit of imports), then content.
    if (text.size() > maxTextBytes / 3 && text.toUtf8().size() > maxTextBytes)
        return HttpResponse::error(413, QStringLiteral("text_too_large"),
                                   QStringLiteral("text exceeds %1 MB").arg(maxTextBytes / (1024 * 1024)));
    if (text.trimmed().isEmpty())
        return invalid(QStringLiteral("empty_text"), QStringLiteral("text is required"));
    if (const std::optional<HttpResponse> problem = textProblem(text))
        return *problem;

    KbDocument doc;
    doc.id = docId;
    doc.text = text;
    doc.format = format;
    if (givenTitle) {
        doc.title = givenTitle->simplified();
        if (doc.title.isEmpty())
            return invalid(QStringLiteral("invalid_title"), QStringLiteral("title must not be empty"));
    } else if (format != kText) {
        // No title given: the Markdown's front matter or first "# " heading, or
        // the page's <title> or first <h1>, as an import would read it.
        QString parseError;
        const std::optional<KbDocument> parsed =
            kb::parseDocument(docId.isEmpty() ? QStringLiteral("draft") : docId, QString(), text, format, QString(), &parseError);
        if (parsed && !parsed->title.trimmed().isEmpty()) {
            doc.title = parsed->title.simplified();
            if (format == kMarkdown) {
                doc.text = parsed->text; // without front matter and the title heading
                if (!givenUrl)
                    doc.url = parsed->url;
                if (!channelsGiven)
                    doc.allowedChannels = parsed->allowedChannels;
            }
        }
    }
    if (doc.title.size() > maxTitleLength)
        return invalid(QStringLiteral("title_too_long"),
                       QStringLiteral("title must be at most %1 characters").arg(maxTitleLength));
    if (!checkText(doc.title).isEmpty())
        return invalid(QStringLiteral("invalid_title"), QStringLiteral("title %1").arg(checkText(doc.title)));

    if (givenUrl)
        doc.url = givenUrl->trimmed();
    if (!doc.url.isEmpty() && !isHttpUrl(doc.url))
        return invalid(QStringLiteral("invalid_url"), QStringLiteral("url must be an absolute http(s) URL"));

    if (channelsGiven)
        doc.allowedChannels = givenChannels;
    const QStringList known = kb::knownChannels();
    QStringList channels;
    for (const QString &channel : std::as_const(doc.allowedChannels)) {
        if (!known.contains(channel))
            return invalid(QStringLiteral("unknown_channel"),
                           QStringLiteral("unknown channel '%1' in allowed_channels (allowed: %2)")
                               .arg(channel.left(40), known.join(QStringLiteral(", "))));
        if (!channels.contains(channel))
            channels.append(channel);
    }
    doc.allowedChannels = channels;

    if (givenSource && (givenSource->size() > kMaxSourceLength || !checkText(*givenSource).isEmpty()))
        return invalid(QStringLiteral("invalid_source"),
                       QStringLiteral("source must be at most %1 characters of text").arg(kMaxSourceLength));

    if (kb::sectionsOf(doc).isEmpty())
        return invalid(QStringLiteral("no_visible_text"),
                       QStringLiteral("the %1 has no visible text").arg(format == kText ? QStringLiteral("text") : format));
    if (doc.title.isEmpty())
        return invalid(QStringLiteral("title_required"),
                       format == kText ? QStringLiteral("title is required")
                                       : QStringLiteral("title is required (or a title in the text: a \"# \" heading, <title> or <h1>)"));
    if (doc.id.isEmpty())
        doc.id = generatedDocId(doc.title);

    QMutexLocker locker(&m_writeMutex);
    KbStore store(m_services.database);
    const std::optional<KbDocument> existing = store.find(doc.id);
    if (existing && createOnly)
        return HttpResponse::error(409, QStringLiteral("conflict"),
                                   QStringLiteral("document '%1' exists; PUT /admin/agent/kb/%1 replaces it").arg(doc.id));
    doc.source = givenSource ? *givenSource
                             : existing && !existing->source.isEmpty() ? existing->source : QStringLiteral("api");
    doc.updatedAt = QDateTime::currentMSecsSinceEpoch();
    QString saveError;
    if (!m_services.kb.save(doc, &saveError)) {
        qCWarning(lcKbApi) << "saving document" << doc.id << "for" << op.username << "failed:" << saveError;
        return HttpResponse::error(503, QStringLiteral("unavailable"),
                                   QStringLiteral("the document could not be indexed and stored; nothing was changed"))
            .withHeader("Retry-After", "1");
    }
    const int chunkCount = int(store.chunks(doc.id).size());
    locker.unlock();
    qCInfo(lcKbApi) << (existing ? "replaced" : "created") << "document" << doc.id << "by" << op.username;
    HttpResponse response = HttpResponse::json(documentJson(doc, false, chunkCount), existing ? 200 : 201);
    if (!existing)
        response.withHeader("Location", (QString::fromLatin1(pathPrefix) + QLatin1Char('/') + doc.id).toUtf8());
    return response;
}

void KbController::getDocument(const HttpRequest &request, const HttpReply &reply)
{
    const QString docId = request.param(QStringLiteral("doc_id"));
    Database &db = m_services.database;
    asOperator(request, reply, OperatorRole::Editor, [&db, docId](const Operator &) {
        if (!isValidDocId(docId))
            return documentNotFound();
        KbStore store(db);
        const std::optional<KbDocument> doc = store.find(docId);
        if (!doc)
            return documentNotFound();
        const QList<KbChunk> chunks = store.chunks(docId);
        QJsonArray chunkList;
        for (const KbChunk &chunk : chunks)
            chunkList.append(QJsonObject{{QStringLiteral("chunk_id"), chunk.id},
                                         {QStringLiteral("ordinal"), chunk.ordinal},
                                         {QStringLiteral("section"), chunk.section},
                                         {QStringLiteral("token_count"), chunk.tokenCount}});
        QJsonObject object = documentJson(*doc, true, int(chunks.size()));
        object.insert(QStringLiteral("chunks"), chunkList);
        return HttpResponse::json(object);
    });
}

void KbController::deleteDocument(const HttpRequest &request, const HttpReply &reply)
{
    const QString docId = request.param(QStringLiteral("doc_id"));
    asOperator(request, reply, OperatorRole::Editor, [this, docId](const Operator &op) {
        if (!isValidDocId(docId))
            return documentNotFound();
        QMutexLocker locker(&m_writeMutex);
        if (!KbStore(m_services.database).find(docId))
            return documentNotFound();
        if (!m_services.kb.remove(docId))
            return HttpResponse::error(503, QStringLiteral("unavailable"),
                                       QStringLiteral("the document could not be removed, please retry"))
                .withHeader("Retry-After", "1");
        qCInfo(lcKbApi) << "deleted document" << docId << "by" << op.username;
        return HttpResponse::noContent();
    });
}

void KbController::preview(const HttpRequest &request, const HttpReply &reply)
{
    KbIndex &index = m_services.kbIndex;
    asOperator(request, reply, OperatorRole::Editor, [&index, request](const Operator &) {
        const JsonBody body = readJsonBody(request);
        if (body.error)
            return *body.error;
        json::Reader reader(body.object);
        const QString query = reader.string(QStringLiteral("query"), true);
        const std::optional<QString> channel = reader.optionalString(QStringLiteral("channel"));
        const qint64 topK = reader.integer(QStringLiteral("top_k"), false, kDefaultTopK);
        if (!reader.ok())
            return HttpResponse::error(400, QStringLiteral("bad_request"), reader.error());
        if (query.size() > maxQueryLength)
            return invalid(QStringLiteral("query_too_long"),
                           QStringLiteral("query must be at most %1 characters").arg(maxQueryLength));
        if (const QString problem = checkText(query); !problem.isEmpty())
            return invalid(QStringLiteral("invalid_query"), QStringLiteral("query %1").arg(problem));
        const QStringList known = kb::knownChannels();
        const QString searchChannel = channel && !channel->isEmpty() ? *channel : QStringLiteral("web");
        if (!known.contains(searchChannel))
            return invalid(QStringLiteral("unknown_channel"),
                           QStringLiteral("channel must be one of: %1").arg(known.join(QStringLiteral(", "))));
        if (topK < 1 || topK > maxTopK)
            return invalid(QStringLiteral("invalid_top_k"), QStringLiteral("top_k must be 1-%1").arg(maxTopK));

        QJsonArray results;
        if (!query.trimmed().isEmpty()) {
            const QList<KbHit> hits = index.search(query, KbSearchOptions{int(topK), searchChannel, false});
            int rank = 0;
            for (const KbHit &hit : hits) {
                results.append(QJsonObject{
                    {QStringLiteral("rank"), ++rank},
                    {QStringLiteral("chunk_id"), hit.chunkId},
                    {QStringLiteral("doc_id"), hit.docId},
                    {QStringLiteral("title"), hit.title},
                    {QStringLiteral("section"), hit.section},
                    {QStringLiteral("url"), hit.url},
                    {QStringLiteral("snippet"), hit.snippet},
                    {QStringLiteral("score"), hit.score},
                    // null where that ranking did not find the chunk
                    {QStringLiteral("bm25"), hit.lexicalRank > 0 ? QJsonValue(hit.lexicalScore) : QJsonValue()},
                    {QStringLiteral("bm25_rank"), rankOrNull(hit.lexicalRank)},
                    {QStringLiteral("vector"), hit.vectorRank > 0 ? QJsonValue(hit.vectorScore) : QJsonValue()},
                    {QStringLiteral("vector_rank"), rankOrNull(hit.vectorRank)},
                    {QStringLiteral("coverage"), hit.coverage},
                });
            }
        }
        return HttpResponse::json({{QStringLiteral("results"), results},
                                   {QStringLiteral("channel"), searchChannel},
                                   {QStringLiteral("top_k"), int(topK)}});
    });
}

void KbController::rebuild(const HttpRequest &request, const HttpReply &reply)
{
    // Only authentication runs on a worker; the rebuild itself goes to KbJobs' own thread.
    asOperator(request, reply, OperatorRole::Editor, [this](const Operator &op) {
        bool started = false;
        const KbJob job = m_jobs->startRebuild(&started);
        if (started)
            qCInfo(lcKbApi) << "index rebuild" << job.id << "started by" << op.username;
        return HttpResponse::json({{QStringLiteral("job"), job.toJson()}}, 202)
            .withHeader("Location", (QString::fromLatin1(pathPrefix) + QStringLiteral("/jobs/") + job.id).toUtf8());
    });
}

void KbController::getJob(const HttpRequest &request, const HttpReply &reply)
{
    const QString jobId = request.param(QStringLiteral("id"));
    asOperator(request, reply, OperatorRole::Editor, [this, jobId](const Operator &) {
        const std::optional<KbJob> job = looksLikeUuid(jobId) ? m_jobs->find(jobId) : std::nullopt;
        if (!job)
            return HttpResponse::error(404, QStringLiteral("not_found"), QStringLiteral("no such job"));
        return HttpResponse::json({{QStringLiteral("job"), job->toJson()}});
    });
}

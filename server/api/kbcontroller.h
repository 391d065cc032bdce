#pragma once
#include "apicontroller.h"

#include "kb/documentloader.h"

#include <QMutex>
#include <memory>

class KbJobs;

// The knowledge-base admin API for the console (/admin/agent/kb): list,
// create, read, replace and delete documents, preview retrieval with both
// rankings' scores, and rebuild the search index as a background job. Every
// route needs the editor role. Each edit re-indexes its document before the
// answer goes out (KbService::save), so the next search sees it.
class KbController : public ApiController
{
public:
    static constexpr const char *pathPrefix = "/admin/agent/kb";
    // A 5 MB document plus its JSON (escapes, other fields): what the
    // connection guard lets through on these routes for bearer requests.
    static constexpr qint64 maxBodyBytes = 6 * 1024 * 1024;
    static constexpr qint64 maxTextBytes = kb::maxFileSize; // UTF-8 bytes of `text`
    static constexpr int maxTitleLength = 300;
    static constexpr int maxQueryLength = 2000;
    static constexpr int maxTopK = 20;

    explicit KbController(Services &services);
    ~KbController() override;
    void registerRoutes(Router &router) override;

    KbJobs &jobs() { return *m_jobs; }

private:
    void listDocuments(const HttpRequest &request, const HttpReply &reply);
    void createDocument(const HttpRequest &request, const HttpReply &reply);
    void getDocument(const HttpRequest &request, const HttpReply &reply);
    void putDocument(const HttpRequest &request, const HttpReply &reply);
    void deleteDocument(const HttpRequest &request, const HttpReply &reply);
    void preview(const HttpRequest &request, const HttpReply &reply);
    void rebuild(const HttpRequest &request, const HttpReply &reply);
    void getJob(const HttpRequest &request, const HttpReply &reply);

    // On a worker: validates the body and saves the document. pathId is empty
    // for POST (create only; the id may be generated), else PUT's id.
    HttpResponse saveDocument(const HttpRequest &request, const QString &pathId, const Operator &op);

    std::unique_ptr<KbJobs> m_jobs;
    // Makes "does it exist" and the save one step, so 201/200/409 are exact
    // when two editors write the same id at once.
    QMutex m_writeMutex;
};

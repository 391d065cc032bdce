#include "support/apiclient.h"
#include "support/eventwait.h"
#include "support/rawhttpclient.h"
#include "support/testserver.h"

#include "kb/kbindex.h"
#include "kb/kbjobs.h"
#include "store/database.h"
#include "store/kbstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSemaphore>
#include <QTest>
#include <QThread>
#include <atomic>
#include <memory>
#include <stdexcept>
#include <tuple>

namespace {

const QString kPassword = QStringLiteral("correct horse battery");
const QString kBase = QStringLiteral("/admin/agent/kb");

QByteArray toBytes(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject document(const QString &title, const QString &text, const QString &format = QStringLiteral("markdown"))
{
    return {{QStringLiteral("title"), title}, {QStringLiteral("text"), text}, {QStringLiteral("format"), format}};
}

QJsonObject with(QJsonObject object, const QString &key, const QJsonValue &value)
{
    object.insert(key, value);
    return object;
}

QJsonObject without(QJsonObject object, const QString &key)
{
    object.remove(key);
    return object;
}

QStringList docIdsOf(const QJsonArray &results)
{
    QStringList ids;
    for (const QJsonValue &value : results)
        ids.append(value.toObject().value(QStringLiteral("doc_id")).toString());
    return ids;
}

bool isUuid(const QString &text)
{
    static const QRegularExpression uuid(
        QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
    return uuid.match(text).hasMatch();
}

// About `words` words of ordinary prose, with `marker` in the middle.
QString prose(int words, const QString &marker)
{
    static const QStringList vocabulary = {
        QStringLiteral("the"),    QStringLiteral("tent"),    QStringLiteral("keeps"),  QStringLiteral("rain"),
        QStringLiteral("out"),    QStringLiteral("when"),    QStringLiteral("pitched"), QStringLiteral("tightly"),
        QStringLiteral("and"),    QStringLiteral("seams"),   QStringLiteral("are"),    QStringLiteral("sealed"),
        QStringLiteral("before"), QStringLiteral("a"),       QStringLiteral("long"),   QStringLiteral("trip"),
        QStringLiteral("through"), QStringLiteral("wet"),    QStringLiteral("hills"),  QStringLiteral("walkers")};
    QString text;
    text.reserve(words * 7);
    for (int i = 0; i < words; ++i) {
        text += i == words / 2 ? marker : vocabulary.at((i * 7 + i / 20) % vocabulary.size());
        text += (i % 15 == 14) ? QStringLiteral(". ") : QStringLiteral(" ");
        if (i % 120 == 119)
            text += QStringLiteral("\n\n");
    }
    return text;
}

} // namespace

// The knowledge-base admin API (/admin/agent/kb), black-box over HTTP, plus
// KbJobs on its own. Runs on SQLite and, as tst_kbapi_postgres, on PostgreSQL.
class TestKbApi : public QObject
{
    Q_OBJECT

private:
    HttpResult call(const QByteArray &method, const QString &path, const QByteArray &body = {},
                    const QString &token = QString(), const QByteArray &contentType = "application/json")
    {
        const ApiClient::Headers headers = token.isEmpty() ? ApiClient::Headers{} : ApiClient::bearer(token);
        return ApiClient::finish(m_client->start(method, path, body, headers, contentType), 60000);
    }
    HttpResult editor(const QByteArray &method, const QString &path, const QJsonObject &body = {})
    {
        return call(method, path, body.isEmpty() ? QByteArray() : toBytes(body), m_editorToken);
    }
    HttpResult preview(const QString &query, const QString &channel = QStringLiteral("web"), int topK = 8)
    {
        return editor("POST", kBase + QStringLiteral("/preview"),
                      {{QStringLiteral("query"), query}, {QStringLiteral("channel"), channel}, {QStringLiteral("top_k"), topK}});
    }
    QStringList previewDocIds(const QString &query, const QString &channel = QStringLiteral("web"))
    {
        const HttpResult result = preview(query, channel);
        if (result.status != 200)
            return {QStringLiteral("<status %1>").arg(result.status)};
        return docIdsOf(result.json().value(QStringLiteral("results")).toArray());
    }
    QJsonObject waitForJob(const QString &id, int timeoutMs = 60000)
    {
        QJsonObject job;
        waitUntil(
            [&] {
                job = editor("GET", kBase + QStringLiteral("/jobs/") + id).json().value(QStringLiteral("job")).toObject();
                const QString status = job.value(QStringLiteral("status")).toString();
                return status == QLatin1String("done") || status == QLatin1String("failed");
            },
            timeoutMs);
        return job;
    }
    Database &database() { return m_server->app().runtime().database(); }

    std::unique_ptr<TestServer> m_server;
    std::unique_ptr<ApiClient> m_client;
    QString m_agentToken;
    QString m_editorToken;
    QString m_adminToken;
    int m_bundledCount = 0;

private slots:
    void initTestCase()
    {
        m_server = std::make_unique<TestServer>();
        START_TEST_SERVER(*m_server);
        QVERIFY(m_server->addOperator(QStringLiteral("agent.ana"), OperatorRole::Agent, kPassword));
        QVERIFY(m_server->addOperator(QStringLiteral("editor.eve"), OperatorRole::Editor, kPassword));
        QVERIFY(m_server->addOperator(QStringLiteral("admin.ada"), OperatorRole::Admin, kPassword));
        m_client = std::make_unique<ApiClient>(m_server->port());
        m_agentToken = m_client->login(QStringLiteral("agent.ana"), kPassword);
        m_editorToken = m_client->login(QStringLiteral("editor.eve"), kPassword);
        m_adminToken = m_client->login(QStringLiteral("admin.ada"), kPassword);
        QVERIFY(!m_agentToken.isEmpty() && !m_editorToken.isEmpty() && !m_adminToken.isEmpty());
        m_bundledCount = KbStore(database()).count();
        QVERIFY(m_bundledCount > 10);

        // A document the validation rows try to overwrite: it must survive every one.
        const HttpResult stable = editor("PUT", kBase + QStringLiteral("/stable-doc"),
                                         document(QStringLiteral("Platypus feeding times"),
                                                  QStringLiteral("The platypus in our shop window is fed at noon every day.")));
        QCOMPARE(stable.status, 201);
    }

    void cleanupTestCase()
    {
        m_client.reset();
        m_server.reset();
    }

    // --- access --------------------------------------------------------------------------------------

    void everyRouteNeedsTheEditorRole_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        const QByteArray doc = toBytes(document(QStringLiteral("Access check"), QStringLiteral("Nothing to see here.")));
        QTest::newRow("list") << QByteArray("GET") << kBase << QByteArray();
        QTest::newRow("create") << QByteArray("POST") << kBase << doc;
        QTest::newRow("read") << QByteArray("GET") << kBase + QStringLiteral("/stable-doc") << QByteArray();
        QTest::newRow("replace") << QByteArray("PUT") << kBase + QStringLiteral("/stable-doc") << doc;
        QTest::newRow("delete") << QByteArray("DELETE") << kBase + QStringLiteral("/stable-doc") << QByteArray();
        QTest::newRow("preview") << QByteArray("POST") << kBase + QStringLiteral("/preview")
                                 << toBytes({{QStringLiteral("query"), QStringLiteral("platypus")}});
        QTest::newRow("rebuild") << QByteArray("POST") << kBase + QStringLiteral("/rebuild") << QByteArray();
        QTest::newRow("job") << QByteArray("GET") << kBase + QStringLiteral("/jobs/00000000-0000-4000-8000-000000000000")
                             << QByteArray();
    }

    void everyRouteNeedsTheEditorRole()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        const QStringList before = docIdsOf(editor("GET", kBase + QStringLiteral("?limit=200")).json()
                                                .value(QStringLiteral("documents")).toArray());

        HttpResult result = call(method, path, body);
        QCOMPARE(result.status, 401);
        QCOMPARE(result.errorCode(), QStringLiteral("unauthorized"));
        QCOMPARE(result.header("WWW-Authenticate"), QByteArray("Bearer"));
        result = call(method, path, body, QStringLiteral("not-a-session-token"));
        QCOMPARE(result.status, 401);
        result = call(method, path, body, m_agentToken);
        QCOMPARE(result.status, 403);
        QCOMPARE(result.errorCode(), QStringLiteral("forbidden"));
        QVERIFY(result.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString().contains(
            QStringLiteral("editor")));

        // Refused requests changed nothing.
        const HttpResult stable = editor("GET", kBase + QStringLiteral("/stable-doc"));
        QCOMPARE(stable.status, 200);
        QCOMPARE(stable.json().value(QStringLiteral("title")).toString(), QStringLiteral("Platypus feeding times"));
        QCOMPARE(docIdsOf(editor("GET", kBase + QStringLiteral("?limit=200")).json().value(QStringLiteral("documents")).toArray()),
                 before);

        // The admin role is above editor. (Writes are checked by the route tests below.)
        if (method == "GET") {
            result = call(method, path, body, m_adminToken);
            QVERIFY2(result.status == 200 || result.status == 404, result.body.constData());
        }
    }

    // --- documents -----------------------------------------------------------------------------------

    void listPagesAndFilters()
    {
        HttpResult result = editor("GET", kBase);
        QCOMPARE(result.status, 200);
        QJsonObject body = result.json();
        const int total = body.value(QStringLiteral("total")).toInt();
        QCOMPARE(total, KbStore(database()).count());
        const QJsonArray firstPage = body.value(QStringLiteral("documents")).toArray();
        QCOMPARE(firstPage.size(), qMin(total, 50));
        for (const QJsonValue &value : firstPage) {
            const QJsonObject doc = value.toObject();
            QVERIFY(!doc.contains(QStringLiteral("text")));
            QVERIFY(!doc.value(QStringLiteral("doc_id")).toString().isEmpty());
            QVERIFY(!doc.value(QStringLiteral("title")).toString().isEmpty());
            QVERIFY2(doc.value(QStringLiteral("chunk_count")).toInt() >= 1, qPrintable(doc.value(QStringLiteral("doc_id")).toString()));
        }

        const QStringList all = docIdsOf(editor("GET", kBase + QStringLiteral("?limit=200")).json()
                                              .value(QStringLiteral("documents")).toArray());
        QCOMPARE(all.size(), total);
        result = editor("GET", kBase + QStringLiteral("?limit=3&offset=2"));
        QCOMPARE(result.status, 200);
        QCOMPARE(docIdsOf(result.json().value(QStringLiteral("documents")).toArray()), all.mid(2, 3));
        QCOMPARE(result.json().value(QStringLiteral("total")).toInt(), total);
        result = editor("GET", kBase + QStringLiteral("?offset=100000"));
        QCOMPARE(result.status, 200);
        QVERIFY(result.json().value(QStringLiteral("documents")).toArray().isEmpty());

        // q: a case-insensitive title substring.
        result = editor("GET", kBase + QStringLiteral("?q=pLaTyPuS%20FEEDING"));
        QCOMPARE(result.status, 200);
        QCOMPARE(docIdsOf(result.json().value(QStringLiteral("documents")).toArray()), QStringList{QStringLiteral("stable-doc")});
        QCOMPARE(result.json().value(QStringLiteral("total")).toInt(), 1);
        result = editor("GET", kBase + QStringLiteral("?q=no%20title%20has%20this"));
        QCOMPARE(result.json().value(QStringLiteral("total")).toInt(), 0);
        // Text is not searched by q, only titles ("noon" is in stable-doc's text).
        QCOMPARE(editor("GET", kBase + QStringLiteral("?q=noon")).json().value(QStringLiteral("total")).toInt(), 0);

        for (const QString &bad : {QStringLiteral("limit=0"), QStringLiteral("limit=201"), QStringLiteral("limit=ten"),
                                   QStringLiteral("offset=-1"), QStringLiteral("q=") + QString(301, QLatin1Char('x'))}) {
            result = editor("GET", kBase + QLatin1Char('?') + bad);
            QVERIFY2(result.status == 400, qPrintable(bad));
            QCOMPARE(result.errorCode(), QStringLiteral("bad_request"));
        }
        QCOMPARE(editor("GET", kBase + QStringLiteral("?limit=200")).status, 200);
        QCOMPARE(editor("GET", kBase + QStringLiteral("?limit=1")).json().value(QStringLiteral("documents")).toArray().size(), 1);
    }

    void createReadConflict()
    {
        const QJsonObject body = with(with(document(QStringLiteral("Wombat burrow etiquette"),
                                                    QStringLiteral("# Wombat burrow etiquette\n\nNever block a wombat burrow.\n\n"
                                                                   "## Visiting hours\n\nWombats receive visitors after dusk.")),
                                           QStringLiteral("doc_id"), QStringLiteral("wombat-etiquette")),
                                      QStringLiteral("allowed_channels"), QJsonArray{QStringLiteral("web"), QStringLiteral("email")});
        HttpResult result = editor("POST", kBase, with(body, QStringLiteral("url"), QStringLiteral("https://help.example/wombats")));
        QCOMPARE(result.status, 201);
        QCOMPARE(result.header("Location"), QByteArray("/admin/agent/kb/wombat-etiquette"));
        QJsonObject created = result.json();
        QCOMPARE(created.value(QStringLiteral("doc_id")).toString(), QStringLiteral("wombat-etiquette"));
        QCOMPARE(created.value(QStringLiteral("title")).toString(), QStringLiteral("Wombat burrow etiquette"));
        QCOMPARE(created.value(QStringLiteral("format")).toString(), QStringLiteral("markdown"));
        QCOMPARE(created.value(QStringLiteral("url")).toString(), QStringLiteral("https://help.example/wombats"));
        QCOMPARE(created.value(QStringLiteral("source")).toString(), QStringLiteral("api"));
        QCOMPARE(created.value(QStringLiteral("allowed_channels")).toArray(),
                 (QJsonArray{QStringLiteral("web"), QStringLiteral("email")}));
        QVERIFY(!created.value(QStringLiteral("updated_at")).toString().isEmpty());
        QVERIFY(created.value(QStringLiteral("chunk_count")).toInt() >= 1);
        QVERIFY(!created.contains(QStringLiteral("text")));

        result = editor("GET", kBase + QStringLiteral("/wombat-etiquette"));
        QCOMPARE(result.status, 200);
        const QJsonObject read = result.json();
        QCOMPARE(read.value(QStringLiteral("text")).toString(), body.value(QStringLiteral("text")).toString());
        const QJsonArray chunks = read.value(QStringLiteral("chunks")).toArray();
        QCOMPARE(chunks.size(), created.value(QStringLiteral("chunk_count")).toInt());
        QCOMPARE(read.value(QStringLiteral("chunk_count")).toInt(), chunks.size());
        const QList<KbChunk> stored = KbStore(database()).chunks(QStringLiteral("wombat-etiquette"));
        QCOMPARE(chunks.size(), stored.size());
        for (qsizetype i = 0; i < chunks.size(); ++i) {
            const QJsonObject chunk = chunks.at(i).toObject();
            QCOMPARE(chunk.value(QStringLiteral("chunk_id")).toString(), stored.at(i).id);
            QCOMPARE(chunk.value(QStringLiteral("ordinal")).toInt(), stored.at(i).ordinal);
            QCOMPARE(chunk.value(QStringLiteral("section")).toString(), stored.at(i).section);
            QVERIFY(chunk.value(QStringLiteral("token_count")).toInt() > 0);
            QVERIFY(!chunk.contains(QStringLiteral("text")) && !chunk.contains(QStringLiteral("embedding")));
        }

        // The id exists: 409, and the stored document is untouched.
        result = editor("POST", kBase, with(body, QStringLiteral("title"), QStringLiteral("Someone else's wombats")));
        QCOMPARE(result.status, 409);
        QCOMPARE(result.errorCode(), QStringLiteral("conflict"));
        QCOMPARE(editor("GET", kBase + QStringLiteral("/wombat-etiquette")).json().value(QStringLiteral("title")).toString(),
                 QStringLiteral("Wombat burrow etiquette"));

        QCOMPARE(editor("GET", kBase + QStringLiteral("/no-such-doc")).status, 404);
        QCOMPARE(editor("GET", kBase + QStringLiteral("/no-such-doc")).errorCode(), QStringLiteral("not_found"));
        QCOMPARE(editor("GET", kBase + QStringLiteral("/Not%20An%20Id")).status, 404);
    }

    void createWithoutIdOrTitle_data()
    {
        QTest::addColumn<QJsonObject>("body");
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("idPrefix");
        QTest::newRow("title given, id generated")
            << document(QStringLiteral("Café Opening Hours & Prices!"), QStringLiteral("Open daily from nine."))
            << QStringLiteral("Café Opening Hours & Prices!") << QStringLiteral("cafe-opening-hours-prices-");
        QTest::newRow("title from a Markdown heading")
            << without(document(QString(), QStringLiteral("# Kayak rental\n\nKayaks are rented by the hour.")), QStringLiteral("title"))
            << QStringLiteral("Kayak rental") << QStringLiteral("kayak-rental-");
        QTest::newRow("title from Markdown front matter")
            << without(document(QString(), QStringLiteral("---\ntitle: Snowshoe sizes\n---\n\nSnowshoes come in three sizes.")),
                       QStringLiteral("title"))
            << QStringLiteral("Snowshoe sizes") << QStringLiteral("snowshoe-sizes-");
        QTest::newRow("title from HTML <title>")
            << without(document(QString(), QStringLiteral("<html><head><title>Canoe safety</title></head>"
                                                          "<body><p>Always wear a life jacket.</p></body></html>"),
                                QStringLiteral("html")),
                       QStringLiteral("title"))
            << QStringLiteral("Canoe safety") << QStringLiteral("canoe-safety-");
        QTest::newRow("format defaults to markdown")
            << without(without(with(document(QString(), QStringLiteral("# Map reading\n\nNorth is up.")), QStringLiteral("doc_id"), QString()),
                               QStringLiteral("format")),
                       QStringLiteral("title"))
            << QStringLiteral("Map reading") << QStringLiteral("map-reading-");
        QTest::newRow("a title with no latin letters")
            << document(QStringLiteral("日本語のガイド"), QStringLiteral("Plain text body."), QStringLiteral("text"))
            << QStringLiteral("日本語のガイド") << QStringLiteral("doc-");
    }

    void createWithoutIdOrTitle()
    {
        QFETCH(QJsonObject, body);
        QFETCH(QString, title);
        QFETCH(QString, idPrefix);
        const HttpResult result = editor("POST", kBase, without(body, QStringLiteral("doc_id")));
        QVERIFY2(result.status == 201, result.body.constData());
        const QString id = result.json().value(QStringLiteral("doc_id")).toString();
        QVERIFY2(QRegularExpression(QStringLiteral("^") + QRegularExpression::escape(idPrefix) + QStringLiteral("[0-9a-f]{8}$"))
                     .match(id).hasMatch(), qPrintable(id));
        QCOMPARE(result.json().value(QStringLiteral("title")).toString(), title);
        QCOMPARE(result.json().value(QStringLiteral("format")).toString(), body.value(QStringLiteral("format")).toString(QStringLiteral("markdown")));
        QCOMPARE(editor("GET", kBase + QLatin1Char('/') + id).status, 200);
        // The same title again gets another id.
        const HttpResult again = editor("POST", kBase, without(body, QStringLiteral("doc_id")));
        QCOMPARE(again.status, 201);
        QVERIFY(again.json().value(QStringLiteral("doc_id")).toString() != id);
        QCOMPARE(editor("DELETE", kBase + QLatin1Char('/') + id).status, 204);
        QCOMPARE(editor("DELETE", kBase + QLatin1Char('/') + again.json().value(QStringLiteral("doc_id")).toString()).status, 204);
    }

    void putCreatesThenReplaces()
    {
        const QString path = kBase + QStringLiteral("/quokka-guide");
        HttpResult result = editor("PUT", path, document(QStringLiteral("Quokka guide"), QStringLiteral("Quokkas smile at hikers on the island trail.")));
        QCOMPARE(result.status, 201);
        QCOMPARE(result.json().value(QStringLiteral("doc_id")).toString(), QStringLiteral("quokka-guide"));
        const int total = editor("GET", kBase).json().value(QStringLiteral("total")).toInt();

        // The same id in the body is fine; the text is replaced.
        result = editor("PUT", path,
                        with(document(QStringLiteral("Quokka guide, revised"), QStringLiteral("Quokkas nap in the shade at midday.")),
                             QStringLiteral("doc_id"), QStringLiteral("quokka-guide")));
        QCOMPARE(result.status, 200);
        QCOMPARE(result.json().value(QStringLiteral("title")).toString(), QStringLiteral("Quokka guide, revised"));
        result = editor("GET", path);
        QCOMPARE(result.json().value(QStringLiteral("text")).toString(), QStringLiteral("Quokkas nap in the shade at midday."));
        QCOMPARE(editor("GET", kBase).json().value(QStringLiteral("total")).toInt(), total);

        // Another id in the body: the path wins, so this is refused and nothing changes.
        result = editor("PUT", path, with(document(QStringLiteral("Hijack"), QStringLiteral("Other text.")),
                                          QStringLiteral("doc_id"), QStringLiteral("other-doc")));
        QCOMPARE(result.status, 422);
        QCOMPARE(result.errorCode(), QStringLiteral("doc_id_mismatch"));
        QCOMPARE(editor("GET", path).json().value(QStringLiteral("title")).toString(), QStringLiteral("Quokka guide, revised"));
        QCOMPARE(editor("GET", kBase + QStringLiteral("/other-doc")).status, 404);
        QCOMPARE(editor("DELETE", path).status, 204);
    }

    void editIsSearchableAtOnceAndDeleteRemovesIt()
    {
        const QString path = kBase + QStringLiteral("/numbat-care");
        QVERIFY(!previewDocIds(QStringLiteral("numbat termites")).contains(QStringLiteral("numbat-care")));
        HttpResult result = editor("PUT", path, document(QStringLiteral("Numbat care"),
                                                         QStringLiteral("# Feeding\n\nA numbat eats termites, thousands every day.")));
        QCOMPARE(result.status, 201);
        // No rebuild, no wait: the next search sees it, through the API and through the index the agent uses.
        result = preview(QStringLiteral("what does a numbat eat"));
        QCOMPARE(result.status, 200);
        QJsonArray results = result.json().value(QStringLiteral("results")).toArray();
        QVERIFY(!results.isEmpty());
        QCOMPARE(results.first().toObject().value(QStringLiteral("doc_id")).toString(), QStringLiteral("numbat-care"));
        QVERIFY(results.first().toObject().value(QStringLiteral("snippet")).toString().contains(QStringLiteral("termites")));
        QCOMPARE(m_server->app().runtime().kbIndex().search(QStringLiteral("numbat termites"), 3, QStringLiteral("web")).value(0).docId,
                 QStringLiteral("numbat-care"));

        // Edited: the old words are gone from the index, the new ones are there.
        result = editor("PUT", path, document(QStringLiteral("Numbat care"),
                                              QStringLiteral("# Sleeping\n\nA numbat sleeps in a hollow log at night.")));
        QCOMPARE(result.status, 200);
        results = preview(QStringLiteral("numbat hollow log")).json().value(QStringLiteral("results")).toArray();
        QCOMPARE(results.first().toObject().value(QStringLiteral("doc_id")).toString(), QStringLiteral("numbat-care"));
        QVERIFY(results.first().toObject().value(QStringLiteral("snippet")).toString().contains(QStringLiteral("hollow log")));
        // (The vector ranking lists every chunk by similarity, so the document may
        // still come up, but no longer as a lexical match or with the old text.)
        for (const QJsonValue &value : preview(QStringLiteral("termites")).json().value(QStringLiteral("results")).toArray()) {
            const QJsonObject hit = value.toObject();
            if (hit.value(QStringLiteral("doc_id")).toString() != QLatin1String("numbat-care"))
                continue;
            QVERIFY2(hit.value(QStringLiteral("bm25")).isNull(), "the replaced text is still in the lexical index");
            QVERIFY(!hit.value(QStringLiteral("snippet")).toString().contains(QStringLiteral("termites")));
        }

        // Deleted: gone from the store, the list and every search.
        QCOMPARE(editor("DELETE", path).status, 204);
        QCOMPARE(editor("GET", path).status, 404);
        QVERIFY(KbStore(database()).chunks(QStringLiteral("numbat-care")).isEmpty());
        QVERIFY(!previewDocIds(QStringLiteral("numbat hollow log")).contains(QStringLiteral("numbat-care")));
        QVERIFY(m_server->app().runtime().kbIndex().search(QStringLiteral("numbat"), 8, QStringLiteral("web")).isEmpty()
                || m_server->app().runtime().kbIndex().search(QStringLiteral("numbat"), 8, QStringLiteral("web")).first().docId
                       != QLatin1String("numbat-care"));
        QCOMPARE(editor("GET", kBase + QStringLiteral("?q=numbat")).json().value(QStringLiteral("total")).toInt(), 0);
        result = editor("DELETE", path);
        QCOMPARE(result.status, 404);
        QCOMPARE(result.errorCode(), QStringLiteral("not_found"));
        QCOMPARE(editor("DELETE", kBase + QStringLiteral("/..%2F..%2Fetc")).status, 404);
    }

    // --- validation ----------------------------------------------------------------------------------

    void invalidDocumentsAreRefused_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("messageHas"); // a word the message must contain, or empty

        const QJsonObject goodCreate = with(document(QStringLiteral("Valid title"), QStringLiteral("Valid text about kayaks.")),
                                            QStringLiteral("doc_id"), QStringLiteral("val-doc"));
        const QJsonObject good = goodCreate;
        const QByteArray json = "application/json";
        const QString post = kBase;
        const QString put = kBase + QStringLiteral("/stable-doc");
        auto row = [&](const char *name, const QByteArray &method, const QString &path, const QJsonObject &body, int status,
                       const QString &code, const QString &messageHas = QString()) {
            QTest::newRow(name) << method << path << toBytes(body) << json << status << code << messageHas;
        };
        for (const auto &[method, path, label] : {std::tuple{QByteArray("POST"), post, "create"},
                                                  std::tuple{QByteArray("PUT"), put, "replace"}}) {
            // PUT takes its id from the path.
            const QJsonObject good = method == "PUT" ? without(goodCreate, QStringLiteral("doc_id")) : goodCreate;
            const auto name = [label = label](const char *what) {
                static QList<QByteArray> names; // newRow keeps the pointer only for the call
                names.append(QByteArray(label) + ": " + what);
                return names.last().constData();
            };
            row(name("empty title"), method, path, with(good, QStringLiteral("title"), QString()), 422, QStringLiteral("invalid_title"));
            row(name("whitespace title"), method, path, with(good, QStringLiteral("title"), QStringLiteral(" \t \n ")), 422,
                QStringLiteral("invalid_title"));
            row(name("title of 301 characters"), method, path, with(good, QStringLiteral("title"), QString(301, QLatin1Char('t'))),
                422, QStringLiteral("title_too_long"), QStringLiteral("300"));
            row(name("title with a control character"), method, path,
                with(good, QStringLiteral("title"), QStringLiteral("Bell \u0007 title")), 422, QStringLiteral("invalid_title"));
            row(name("no text"), method, path, without(good, QStringLiteral("text")), 422, QStringLiteral("empty_text"));
            row(name("empty text"), method, path, with(good, QStringLiteral("text"), QString()), 422, QStringLiteral("empty_text"));
            row(name("whitespace text"), method, path, with(good, QStringLiteral("text"), QStringLiteral("  \n\t\n ")), 422,
                QStringLiteral("empty_text"));
            row(name("text with NUL bytes"), method, path,
                with(good, QStringLiteral("text"), QStringLiteral("PK") + QChar(0) + QStringLiteral("\u0003\u0004 binary")), 422,
                QStringLiteral("binary_content"), QStringLiteral("binary"));
            row(name("unknown format"), method, path, with(good, QStringLiteral("format"), QStringLiteral("pdf")), 422,
                QStringLiteral("invalid_format"), QStringLiteral("markdown"));
            row(name("format in capitals"), method, path, with(good, QStringLiteral("format"), QStringLiteral("HTML")), 422,
                QStringLiteral("invalid_format"));
            row(name("unknown channel"), method, path,
                with(good, QStringLiteral("allowed_channels"), QJsonArray{QStringLiteral("web"), QStringLiteral("fax")}), 422,
                QStringLiteral("unknown_channel"), QStringLiteral("web, slack, email"));
            row(name("ftp url"), method, path, with(good, QStringLiteral("url"), QStringLiteral("ftp://files.example/a")), 422,
                QStringLiteral("invalid_url"));
            row(name("javascript url"), method, path, with(good, QStringLiteral("url"), QStringLiteral("javascript:alert(1)")), 422,
                QStringLiteral("invalid_url"));
            row(name("relative url"), method, path, with(good, QStringLiteral("url"), QStringLiteral("/articles/x")), 422,
                QStringLiteral("invalid_url"));
            row(name("url with spaces"), method, path, with(good, QStringLiteral("url"), QStringLiteral("https://a.example/b c")),
                422, QStringLiteral("invalid_url"));
            row(name("HTML without visible text"), method, path,
                with(with(good, QStringLiteral("format"), QStringLiteral("html")), QStringLiteral("text"),
                     QStringLiteral("<html><head><title>Only a title</title><style>p{}</style></head>"
                                    "<body><script>track()</script><!-- nothing --></body></html>")),
                422, QStringLiteral("no_visible_text"));
            row(name("Markdown of headings and rules only"), method, path,
                with(good, QStringLiteral("text"), QStringLiteral("## Heading\n\n---\n\n### Another\n\n***\n")), 422,
                QStringLiteral("no_visible_text"));
            row(name("plain text without a title"), method, path,
                without(with(good, QStringLiteral("format"), QStringLiteral("text")), QStringLiteral("title")), 422,
                QStringLiteral("title_required"));
            row(name("Markdown without a title or heading"), method, path, without(good, QStringLiteral("title")), 422,
                QStringLiteral("title_required"));
            row(name("HTML without <title> or <h1>"), method, path,
                without(with(with(good, QStringLiteral("format"), QStringLiteral("html")), QStringLiteral("text"),
                             QStringLiteral("<p>Visible words only.</p>")),
                        QStringLiteral("title")),
                422, QStringLiteral("title_required"));
            row(name("title not a string"), method, path, with(good, QStringLiteral("title"), 42), 400, QStringLiteral("bad_request"));
            row(name("channels not a list"), method, path, with(good, QStringLiteral("allowed_channels"), QStringLiteral("web")),
                400, QStringLiteral("bad_request"));
            QTest::newRow(name("malformed JSON")) << method << path << QByteArray("{\"title\":") << json << 400
                                                  << QStringLiteral("malformed_json") << QString();
            QTest::newRow(name("not JSON")) << method << path << toBytes(good) << QByteArray("text/plain") << 415
                                            << QStringLiteral("unsupported_media_type") << QString();
            QTest::newRow(name("not UTF-8")) << method << path << QByteArray("{\"title\":\"T\",\"text\":\"\xff\xfe\"}") << json
                                             << 422 << QStringLiteral("invalid_utf8") << QString();
        }
        for (const QString &id : {QStringLiteral("Upper"), QStringLiteral("-leading-dash"), QStringLiteral("_under"),
                                  QStringLiteral("a%20b"), QString(129, QLatin1Char('a'))}) {
            static QList<QByteArray> names;
            names.append("replace: invalid id in the path " + id.left(12).toUtf8());
            QTest::newRow(names.last().constData()) << QByteArray("PUT") << kBase + QLatin1Char('/') + id << toBytes(without(good, QStringLiteral("doc_id"))) << json
                                                    << 422 << QStringLiteral("invalid_doc_id") << QString();
        }
        for (const QString &id : {QStringLiteral("Upper"), QStringLiteral("-leading-dash"), QStringLiteral("../etc/passwd"),
                                  QStringLiteral("a b"), QStringLiteral("ümlaut"), QString(129, QLatin1Char('a'))}) {
            static QList<QByteArray> names;
            names.append("create: invalid doc_id " + id.left(12).toUtf8());
            QTest::newRow(names.last().constData()) << QByteArray("POST") << post << toBytes(with(good, QStringLiteral("doc_id"), id))
                                                    << json << 422 << QStringLiteral("invalid_doc_id") << QString();
        }
    }

    void invalidDocumentsAreRefused()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        QFETCH(int, status);
        QFETCH(QString, code);
        QFETCH(QString, messageHas);
        const int documentsBefore = KbStore(database()).count();

        const HttpResult result = call(method, path, body, m_editorToken, contentType);
        QVERIFY2(result.status == status, result.body.constData());
        QCOMPARE(result.errorCode(), code);
        const QString message = result.json().value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
        QVERIFY(!message.isEmpty());
        if (!messageHas.isEmpty())
            QVERIFY2(message.contains(messageHas), qPrintable(message));
        QVERIFY2(leakIn(result.body).isEmpty(), qPrintable(leakIn(result.body)));

        // Nothing stored; the previous version still served and searchable.
        QCOMPARE(KbStore(database()).count(), documentsBefore);
        QCOMPARE(editor("GET", kBase + QStringLiteral("/val-doc")).status, 404);
        const HttpResult stable = editor("GET", kBase + QStringLiteral("/stable-doc"));
        QCOMPARE(stable.status, 200);
        QCOMPARE(stable.json().value(QStringLiteral("title")).toString(), QStringLiteral("Platypus feeding times"));
        QCOMPARE(stable.json().value(QStringLiteral("text")).toString(),
                 QStringLiteral("The platypus in our shop window is fed at noon every day."));
        QCOMPARE(previewDocIds(QStringLiteral("when is the platypus fed")).value(0), QStringLiteral("stable-doc"));
    }

    void boundaryValuesAreAccepted()
    {
        // Exactly 300 characters of title, a 128-character id, http and https URLs, every channel.
        const QString id = QStringLiteral("b") + QString(127, QLatin1Char('9'));
        QJsonObject body = document(QString(300, QLatin1Char('T')), QStringLiteral("Boundary text."));
        body.insert(QStringLiteral("url"), QStringLiteral("http://help.example/boundary?x=1#y"));
        body.insert(QStringLiteral("allowed_channels"), QJsonArray{QStringLiteral("web"), QStringLiteral("slack"), QStringLiteral("email")});
        HttpResult result = editor("PUT", kBase + QLatin1Char('/') + id, body);
        QVERIFY2(result.status == 201, result.body.constData());
        QCOMPARE(result.json().value(QStringLiteral("title")).toString().size(), 300);
        QCOMPARE(editor("DELETE", kBase + QLatin1Char('/') + id).status, 204);
        result = editor("POST", kBase, with(with(body, QStringLiteral("url"), QStringLiteral("https://help.example/b")),
                                            QStringLiteral("doc_id"), QStringLiteral("0.a_b-c")));
        QVERIFY2(result.status == 201, result.body.constData());
        QCOMPARE(editor("DELETE", kBase + QStringLiteral("/0.a_b-c")).status, 204);
    }

    void malformedHtmlWithTextIsAccepted()
    {
        const QString html = QStringLiteral("<html><body><h1>Echidna spines<p>An echidna rolls <b>into a ball</i> when"
                                            " scared.<div><table><tr><td>Spines regrow</table></span></body>");
        const HttpResult result = editor("PUT", kBase + QStringLiteral("/echidna"),
                                         with(document(QStringLiteral("Echidna spines"), html, QStringLiteral("html")),
                                              QStringLiteral("url"), QStringLiteral("https://help.example/echidna")));
        QVERIFY2(result.status == 201, result.body.constData());
        QCOMPARE(editor("GET", kBase + QStringLiteral("/echidna")).json().value(QStringLiteral("text")).toString(), html);
        const QJsonArray results = preview(QStringLiteral("why does an echidna roll into a ball")).json().value(QStringLiteral("results")).toArray();
        QVERIFY(!results.isEmpty());
        QCOMPARE(results.first().toObject().value(QStringLiteral("doc_id")).toString(), QStringLiteral("echidna"));
        QVERIFY(!results.first().toObject().value(QStringLiteral("snippet")).toString().contains(QLatin1Char('<')));
        QCOMPARE(editor("DELETE", kBase + QStringLiteral("/echidna")).status, 204);
    }

    void textSizeLimit()
    {
        // About 1 MB of text: accepted, chunked, stored whole and searchable.
        const QString big = prose(200000, QStringLiteral("bilby"));
        QVERIFY(big.toUtf8().size() > 1000000);
        HttpResult result = editor("PUT", kBase + QStringLiteral("/big-doc"),
                                   document(QStringLiteral("A long guide to wet-weather walking"), big, QStringLiteral("text")));
        QVERIFY2(result.status == 201, result.body.left(300).constData());
        QVERIFY(result.json().value(QStringLiteral("chunk_count")).toInt() > 100);
        result = editor("GET", kBase + QStringLiteral("/big-doc"));
        QCOMPARE(result.status, 200);
        QCOMPARE(result.json().value(QStringLiteral("text")).toString(), big);
        QVERIFY(previewDocIds(QStringLiteral("bilby")).contains(QStringLiteral("big-doc")));
        QCOMPARE(editor("DELETE", kBase + QStringLiteral("/big-doc")).status, 204);

        // Over 5 MB of text (the body itself is within the route's limit): 413 from the controller.
        const QString tooBig(5 * 1024 * 1024 + 1, QLatin1Char('a'));
        result = editor("PUT", kBase + QStringLiteral("/stable-doc"), document(QStringLiteral("Too big"), tooBig, QStringLiteral("text")));
        QCOMPARE(result.status, 413);
        QCOMPARE(result.errorCode(), QStringLiteral("text_too_large"));
        // 5 MB in UTF-8 bytes, not characters: 1.8 M three-byte characters are 5.4 MB.
        result = editor("POST", kBase, with(document(QStringLiteral("Too big"), QString(1800000, QChar(0x20AC)), QStringLiteral("text")),
                                            QStringLiteral("doc_id"), QStringLiteral("val-doc")));
        QCOMPARE(result.status, 413);
        QCOMPARE(editor("GET", kBase + QStringLiteral("/val-doc")).status, 404);
        QCOMPARE(editor("GET", kBase + QStringLiteral("/stable-doc")).json().value(QStringLiteral("title")).toString(),
                 QStringLiteral("Platypus feeding times"));

        // A body over the route's 6 MiB: refused from its head by the connection guard.
        RawHttpClient raw(m_server->port());
        QVERIFY(raw.connectToServer());
        raw.send(RawHttpClient::request("PUT", "/admin/agent/kb/stable-doc", {},
                                        {{"Content-Type", "application/json"},
                                         {"Authorization", "Bearer " + m_editorToken.toLatin1()},
                                         {"Content-Length", QByteArray::number(6 * 1024 * 1024 + 1)}}));
        auto response = raw.readResponse();
        QVERIFY(response);
        QCOMPARE(response->status, 413);
        QCOMPARE(response->errorCode(), QStringLiteral("payload_too_large"));
        // Without a token the KB routes keep the 64 KiB of every other route, and
        // other routes keep it with a token.
        const QByteArray length = QByteArray::number(70 * 1024);
        for (const auto &[path, headers] :
             {std::pair{QByteArray("/admin/agent/kb/stable-doc"), RawHttpClient::Headers{{"Content-Length", length}}},
              std::pair{QByteArray("/api/agent/messages"),
                        RawHttpClient::Headers{{"Content-Length", length}, {"Authorization", "Bearer " + m_editorToken.toLatin1()}}}}) {
            const HttpResult refused = RawHttpClient::exchange(m_server->port(), RawHttpClient::request("POST", path, {}, headers));
            QCOMPARE(refused.status, 413);
        }
    }

    // --- preview -------------------------------------------------------------------------------------

    void previewRanksChunksWithBothScores()
    {
        HttpResult result = preview(QStringLiteral("How long does delivery take?"));
        QCOMPARE(result.status, 200);
        const QJsonArray results = result.json().value(QStringLiteral("results")).toArray();
        QVERIFY(!results.isEmpty());
        QVERIFY(results.size() <= 8);
        QCOMPARE(results.first().toObject().value(QStringLiteral("doc_id")).toString(), QStringLiteral("delivery-times"));
        bool bothScores = false;
        QSet<QString> chunkIds;
        for (qsizetype i = 0; i < results.size(); ++i) {
            const QJsonObject hit = results.at(i).toObject();
            QCOMPARE(hit.value(QStringLiteral("rank")).toInt(), int(i + 1));
            for (const char *key : {"chunk_id", "doc_id", "title", "section", "url", "snippet", "score", "bm25", "bm25_rank",
                                    "vector", "vector_rank", "coverage"})
                QVERIFY2(hit.contains(QLatin1String(key)), key);
            QVERIFY(!hit.value(QStringLiteral("snippet")).toString().isEmpty());
            QVERIFY(hit.value(QStringLiteral("score")).toDouble() > 0);
            const double coverage = hit.value(QStringLiteral("coverage")).toDouble(-1);
            QVERIFY(coverage >= 0 && coverage <= 1);
            // A score and its rank are there together, or both null.
            QCOMPARE(hit.value(QStringLiteral("bm25")).isNull(), hit.value(QStringLiteral("bm25_rank")).isNull());
            QCOMPARE(hit.value(QStringLiteral("vector")).isNull(), hit.value(QStringLiteral("vector_rank")).isNull());
            QVERIFY(!hit.value(QStringLiteral("bm25")).isNull() || !hit.value(QStringLiteral("vector")).isNull());
            if (!hit.value(QStringLiteral("bm25")).isNull() && !hit.value(QStringLiteral("vector")).isNull()) {
                bothScores = true;
                QVERIFY(hit.value(QStringLiteral("bm25_rank")).toInt() >= 1);
                QVERIFY(hit.value(QStringLiteral("vector_rank")).toInt() >= 1);
                QVERIFY(hit.value(QStringLiteral("bm25")).toDouble() > 0);
                const double cosine = hit.value(QStringLiteral("vector")).toDouble();
                QVERIFY(cosine > -1.0001 && cosine < 1.0001);
            }
            chunkIds.insert(hit.value(QStringLiteral("chunk_id")).toString());
        }
        QVERIFY(bothScores);
        QCOMPARE(chunkIds.size(), results.size());

        result = preview(QStringLiteral("delivery"), QStringLiteral("web"), 20);
        QCOMPARE(result.status, 200);
        const QJsonArray many = result.json().value(QStringLiteral("results")).toArray();
        QVERIFY(many.size() > 8 && many.size() <= 20);
        QCOMPARE(preview(QStringLiteral("delivery"), QStringLiteral("web"), 3).json().value(QStringLiteral("results")).toArray().size(), 3);
        // top_k is optional (8), so is channel (web).
        result = editor("POST", kBase + QStringLiteral("/preview"), {{QStringLiteral("query"), QStringLiteral("delivery")}});
        QCOMPARE(result.status, 200);
        QCOMPARE(result.json().value(QStringLiteral("results")).toArray().size(), 8);
        QCOMPARE(result.json().value(QStringLiteral("channel")).toString(), QStringLiteral("web"));
    }

    void previewRanksChunksNotDocuments()
    {
        // Three sections of some 700 words each are three chunks, all about wallabies:
        // the preview shows each (a reply would cite the document once).
        QString text;
        for (int part = 1; part <= 3; ++part)
            text += QStringLiteral("## Part %1\n\n").arg(part) + prose(700, QStringLiteral("wallaby")) + QStringLiteral("\n\n");
        HttpResult result = editor("PUT", kBase + QStringLiteral("/wallaby-doc"), document(QStringLiteral("Walking guide"), text));
        QCOMPARE(result.status, 201);
        const int chunks = result.json().value(QStringLiteral("chunk_count")).toInt();
        QVERIFY2(chunks >= 3, qPrintable(QString::number(chunks)));
        const QStringList docs = previewDocIds(QStringLiteral("wallaby"));
        QVERIFY2(docs.count(QStringLiteral("wallaby-doc")) >= 3, qPrintable(docs.join(QLatin1Char(' '))));
        int cited = 0;
        for (const KbHit &hit : m_server->app().runtime().kbIndex().search(QStringLiteral("wallaby"), 8, QStringLiteral("web")))
            cited += hit.docId == QLatin1String("wallaby-doc") ? 1 : 0;
        QCOMPARE(cited, 1);
        QCOMPARE(editor("DELETE", kBase + QStringLiteral("/wallaby-doc")).status, 204);
    }

    void previewFiltersByChannel()
    {
        HttpResult result = editor("PUT", kBase + QStringLiteral("/slack-only"),
                                   with(document(QStringLiteral("Kookaburra alarm clock"), QStringLiteral("The kookaburra laughs at dawn.")),
                                        QStringLiteral("allowed_channels"), QJsonArray{QStringLiteral("slack")}));
        QCOMPARE(result.status, 201);
        QVERIFY(previewDocIds(QStringLiteral("kookaburra dawn"), QStringLiteral("slack")).contains(QStringLiteral("slack-only")));
        QVERIFY(!previewDocIds(QStringLiteral("kookaburra dawn"), QStringLiteral("web")).contains(QStringLiteral("slack-only")));
        QVERIFY(!previewDocIds(QStringLiteral("kookaburra dawn"), QStringLiteral("email")).contains(QStringLiteral("slack-only")));
        QCOMPARE(editor("DELETE", kBase + QStringLiteral("/slack-only")).status, 204);
    }

    void previewInput_data()
    {
        QTest::addColumn<QJsonObject>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code"); // empty: 200 with no results
        QTest::newRow("empty query") << QJsonObject{{QStringLiteral("query"), QString()}} << 200 << QString();
        QTest::newRow("whitespace query") << QJsonObject{{QStringLiteral("query"), QStringLiteral(" \n\t ")}} << 200 << QString();
        QTest::newRow("all punctuation") << QJsonObject{{QStringLiteral("query"), QStringLiteral("?!... ,;:-- (( )) \"\" ''")}} << 200
                                         << QString();
        QTest::newRow("only stop words") << QJsonObject{{QStringLiteral("query"), QStringLiteral("the and of a")}} << 200 << QString();
        QTest::newRow("10,000 characters") << QJsonObject{{QStringLiteral("query"), QString(10000, QLatin1Char('q'))}} << 422
                                           << QStringLiteral("query_too_long");
        QTest::newRow("2,001 characters") << QJsonObject{{QStringLiteral("query"), QString(2001, QLatin1Char('q'))}} << 422
                                          << QStringLiteral("query_too_long");
        QTest::newRow("unknown channel") << QJsonObject{{QStringLiteral("query"), QStringLiteral("refund")},
                                                        {QStringLiteral("channel"), QStringLiteral("fax")}}
                                         << 422 << QStringLiteral("unknown_channel");
        QTest::newRow("top_k 0") << QJsonObject{{QStringLiteral("query"), QStringLiteral("refund")}, {QStringLiteral("top_k"), 0}} << 422
                                 << QStringLiteral("invalid_top_k");
        QTest::newRow("top_k 21") << QJsonObject{{QStringLiteral("query"), QStringLiteral("refund")}, {QStringLiteral("top_k"), 21}}
                                  << 422 << QStringLiteral("invalid_top_k");
        QTest::newRow("top_k not an integer") << QJsonObject{{QStringLiteral("query"), QStringLiteral("refund")},
                                                             {QStringLiteral("top_k"), 2.5}}
                                              << 400 << QStringLiteral("bad_request");
        QTest::newRow("no query") << QJsonObject{{QStringLiteral("channel"), QStringLiteral("web")}} << 400 << QStringLiteral("bad_request");
        QTest::newRow("query with a control character") << QJsonObject{{QStringLiteral("query"), QStringLiteral("refund\u0001")}}
                                                        << 422 << QStringLiteral("invalid_query");
    }

    void previewInput()
    {
        QFETCH(QJsonObject, body);
        QFETCH(int, status);
        QFETCH(QString, code);
        const HttpResult result = editor("POST", kBase + QStringLiteral("/preview"), body);
        QVERIFY2(result.status == status, result.body.left(300).constData());
        if (status == 200) {
            QVERIFY(result.json().value(QStringLiteral("results")).isArray());
            QVERIFY(result.json().value(QStringLiteral("results")).toArray().isEmpty());
        } else {
            QCOMPARE(result.errorCode(), code);
        }
        // A long but allowed query still answers.
        QCOMPARE(preview(QString(QStringLiteral("refund ")).repeated(285)).status, 200);
    }

    // --- rebuild job ---------------------------------------------------------------------------------

    void rebuildRunsInTheBackground()
    {
        HttpResult result = editor("POST", kBase + QStringLiteral("/rebuild"));
        QCOMPARE(result.status, 202);
        QJsonObject job = result.json().value(QStringLiteral("job")).toObject();
        const QString id = job.value(QStringLiteral("id")).toString();
        QVERIFY2(isUuid(id), qPrintable(id));
        QCOMPARE(result.header("Location"), (kBase + QStringLiteral("/jobs/") + id).toUtf8());
        QVERIFY(QStringList({QStringLiteral("queued"), QStringLiteral("running"), QStringLiteral("done")})
                    .contains(job.value(QStringLiteral("status")).toString()));
        QVERIFY(job.contains(QStringLiteral("started_at")) && job.contains(QStringLiteral("finished_at")));

        job = waitForJob(id);
        QCOMPARE(job.value(QStringLiteral("status")).toString(), QStringLiteral("done"));
        QVERIFY(!job.contains(QStringLiteral("error")));
        const QDateTime started = QDateTime::fromString(job.value(QStringLiteral("started_at")).toString(), Qt::ISODateWithMs);
        const QDateTime finished = QDateTime::fromString(job.value(QStringLiteral("finished_at")).toString(), Qt::ISODateWithMs);
        QVERIFY(started.isValid() && finished.isValid() && started <= finished);
        // The rebuilt index holds every stored document and still answers.
        QCOMPARE(m_server->app().runtime().kbIndex().documentCount(), KbStore(database()).count());
        QCOMPARE(previewDocIds(QStringLiteral("when is the platypus fed")).value(0), QStringLiteral("stable-doc"));

        QCOMPARE(editor("GET", kBase + QStringLiteral("/jobs/00000000-0000-4000-8000-000000000000")).status, 404);
        QCOMPARE(editor("GET", kBase + QStringLiteral("/jobs/not-a-uuid")).status, 404);
    }

    void searchesAnswerWhileARebuildRuns()
    {
        // Hold the rebuild in the middle: one document's vectors are marked as
        // another model's, so the rebuild must re-embed and write it, and this
        // thread holds that write back (a row lock on PostgreSQL; SQLite's
        // one writer). Searches never write, so they must go on meanwhile.
        Database &db = database();
        const QString docId = QStringLiteral("stable-doc");
        QVERIFY(db.write(QStringLiteral("UPDATE kb_chunks SET embedding_model = ? WHERE doc_id = ?"),
                         {QStringLiteral("an-older-model"), docId}, "mark stale"));
        auto hold = std::make_unique<Database::Transaction>(db);
        QVERIFY(hold->ok());
        QVERIFY(db.run(QStringLiteral("UPDATE kb_docs SET title = title WHERE id = ?"), {docId}, "hold row"));

        HttpResult result = editor("POST", kBase + QStringLiteral("/rebuild"));
        QCOMPARE(result.status, 202);
        const QString id = result.json().value(QStringLiteral("job")).toObject().value(QStringLiteral("id")).toString();
        QTRY_COMPARE_WITH_TIMEOUT(editor("GET", kBase + QStringLiteral("/jobs/") + id).json().value(QStringLiteral("job")).toObject()
                                      .value(QStringLiteral("status")).toString(),
                                  QStringLiteral("running"), 20000);

        // A second request while it runs gets the same job.
        result = editor("POST", kBase + QStringLiteral("/rebuild"));
        QCOMPARE(result.status, 202);
        QCOMPARE(result.json().value(QStringLiteral("job")).toObject().value(QStringLiteral("id")).toString(), id);
        QCOMPARE(result.json().value(QStringLiteral("job")).toObject().value(QStringLiteral("status")).toString(), QStringLiteral("running"));

        // Searches from several connections at once, over HTTP and on the index from other threads.
        std::vector<std::unique_ptr<ApiClient>> clients;
        QList<QNetworkReply *> replies;
        const QByteArray body = toBytes({{QStringLiteral("query"), QStringLiteral("how long does delivery take")}});
        for (int i = 0; i < 24; ++i) {
            if (i % 6 == 0)
                clients.push_back(std::make_unique<ApiClient>(m_server->port()));
            replies.append(clients.back()->start("POST", kBase + QStringLiteral("/preview"), body, ApiClient::bearer(m_editorToken)));
        }
        std::atomic<int> indexAnswers{0};
        KbIndex &index = m_server->app().runtime().kbIndex();
        std::unique_ptr<QThread> searcher(QThread::create([&index, &indexAnswers] {
            for (int i = 0; i < 50; ++i) {
                if (!index.search(QStringLiteral("refund for a returned item"), 3, QStringLiteral("web")).isEmpty())
                    ++indexAnswers;
            }
        }));
        searcher->start();
        for (QNetworkReply *reply : std::as_const(replies)) {
            const HttpResult answer = ApiClient::finish(reply, 20000);
            QVERIFY2(answer.status == 200, answer.body.constData());
            QCOMPARE(answer.json().value(QStringLiteral("results")).toArray().first().toObject().value(QStringLiteral("doc_id")).toString(),
                     QStringLiteral("delivery-times"));
        }
        QVERIFY(searcher->wait(20000));
        QCOMPARE(indexAnswers.load(), 50);
        // All of that happened during the rebuild.
        QCOMPARE(editor("GET", kBase + QStringLiteral("/jobs/") + id).json().value(QStringLiteral("job")).toObject()
                     .value(QStringLiteral("status")).toString(),
                 QStringLiteral("running"));

        QVERIFY(hold->commit());
        hold.reset();
        const QJsonObject job = waitForJob(id);
        QCOMPARE(job.value(QStringLiteral("status")).toString(), QStringLiteral("done"));
        // The document was re-embedded with the current model, and a new request starts a new job.
        for (const KbChunk &chunk : KbStore(db).chunks(docId))
            QVERIFY(chunk.embeddingModel != QLatin1String("an-older-model"));
        QCOMPARE(previewDocIds(QStringLiteral("when is the platypus fed")).value(0), docId);
        result = editor("POST", kBase + QStringLiteral("/rebuild"));
        QCOMPARE(result.status, 202);
        const QString next = result.json().value(QStringLiteral("job")).toObject().value(QStringLiteral("id")).toString();
        QVERIFY(next != id);
        QCOMPARE(waitForJob(next).value(QStringLiteral("status")).toString(), QStringLiteral("done"));
        // Finished jobs stay readable.
        QCOMPARE(editor("GET", kBase + QStringLiteral("/jobs/") + id).json().value(QStringLiteral("job")).toObject()
                     .value(QStringLiteral("status")).toString(),
                 QStringLiteral("done"));
    }

    // --- KbJobs on its own ---------------------------------------------------------------------------

    void jobsRunOneRebuildAtATime()
    {
        QSemaphore entered, go;
        std::atomic<int> runs{0};
        std::atomic<bool> onTestThread{false};
        QThread *testThread = QThread::currentThread();
        KbJobs jobs([&](QString *) {
            ++runs;
            onTestThread = QThread::currentThread() == testThread;
            entered.release();
            go.acquire();
            return true;
        });
        bool started = false;
        const KbJob first = jobs.startRebuild(&started);
        QVERIFY(started);
        QVERIFY(isUuid(first.id));
        QCOMPARE(first.kind, QStringLiteral("rebuild_kb_index"));
        QVERIFY(first.createdAt > 0);
        QVERIFY(entered.tryAcquire(1, 10000));
        QCOMPARE(jobs.find(first.id)->status, KbJob::Status::Running);
        QVERIFY(jobs.find(first.id)->startedAt > 0);
        QCOMPARE(jobs.find(first.id)->toJson().value(QStringLiteral("finished_at")), QJsonValue(QJsonValue::Null));

        for (int i = 0; i < 3; ++i) {
            const KbJob again = jobs.startRebuild(&started);
            QVERIFY(!started);
            QCOMPARE(again.id, first.id);
        }
        go.release();
        QVERIFY(jobs.waitForIdle(10000));
        const KbJob done = *jobs.find(first.id);
        QCOMPARE(done.status, KbJob::Status::Done);
        QVERIFY(done.finishedAt >= done.startedAt);
        QCOMPARE(runs.load(), 1);
        QVERIFY(!onTestThread);

        go.release();
        const KbJob second = jobs.startRebuild(&started);
        QVERIFY(started);
        QVERIFY(second.id != first.id);
        QVERIFY(jobs.waitForIdle(10000));
        QCOMPARE(runs.load(), 2);
        QCOMPARE(jobs.recent().size(), 2);
        QCOMPARE(jobs.recent().first().id, second.id);
    }

    void failedJobsSayWhy()
    {
        int calls = 0;
        KbJobs jobs([&calls](QString *error) -> bool {
            if (++calls == 1) {
                *error = QStringLiteral("could not read the knowledge base");
                return false;
            }
            throw std::runtime_error("boom");
        });
        const KbJob failed = jobs.startRebuild();
        QVERIFY(jobs.waitForIdle(10000));
        QCOMPARE(jobs.find(failed.id)->status, KbJob::Status::Failed);
        QCOMPARE(jobs.find(failed.id)->error, QStringLiteral("could not read the knowledge base"));
        const QJsonObject json = jobs.find(failed.id)->toJson();
        QCOMPARE(json.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        QCOMPARE(json.value(QStringLiteral("error")).toString(), QStringLiteral("could not read the knowledge base"));

        const KbJob threw = jobs.startRebuild();
        QVERIFY(threw.id != failed.id); // a failed job is over: a new one starts
        QVERIFY(jobs.waitForIdle(10000));
        QCOMPARE(jobs.find(threw.id)->status, KbJob::Status::Failed);
        QCOMPARE(jobs.find(threw.id)->error, QStringLiteral("internal error"));
    }

    void onlyTheLastJobsAreKept()
    {
        KbJobs jobs([](QString *) { return true; });
        QStringList ids;
        for (int i = 0; i < KbJobs::kept + 5; ++i) {
            ids.append(jobs.startRebuild().id);
            QVERIFY(jobs.waitForIdle(10000));
        }
        QCOMPARE(QSet<QString>(ids.cbegin(), ids.cend()).size(), ids.size());
        QCOMPARE(jobs.recent().size(), KbJobs::kept);
        for (int i = 0; i < 5; ++i)
            QVERIFY(!jobs.find(ids.at(i)));
        for (int i = 5; i < ids.size(); ++i)
            QVERIFY(jobs.find(ids.at(i)));
    }
};

QTEST_GUILESS_MAIN(TestKbApi)
#include "tst_kbapi.moc"

#include "support/apiclient.h"
#include "support/eventwait.h"
#include "support/rawhttpclient.h"
#include "support/testserver.h"

#include <QDateTime>
#include <QJsonArray>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>
#include <memory>
#include <vector>

namespace {

const QString kOperator = QStringLiteral("agent.ana");
const QString kPassword = QStringLiteral("correct horse battery");

QString field(const HttpResult &result, const QString &name)
{
    return result.json().value(name).toString();
}

QString replyId(const HttpResult &result)
{
    return result.json().value(QStringLiteral("message")).toObject().value(QStringLiteral("id")).toString();
}

// One malformed request of the flood and the answers it may get (0: the
// server may just close the connection).
struct BadRequest
{
    QByteArray bytes;
    QList<int> statuses;
    bool hangUp = false; // send and close without waiting for an answer
};

} // namespace

// Many requests at once: the message rate limit, concurrent turns on one
// thread, and a flood of malformed requests that must leave no trace.
class TestApiLoad : public QObject
{
    Q_OBJECT

private:
    // The flood, in a fixed pseudo-random mix, all against a known thread.
    static QList<BadRequest> floodRequests(int count, const QString &threadId, const QString &token, const QString &messageId)
    {
        QRandomGenerator random(20240607);
        const QByteArray id = threadId.toLatin1();
        const QByteArray good = "{\"user_msg\":\"How long does delivery take?\",\"thread_id\":\"" + id + "\"}";
        const RawHttpClient::Headers json{{"Content-Type", "application/json"}};
        RawHttpClient::Headers withToken = json;
        withToken.append({"X-Thread-Token", token.toLatin1()});
        RawHttpClient::Headers wrongToken = json;
        wrongToken.append({"X-Thread-Token", "not-" + token.toLatin1()});
        const auto post = [](const QByteArray &path, const QByteArray &body, const RawHttpClient::Headers &headers) {
            return RawHttpClient::request("POST", path, body, headers);
        };
        const QByteArray messages = "/api/agent/messages";

        QList<BadRequest> requests;
        for (int i = 0; i < count; ++i) {
            BadRequest request;
            switch (i % 16) {
            case 0: // truncated somewhere
                request.bytes = post(messages, good.left(1 + random.bounded(good.size() - 1)), withToken);
                request.statuses = {400};
                break;
            case 1: { // wrong types
                static const QByteArrayList bodies = {"{\"user_msg\":42}", "{\"user_msg\":[\"hi\"]}",
                                                      "{\"user_msg\":\"hi\",\"thread_id\":{\"x\":1}}",
                                                      "{\"user_msg\":\"hi\",\"channel\":\"pigeon\"}", "[1,2,3]",
                                                      "{\"user_msg\":null}"};
                request.bytes = post(messages, bodies.at(random.bounded(bodies.size())), withToken);
                request.statuses = {400};
                break;
            }
            case 2: { // an invalid UTF-8 byte inside the message
                QByteArray body = good;
                body.insert(14 + random.bounded(10), char(0x80 + random.bounded(0x80)));
                request.bytes = post(messages, body, withToken);
                request.statuses = {422};
                break;
            }
            case 3: { // control characters, escaped
                static const QByteArrayList controls = {"\\u0000", "\\u0001", "\\u0008", "\\u001b", "\\u007f", "\\u0085", "\\ud800"};
                QByteArray body = good;
                body.insert(14, controls.at(random.bounded(controls.size())));
                request.bytes = post(messages, body, withToken);
                request.statuses = {422};
                break;
            }
            case 4: // the right token, but nothing a person typed
                request.bytes = post(messages, "{\"user_msg\":\"  \\n \",\"thread_id\":\"" + id + "\"}", withToken);
                request.statuses = {422};
                break;
            case 5: // oversize: announced only, or with part of the body
                request.bytes = post(messages, random.bounded(2) ? QByteArray(random.bounded(4096), 'a') : QByteArray(),
                                     {{"Content-Type", "application/json"},
                                      {"Content-Length", QByteArray::number(64 * 1024 + 1 + random.bounded(1 << 30))}});
                request.statuses = {413};
                break;
            case 6: { // wrong methods
                const QByteArrayList lines = {"GET /api/agent/messages", "PUT /api/agent/messages",
                                                     "DELETE /api/agent/messages", "PATCH /api/agent/feedback",
                                                     "POST /healthz", "DELETE /api/agent/thread/" + id};
                const QByteArray line = lines.at(random.bounded(lines.size()));
                const qsizetype space = line.indexOf(' ');
                request.bytes = RawHttpClient::request(line.left(space), line.mid(space + 1), {}, withToken);
                request.statuses = {405};
                break;
            }
            case 7: // unknown routes
                request.bytes = RawHttpClient::request("GET", "/api/agent/" + QByteArray::number(random.generate()));
                request.statuses = {404};
                break;
            case 8: { // garbage bytes, then hang up
                QByteArray garbage(1 + random.bounded(300), Qt::Uninitialized);
                for (char &c : garbage)
                    c = char(random.bounded(256));
                request.bytes = garbage;
                request.hangUp = true;
                break;
            }
            case 9: // a stranger's token on the known thread, for each route
                if (i % 48 == 9)
                    request.bytes = post(messages, good, wrongToken);
                else if (i % 48 == 25)
                    request.bytes = RawHttpClient::request("GET", "/api/agent/thread/" + id, {}, wrongToken);
                else
                    request.bytes = post("/api/agent/feedback",
                                         "{\"thread_id\":\"" + id + "\",\"message_id\":\"" + messageId.toLatin1()
                                             + "\",\"rating\":\"down\"}",
                                         wrongToken);
                request.statuses = {404};
                break;
            case 10: // the right token, a bad rating
                request.bytes = post("/api/agent/feedback",
                                     "{\"thread_id\":\"" + id + "\",\"message_id\":\"" + messageId.toLatin1()
                                         + "\",\"rating\":\"meh\"}",
                                     withToken);
                request.statuses = {400};
                break;
            case 11: // not JSON
                request.bytes = post(messages, "user_msg=hello", {{"Content-Type", "text/plain"}, {"X-Thread-Token", token.toLatin1()}});
                request.statuses = {415};
                break;
            case 12: // a head too large
                request.bytes = "GET /healthz HTTP/1.1\r\nX-Big: " + QByteArray(17 * 1024, 'b') + "\r\n\r\n";
                request.statuses = {431};
                break;
            case 13: // chunked
                request.bytes = "POST /api/agent/messages HTTP/1.1\r\nContent-Type: application/json\r\n"
                                "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\n0\r\n\r\n";
                request.statuses = {411};
                break;
            case 14: // a request line that is no HTTP
                request.bytes = "HELLO THERE\r\n\r\n";
                request.statuses = {0, 400};
                break;
            case 15: // too long by characters, to an existing thread
                request.bytes = post(messages,
                                     "{\"user_msg\":\"" + QByteArray(4001, 'x') + "\",\"thread_id\":\"" + id + "\"}",
                                     withToken);
                request.statuses = {422};
                break;
            }
            requests.append(request);
        }
        return requests;
    }

private slots:
    void quickMessagesAreRateLimited()
    {
        ServeOptions options = TestServer::defaultOptions();
        options.security->rateLimits = RateLimitConfig();
        options.security->rateLimits.messagesPerMinute = 6;
        TestServer server(options);
        START_TEST_SERVER(server);
        QVERIFY(server.addOperator(kOperator, OperatorRole::Agent, kPassword));
        ApiClient client(server.port());
        QString threadId, token;
        for (int i = 1; i <= 6; ++i) {
            const HttpResult result = client.sendMessage(QStringLiteral("How long does delivery take?"), threadId, token);
            QVERIFY2(result.status == 200, qPrintable(QStringLiteral("message %1: %2").arg(i).arg(result.status)));
            if (threadId.isEmpty()) {
                threadId = field(result, QStringLiteral("thread_id"));
                token = field(result, QStringLiteral("thread_token"));
            }
        }
        const HttpResult limited = client.sendMessage(QStringLiteral("And returns?"), threadId, token);
        QCOMPARE(limited.status, 429);
        QCOMPARE(limited.errorCode(), QStringLiteral("rate_limited"));
        bool ok = false;
        const int retryAfter = limited.header("Retry-After").toInt(&ok);
        QVERIFY2(ok && retryAfter >= 1 && retryAfter <= 60, limited.header("Retry-After").constData());
        // A new thread from the same client is limited just the same.
        QCOMPARE(client.sendMessage(QStringLiteral("Hello?")).status, 429);

        // Refused messages were not stored, and reading is not limited.
        const HttpResult read = client.readThread(threadId, token);
        QCOMPARE(read.status, 200);
        QCOMPARE(read.json().value(QStringLiteral("messages")).toArray().size(), 12);
        const QString operatorToken = client.login(kOperator, kPassword);
        const HttpResult threads = client.get(QStringLiteral("/admin/agent/threads"), ApiClient::bearer(operatorToken));
        QCOMPARE(threads.json().value(QStringLiteral("threads")).toArray().size(), 1);
        QCOMPARE(client.get(QStringLiteral("/healthz")).status, 200);
    }

    void concurrentMessagesToOneThreadRunInTurn()
    {
        TestServer server;
        START_TEST_SERVER(server);
        QVERIFY(server.addOperator(kOperator, OperatorRole::Agent, kPassword));
        ApiClient client(server.port());
        const HttpResult first = client.sendMessage(QStringLiteral("question start: how long does delivery take?"));
        QCOMPARE(first.status, 200);
        const QString threadId = field(first, QStringLiteral("thread_id"));
        const QString token = field(first, QStringLiteral("thread_token"));

        // Ten clients, ten connections, all sent before any answer is read.
        constexpr int kCount = 10;
        std::vector<std::unique_ptr<ApiClient>> clients;
        QList<QNetworkReply *> pending;
        for (int i = 0; i < kCount; ++i) {
            clients.push_back(std::make_unique<ApiClient>(server.port()));
            const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("thread_id"), threadId},
                                                              {QStringLiteral("user_msg"),
                                                               QStringLiteral("question %1: can I return boots?").arg(i)}})
                                        .toJson(QJsonDocument::Compact);
            pending.append(clients.back()->start("POST", QStringLiteral("/api/agent/messages"), body,
                                                 ApiClient::threadToken(token)));
        }
        QHash<QString, int> questionOfReply; // reply id -> question number
        QSet<QString> traces;
        for (int i = 0; i < kCount; ++i) {
            const HttpResult result = ApiClient::finish(pending.at(i));
            QCOMPARE(result.status, 200);
            QCOMPARE(field(result, QStringLiteral("thread_id")), threadId);
            QVERIFY(!questionOfReply.contains(replyId(result)));
            questionOfReply.insert(replyId(result), i);
            traces.insert(field(result, QStringLiteral("trace_id")));
        }
        QCOMPARE(questionOfReply.size(), kCount);
        QCOMPARE(traces.size(), kCount);

        const QString operatorToken = client.login(kOperator, kPassword);
        const HttpResult stored = client.get(QStringLiteral("/admin/agent/threads/") + threadId, ApiClient::bearer(operatorToken));
        const QJsonArray messages = stored.json().value(QStringLiteral("messages")).toArray();
        QCOMPARE(messages.size(), 2 * (1 + kCount));
        QSet<int> answered;
        QDateTime previousStart;
        for (int i = 0; i < messages.size(); i += 2) {
            const QJsonObject question = messages.at(i).toObject();
            const QJsonObject reply = messages.at(i + 1).toObject();
            QCOMPARE(question.value(QStringLiteral("role")).toString(), QStringLiteral("user"));
            QCOMPARE(reply.value(QStringLiteral("role")).toString(), QStringLiteral("assistant"));
            QCOMPARE(reply.value(QStringLiteral("trace_id")), question.value(QStringLiteral("trace_id")));
            if (i > 0) {
                // Each reply follows the very question it answered over HTTP.
                const QString replyKey = reply.value(QStringLiteral("id")).toString();
                QVERIFY(questionOfReply.contains(replyKey));
                const int number = questionOfReply.value(replyKey);
                QVERIFY(question.value(QStringLiteral("content")).toString().startsWith(
                    QStringLiteral("question %1:").arg(number)));
                answered.insert(number);
            }
            // Turns ran one after another: their traces start in stored order.
            const HttpResult trace = client.get(QStringLiteral("/admin/agent/traces/")
                                                    + question.value(QStringLiteral("trace_id")).toString(),
                                                ApiClient::bearer(operatorToken));
            const QDateTime start = QDateTime::fromString(field(trace, QStringLiteral("started_at")), Qt::ISODateWithMs);
            QVERIFY(start.isValid());
            QVERIFY(!previousStart.isValid() || start >= previousStart);
            previousStart = start;
        }
        QCOMPARE(answered.size(), kCount);
    }

    void floodOfBadRequestsChangesNothing()
    {
        TestServer server;
        START_TEST_SERVER(server);
        QVERIFY(server.addOperator(kOperator, OperatorRole::Agent, kPassword));
        ApiClient client(server.port());
        const QString operatorToken = client.login(kOperator, kPassword);
        const HttpResult first = client.sendMessage(QStringLiteral("How long does delivery take?"));
        const QString threadId = field(first, QStringLiteral("thread_id"));
        const QString token = field(first, QStringLiteral("thread_token"));
        QCOMPARE(client.sendMessage(QStringLiteral("Can I return boots?"), threadId, token).status, 200);
        QCOMPARE(client.post(QStringLiteral("/api/agent/feedback"),
                             {{QStringLiteral("thread_id"), threadId},
                              {QStringLiteral("message_id"), replyId(first)},
                              {QStringLiteral("rating"), QStringLiteral("up")}},
                             ApiClient::threadToken(token))
                     .status,
                 204);
        const auto snapshot = [&] {
            const HttpResult shopper = client.readThread(threadId, token);
            const HttpResult admin = client.get(QStringLiteral("/admin/agent/threads/") + threadId, ApiClient::bearer(operatorToken));
            const HttpResult all = client.get(QStringLiteral("/admin/agent/threads?limit=500"), ApiClient::bearer(operatorToken));
            return QList<QJsonObject>{shopper.json(), admin.json(), all.json()};
        };
        const QList<QJsonObject> before = snapshot();
        QCOMPARE(before.at(0).value(QStringLiteral("messages")).toArray().size(), 4);
        QCOMPARE(before.at(1).value(QStringLiteral("feedback")).toArray().size(), 1);

        const QList<BadRequest> requests = floodRequests(3008, threadId, token, replyId(first));
        constexpr int kBatch = 64;
        QHash<int, int> statusCounts;
        for (qsizetype start = 0; start < requests.size(); start += kBatch) {
            std::vector<std::unique_ptr<RawHttpClient>> batch;
            for (qsizetype i = start; i < qMin(start + kBatch, requests.size()); ++i) {
                batch.push_back(std::make_unique<RawHttpClient>(server.port()));
                batch.back()->open();
                batch.back()->send(requests.at(i).bytes);
                if (requests.at(i).hangUp)
                    batch.back()->disconnectFromServer();
            }
            QVERIFY2(waitUntil([&batch] {
                         for (const auto &raw : batch) {
                             if (!raw->isClosed() && !raw->hasResponse())
                                 return false;
                         }
                         return true;
                     }),
                     qPrintable(QStringLiteral("no answer in the batch from request %1").arg(start)));
            for (size_t k = 0; k < batch.size(); ++k) {
                const BadRequest &request = requests.at(start + qsizetype(k));
                const HttpResult result = batch[k]->readResponse(0).value_or(HttpResult{});
                ++statusCounts[result.status];
                if (request.hangUp)
                    continue;
                const QString context = QStringLiteral("request %1 (kind %2) got %3: %4")
                                            .arg(start + qsizetype(k))
                                            .arg((start + qsizetype(k)) % 16)
                                            .arg(result.status)
                                            .arg(QString::fromUtf8(result.body.left(200)));
                QVERIFY2(request.statuses.contains(result.status), qPrintable(context));
                if (result.status == 0)
                    continue;
                QVERIFY2(!result.errorCode().isEmpty(), qPrintable(context));
                QVERIFY2(leakIn(result.body).isEmpty(), qPrintable(context));
            }
        }
        for (int status : {200, 201, 204, 500, 502, 503})
            QVERIFY2(!statusCounts.contains(status), qPrintable(QStringLiteral("%1 answers with %2").arg(statusCounts.value(status)).arg(status)));

        QCOMPARE(client.get(QStringLiteral("/healthz")).status, 200);
        QCOMPARE(client.get(QStringLiteral("/readyz")).status, 200);
        const QList<QJsonObject> after = snapshot();
        QCOMPARE(after.at(0), before.at(0)); // the shopper's view, byte for byte
        QCOMPARE(after.at(1), before.at(1)); // thread (updated_at, counts), messages, feedback
        QCOMPARE(after.at(2), before.at(2)); // no thread was opened

        // And it still does its job.
        const HttpResult next = client.sendMessage(QStringLiteral("And how much does delivery cost?"), threadId, token);
        QCOMPARE(next.status, 200);
        QCOMPARE(client.readThread(threadId, token).json().value(QStringLiteral("messages")).toArray().size(), 6);
        QCOMPARE(client.sendMessage(QStringLiteral("How long does delivery take?")).status, 200);
    }
};

QTEST_GUILESS_MAIN(TestApiLoad)
#include "tst_apiload.moc"

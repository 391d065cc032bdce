#include "http/jsonbody.h"

#include <QJsonDocument>
#include <QTest>

namespace {

HttpRequest jsonRequest(const QByteArray &contentType, const QByteArray &body)
{
    HttpRequest request;
    request.method = "POST";
    request.path = QStringLiteral("/api/agent/messages");
    if (!contentType.isNull())
        request.headers.insert("content-type", contentType);
    request.body = body;
    return request;
}

// Builds a string from raw UTF-16 code units, valid or not.
QString utf16(std::initializer_list<char16_t> units)
{
    return QString(reinterpret_cast<const QChar *>(units.begin()), qsizetype(units.size()));
}

QString errorCode(const HttpResponse &response)
{
    return QJsonDocument::fromJson(response.body).object().value(QStringLiteral("error")).toObject().value(
        QStringLiteral("code")).toString();
}

} // namespace

// The two gates every JSON endpoint passes: readJsonBody (content type,
// encoding, syntax, shape) and checkText (what a person may type).
class TestJsonBody : public QObject
{
    Q_OBJECT

private slots:
    void readJsonBody_data()
    {
        QTest::addColumn<QByteArray>("contentType"); // null: no header at all
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status"); // 0: accepted
        QTest::addColumn<QString>("code"); // empty: any code

        const QByteArray json = "application/json";
        const QByteArray object = "{\"user_msg\":\"hello\"}";
        QTest::newRow("ok") << json << object << 0 << QString();
        QTest::newRow("charset utf-8") << QByteArray("application/json; charset=utf-8") << object << 0 << QString();
        QTest::newRow("charset UTF-8, any case, no space")
            << QByteArray("Application/JSON;Charset=UTF-8") << object << 0 << QString();
        QTest::newRow("charset quoted") << QByteArray("application/json; charset=\"utf-8\"") << object << 0 << QString();
        QTest::newRow("other parameter") << QByteArray("application/json; foo=bar") << object << 0 << QString();
        QTest::newRow("whitespace around JSON") << json << QByteArray(" \r\n{\"a\":1}\n ") << 0 << QString();

        QTest::newRow("no content type") << QByteArray() << object << 415 << "unsupported_media_type";
        QTest::newRow("empty content type") << QByteArray("") << object << 415 << "unsupported_media_type";
        QTest::newRow("text/plain") << QByteArray("text/plain") << object << 415 << "unsupported_media_type";
        QTest::newRow("form") << QByteArray("application/x-www-form-urlencoded") << QByteArray("user_msg=hi") << 415
                              << "unsupported_media_type";
        QTest::newRow("json prefix") << QByteArray("application/jsonp") << object << 415 << "unsupported_media_type";
        QTest::newRow("json suffix type") << QByteArray("application/merge-patch+json") << object << 415
                                          << "unsupported_media_type";
        QTest::newRow("charset latin1") << QByteArray("application/json; charset=iso-8859-1") << object << 415
                                        << "unsupported_media_type";
        QTest::newRow("charset utf-16") << QByteArray("application/json; charset=utf-16") << object << 415
                                        << "unsupported_media_type";
        QTest::newRow("charset latin1 after another parameter")
            << QByteArray("application/json; foo=bar; charset=iso-8859-1") << object << 415 << "unsupported_media_type";

        QTest::newRow("empty") << json << QByteArray() << 400 << "bad_request";
        QTest::newRow("only whitespace") << json << QByteArray(" \r\n\t ") << 400 << "bad_request";
        QTest::newRow("truncated") << json << QByteArray("{\"user_msg\":\"hel") << 400 << "malformed_json";
        QTest::newRow("truncated after colon") << json << QByteArray("{\"user_msg\":") << 400 << "malformed_json";
        QTest::newRow("trailing garbage") << json << QByteArray("{\"a\":1} x") << 400 << "malformed_json";
        QTest::newRow("single quotes") << json << QByteArray("{'a':1}") << 400 << "malformed_json";
        QTest::newRow("trailing comma") << json << QByteArray("{\"a\":1,}") << 400 << "malformed_json";
        // Strictly invalid JSON, but QJsonDocument takes it; checkText refuses the text afterwards.
        QTest::newRow("raw control character in a string (Qt is lenient)")
            << json << QByteArray("{\"a\":\"x\x1by\"}") << 0 << QString();
        QTest::newRow("nesting 5000 deep") << json << QByteArray(5000, '[') + QByteArray(5000, ']') << 400
                                           << "malformed_json";
        QTest::newRow("array") << json << QByteArray("[{\"user_msg\":\"hi\"}]") << 400 << "bad_request";
        // QJsonDocument 6.4 fails to parse scalar documents, so these are "malformed_json".
        QTest::newRow("number") << json << QByteArray("42") << 400 << QString();
        QTest::newRow("string") << json << QByteArray("\"hello\"") << 400 << QString();
        QTest::newRow("null") << json << QByteArray("null") << 400 << QString();
        QTest::newRow("true") << json << QByteArray("true") << 400 << QString();

        QTest::newRow("byte 0xff") << json << QByteArray("{\"user_msg\":\"\xff\"}") << 422 << "invalid_utf8";
        QTest::newRow("lone continuation byte") << json << QByteArray("{\"user_msg\":\"a\x80z\"}") << 422
                                                << "invalid_utf8";
        QTest::newRow("overlong slash") << json << QByteArray("{\"user_msg\":\"\xc0\xaf\"}") << 422 << "invalid_utf8";
        QTest::newRow("encoded surrogate") << json << QByteArray("{\"user_msg\":\"\xed\xa0\x80\"}") << 422
                                           << "invalid_utf8";
        QTest::newRow("beyond U+10FFFF") << json << QByteArray("{\"user_msg\":\"\xf4\x90\x80\x80\"}") << 422
                                         << "invalid_utf8";
        QTest::newRow("sequence cut short") << json << QByteArray("{\"user_msg\":\"\xe2\x82\"}") << 422
                                            << "invalid_utf8";
        QTest::newRow("latin1 e-acute") << json << QByteArray("{\"user_msg\":\"caf\xe9\"}") << 422 << "invalid_utf8";
        QTest::newRow("invalid bytes outside strings") << json << QByteArray("{\"a\":1}\xfe") << 422 << "invalid_utf8";
    }

    void readJsonBody()
    {
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, code);

        const JsonBody result = ::readJsonBody(jsonRequest(contentType, body));
        if (status == 0) {
            QVERIFY2(!result.error, result.error ? result.error->body.constData() : "");
            QCOMPARE(result.object, QJsonDocument::fromJson(body).object());
            return;
        }
        QVERIFY(result.error);
        QCOMPARE(result.error->status, status);
        QCOMPARE(result.error->contentType, QByteArray("application/json"));
        if (!code.isEmpty())
            QCOMPARE(errorCode(*result.error), code);
        const QJsonObject error = QJsonDocument::fromJson(result.error->body).object().value(QStringLiteral("error")).toObject();
        QVERIFY(!error.value(QStringLiteral("message")).toString().isEmpty());
    }

    void validUtf8Accepted()
    {
        // Multi-byte text in every length, and escapes that make a proper pair.
        const QByteArray body = QStringLiteral("{\"user_msg\":\"Grüße, 東京, 😀 and \\ud83d\\ude00\"}").toUtf8();
        const JsonBody result = ::readJsonBody(jsonRequest("application/json", body));
        QVERIFY(!result.error);
        QCOMPARE(result.object.value(QStringLiteral("user_msg")).toString(),
                 QStringLiteral("Grüße, 東京, 😀 and 😀"));
        QCOMPARE(::checkText(result.object.value(QStringLiteral("user_msg")).toString()), QString());
    }

    void checkText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("problem"); // empty: accepted

        const QString invalid = QStringLiteral("is not valid UTF-8");
        const QString control = QStringLiteral("contains control characters");
        QTest::newRow("plain") << QStringLiteral("Where is my parcel?") << QString();
        QTest::newRow("empty") << QString() << QString();
        QTest::newRow("tab") << QStringLiteral("a\tb") << QString();
        QTest::newRow("newline") << QStringLiteral("line one\nline two") << QString();
        QTest::newRow("CRLF") << QStringLiteral("line one\r\nline two") << QString();
        QTest::newRow("no-break space U+00A0") << QStringLiteral("a\u00a0b") << QString();
        QTest::newRow("accents and CJK") << QStringLiteral("Grüße 東京") << QString();
        QTest::newRow("emoji (surrogate pair)") << QStringLiteral("thanks 😀") << QString();
        QTest::newRow("pair at the very end") << utf16({u'x', 0xd83d, 0xde00}) << QString();

        QTest::newRow("NUL") << utf16({u'a', 0, u'b'}) << control;
        QTest::newRow("BEL") << QStringLiteral("a\u0007b") << control;
        QTest::newRow("ESC") << QStringLiteral("\u001b[31mred") << control;
        QTest::newRow("vertical tab") << QStringLiteral("a\u000bb") << control;
        QTest::newRow("form feed") << QStringLiteral("a\u000cb") << control;
        QTest::newRow("unit separator U+001F") << QStringLiteral("a\u001fb") << control;
        QTest::newRow("DEL") << QStringLiteral("a\u007fb") << control;
        QTest::newRow("C1 U+0080") << QStringLiteral("a\u0080b") << control;
        QTest::newRow("C1 NEL U+0085") << QStringLiteral("a\u0085b") << control;
        QTest::newRow("C1 U+009F") << QStringLiteral("a\u009fb") << control;

        // What QJsonDocument makes of the escape "\ud800": a lone surrogate.
        const QString loneFromJson = QJsonDocument::fromJson("{\"t\":\"a\\ud800b\"}").object().value(QStringLiteral("t")).toString();
        QTest::newRow("lone high surrogate from a JSON escape") << loneFromJson << invalid;
        QTest::newRow("lone high surrogate at the end") << utf16({u'a', 0xd800}) << invalid;
        QTest::newRow("lone low surrogate") << utf16({u'a', 0xdc00, u'b'})
                                            << invalid;
        QTest::newRow("pair in the wrong order") << utf16({0xde00, 0xd83d}) << invalid;
        QTest::newRow("two high surrogates") << utf16({0xd83d, 0xd83d, 0xde00}) << invalid;
    }

    void checkText()
    {
        QFETCH(QString, text);
        QFETCH(QString, problem);
        QCOMPARE(::checkText(text), problem);
    }

    void loneSurrogateEscapeSurvivesJsonParsing()
    {
        // The reason checkText exists: the bytes are plain ASCII, so readJsonBody
        // accepts them, and the bad code unit only appears after parsing.
        const JsonBody body = ::readJsonBody(jsonRequest("application/json", "{\"user_msg\":\"\\ud800\"}"));
        QVERIFY(!body.error);
        const QString text = body.object.value(QStringLiteral("user_msg")).toString();
        QCOMPARE(text.size(), 1);
        QCOMPARE(::checkText(text), QStringLiteral("is not valid UTF-8"));
    }
};

QTEST_GUILESS_MAIN(TestJsonBody)
#include "tst_jsonbody.moc"

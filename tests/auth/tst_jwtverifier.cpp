#include "auth/crypto.h"
#include "auth/jwtverifier.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

// The verifier against tokens minted here the way the WordPress plugin mints
// them (hash_hmac('sha256', "$header.$payload", $secret, true), base64url).
namespace {

const QByteArray kSecret = "0123456789abcdef0123456789abcdef-wordpress";
const QString kIssuer = QStringLiteral("https://shop.example");
constexpr qint64 kNow = 1790000000;

QByteArray b64(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

QByteArray part(const QJsonObject &object)
{
    return b64(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QByteArray sign(const QByteArray &signingInput, const QByteArray &secret = kSecret)
{
    return b64(QByteArray::fromHex(crypto::hmacSha256Hex(secret, signingInput).toLatin1()));
}

QByteArray mint(const QJsonObject &header, const QJsonObject &claims, const QByteArray &secret = kSecret)
{
    const QByteArray input = part(header) + '.' + part(claims);
    return input + '.' + sign(input, secret);
}

QJsonObject standardHeader()
{
    return {{QStringLiteral("alg"), QStringLiteral("HS256")}, {QStringLiteral("typ"), QStringLiteral("JWT")}};
}

// The plugin's claims: exp = iat + 300, sub the WordPress user id as a string.
QJsonObject standardClaims()
{
    return {{QStringLiteral("iss"), kIssuer},           {QStringLiteral("aud"), QStringLiteral("supportd")},
            {QStringLiteral("sub"), QStringLiteral("7")}, {QStringLiteral("email"), QStringLiteral("jane.doe@example.com")},
            {QStringLiteral("name"), QStringLiteral("Jane Doe")}, {QStringLiteral("iat"), kNow - 10},
            {QStringLiteral("exp"), kNow + 290}};
}

QJsonObject with(QJsonObject object, const QString &key, const QJsonValue &value)
{
    if (value.isUndefined())
        object.remove(key);
    else
        object.insert(key, value);
    return object;
}

JwtVerifier verifier()
{
    JwtConfig config;
    config.secret = kSecret;
    config.issuer = kIssuer;
    return JwtVerifier(config);
}

} // namespace

class TestJwtVerifier : public QObject
{
    Q_OBJECT

private slots:
    void verify_data()
    {
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<bool>("accepted");
        QTest::addColumn<QString>("reason"); // a part of the refusal's reason

        const QJsonObject h = standardHeader();
        const QJsonObject c = standardClaims();
        const auto row = [](const char *name, const QByteArray &token, bool accepted, const QString &reason = {}) {
            QTest::newRow(name) << token << accepted << reason;
        };
        row("valid", mint(h, c), true);
        row("valid without typ", mint(with(h, QStringLiteral("typ"), QJsonValue::Undefined), c), true);
        row("customer_id as number", mint(h, with(c, QStringLiteral("customer_id"), 1001)), true);
        row("aud array holding ours",
            mint(h, with(c, QStringLiteral("aud"), QJsonArray{QStringLiteral("other"), QStringLiteral("supportd")})), true);
        row("aud array without ours",
            mint(h, with(c, QStringLiteral("aud"), QJsonArray{QStringLiteral("other")})), false, QStringLiteral("audience"));
        row("wrong aud", mint(h, with(c, QStringLiteral("aud"), QStringLiteral("someone-else"))), false,
            QStringLiteral("audience"));
        row("no aud", mint(h, with(c, QStringLiteral("aud"), QJsonValue::Undefined)), false, QStringLiteral("audience"));
        row("wrong iss", mint(h, with(c, QStringLiteral("iss"), QStringLiteral("https://evil.example"))), false,
            QStringLiteral("issuer"));
        row("iss with trailing slash", mint(h, with(c, QStringLiteral("iss"), kIssuer + QLatin1Char('/'))), false,
            QStringLiteral("issuer"));
        row("bad signature (other secret)", mint(h, c, "another-secret-another-secret-another"), false,
            QStringLiteral("signature"));
        {
            QByteArray token = mint(h, c);
            token[token.size() - 5] = token.at(token.size() - 5) == 'A' ? 'B' : 'A';
            row("bad signature (flipped)", token, false, QStringLiteral("signature"));
        }
        {
            // The payload changed after signing (a customer id added).
            const QByteArray signature = mint(h, c).split('.').at(2);
            row("payload tampered",
                part(h) + '.' + part(with(c, QStringLiteral("sub"), QStringLiteral("1"))) + '.' + signature, false,
                QStringLiteral("signature"));
        }
        row("alg none", part(with(h, QStringLiteral("alg"), QStringLiteral("none"))) + '.' + part(c) + '.', false,
            QStringLiteral("algorithm"));
        row("alg none with a signature", mint(with(h, QStringLiteral("alg"), QStringLiteral("none")), c), false,
            QStringLiteral("algorithm"));
        row("alg HS512", mint(with(h, QStringLiteral("alg"), QStringLiteral("HS512")), c), false,
            QStringLiteral("algorithm"));
        row("alg RS256", mint(with(h, QStringLiteral("alg"), QStringLiteral("RS256")), c), false,
            QStringLiteral("algorithm"));
        row("alg lower case", mint(with(h, QStringLiteral("alg"), QStringLiteral("hs256")), c), false,
            QStringLiteral("algorithm"));
        row("no alg", mint(with(h, QStringLiteral("alg"), QJsonValue::Undefined), c), false, QStringLiteral("algorithm"));
        row("typ not JWT", mint(with(h, QStringLiteral("typ"), QStringLiteral("at+jwt")), c), false, QStringLiteral("typ"));
        row("crit header", mint(with(h, QStringLiteral("crit"), QJsonArray{QStringLiteral("exp")}), c), false,
            QStringLiteral("critical"));
        row("expired", mint(h, with(with(c, QStringLiteral("iat"), kNow - 400), QStringLiteral("exp"), kNow - 100)), false,
            QStringLiteral("expired"));
        row("expired within skew",
            mint(h, with(with(c, QStringLiteral("iat"), kNow - 359), QStringLiteral("exp"), kNow - 59)), true);
        row("expired just past skew",
            mint(h, with(with(c, QStringLiteral("iat"), kNow - 360), QStringLiteral("exp"), kNow - 60)), false,
            QStringLiteral("expired"));
        row("iat in the future", mint(h, with(with(c, QStringLiteral("iat"), kNow + 120), QStringLiteral("exp"), kNow + 400)),
            false, QStringLiteral("future"));
        row("iat ahead within skew",
            mint(h, with(with(c, QStringLiteral("iat"), kNow + 60), QStringLiteral("exp"), kNow + 360)), true);
        row("iat just past skew",
            mint(h, with(with(c, QStringLiteral("iat"), kNow + 61), QStringLiteral("exp"), kNow + 361)), false,
            QStringLiteral("future"));
        row("lifetime too long", mint(h, with(c, QStringLiteral("exp"), kNow - 10 + 901)), false, QStringLiteral("lifetime"));
        row("lifetime at the limit", mint(h, with(c, QStringLiteral("exp"), kNow - 10 + 900)), true);
        row("exp before iat", mint(h, with(c, QStringLiteral("exp"), kNow - 20)), false);
        row("nbf in the future", mint(h, with(c, QStringLiteral("nbf"), kNow + 120)), false, QStringLiteral("nbf"));
        row("missing exp", mint(h, with(c, QStringLiteral("exp"), QJsonValue::Undefined)), false, QStringLiteral("exp"));
        row("missing iat", mint(h, with(c, QStringLiteral("iat"), QJsonValue::Undefined)), false, QStringLiteral("iat"));
        row("exp as string", mint(h, with(c, QStringLiteral("exp"), QString::number(kNow + 290))), false,
            QStringLiteral("exp"));
        row("missing sub", mint(h, with(c, QStringLiteral("sub"), QJsonValue::Undefined)), false, QStringLiteral("sub"));
        row("sub as number", mint(h, with(c, QStringLiteral("sub"), 7)), false, QStringLiteral("sub"));
        row("missing email", mint(h, with(c, QStringLiteral("email"), QJsonValue::Undefined)), false,
            QStringLiteral("email"));
        row("empty", QByteArray(), false, QStringLiteral("malformed"));
        row("two parts", part(h) + '.' + part(c), false, QStringLiteral("malformed"));
        row("four parts", mint(h, c) + ".x", false, QStringLiteral("malformed"));
        {
            const QByteArray input = "eyJhbGciOiJIUzI1NiJ9!." + part(c);
            row("malformed base64 header", input + '.' + sign(input), false, QStringLiteral("header"));
            const QByteArray padded = part(h) + "=." + part(c);
            row("padded base64", padded + '.' + sign(padded), false, QStringLiteral("header"));
        }
        {
            const QByteArray input = b64("{\"alg\":\"HS256\"") + '.' + part(c);
            row("header not JSON", input + '.' + sign(input), false, QStringLiteral("header"));
            const QByteArray payload = part(h) + '.' + b64("[1,2,3]");
            row("payload not an object", payload + '.' + sign(payload), false, QStringLiteral("payload"));
            const QByteArray garbage = part(h) + '.' + "%%%";
            row("payload not base64", garbage + '.' + sign(garbage), false, QStringLiteral("payload"));
        }
        row("signature too short", part(h) + '.' + part(c) + '.' + b64("short"), false, QStringLiteral("signature"));
        row("oversized", mint(h, with(c, QStringLiteral("name"), QString(5000, QLatin1Char('x')))), false,
            QStringLiteral("malformed"));
    }

    void verify()
    {
        QFETCH(QByteArray, token);
        QFETCH(bool, accepted);
        QFETCH(QString, reason);
        const JwtVerifier::Result result = verifier().verify(token, kNow);
        QCOMPARE(result.user.has_value(), accepted);
        if (accepted) {
            QVERIFY(result.reason.isEmpty());
            QCOMPARE(result.user->subject, QStringLiteral("7"));
            QCOMPARE(result.user->email, QStringLiteral("jane.doe@example.com"));
        } else {
            QVERIFY2(result.reason.contains(reason, Qt::CaseInsensitive), qPrintable(result.reason));
            // The reason is safe to log: no piece of the token.
            if (token.size() > 20)
                QVERIFY(!result.reason.toLatin1().contains(token.left(20)));
        }
    }

    void claimsAreRead()
    {
        const JwtVerifier::Result result =
            verifier().verify(mint(standardHeader(), with(standardClaims(), QStringLiteral("customer_id"), 1001)), kNow);
        QVERIFY(result.user);
        QCOMPARE(result.user->name, QStringLiteral("Jane Doe"));
        QCOMPARE(result.user->customerId, QStringLiteral("1001"));
    }

    void configuredAudienceAndLifetime()
    {
        JwtConfig config;
        config.secret = kSecret;
        config.issuer = kIssuer;
        config.audience = QStringLiteral("shop-chat");
        config.maxLifetimeSeconds = 120;
        const JwtVerifier custom(config);
        QVERIFY(!custom.verify(mint(standardHeader(), standardClaims()), kNow).user); // aud supportd, lifetime 300
        QJsonObject claims = with(standardClaims(), QStringLiteral("aud"), QStringLiteral("shop-chat"));
        QCOMPARE(custom.verify(mint(standardHeader(), claims), kNow).reason, QStringLiteral("lifetime longer than 120 s"));
        claims = with(claims, QStringLiteral("exp"), kNow + 100);
        QVERIFY(custom.verify(mint(standardHeader(), claims), kNow).user);
    }

    void withoutSecretNothingVerifies()
    {
        const JwtVerifier none{JwtConfig()};
        QVERIFY(!none.enabled());
        const JwtVerifier::Result result = none.verify(mint(standardHeader(), standardClaims(), QByteArray()), kNow);
        QVERIFY(!result.user);
        QVERIFY(result.reason.contains(QStringLiteral("not configured")));
    }
};

QTEST_GUILESS_MAIN(TestJwtVerifier)
#include "tst_jwtverifier.moc"

#include "guardrails/piisanitizer.h"

#include <QElapsedTimer>
#include <QTest>

#include <atomic>
#include <thread>

namespace {

// "card:1,email:2": the counts, sorted by kind, for one-column comparison.
QString formatCounts(const QHash<QString, int> &counts)
{
    QStringList parts;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        parts.append(it.key() + QLatin1Char(':') + QString::number(it.value()));
    parts.sort();
    return parts.join(QLatin1Char(','));
}

} // namespace

class TestPiiSanitizer : public QObject
{
    Q_OBJECT

private:
    static void addColumns()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("counts");
    }

    static void row(const char *name, const QString &input, const QString &expected, const QString &counts)
    {
        QTest::newRow(name) << input << expected << counts;
    }

    // Text that must come back exactly as it went in.
    static void unchanged(const char *name, const QString &input)
    {
        QTest::newRow(name) << input << input << QString();
    }

    static void check()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QFETCH(QString, counts);
        const pii::Sanitized result = pii::sanitize(input);
        QCOMPARE(result.text, expected);
        QCOMPARE(formatCounts(result.counts), counts);
        QCOMPARE(result.changed(), !counts.isEmpty());
    }

private slots:
    void emails_data()
    {
        addColumns();
        row("plain", "write to jo@x.com please", "write to [email] please", "email:1");
        row("plus and subdomain", "Jo.Smith+shop@mail.example.co.uk", "[email]", "email:1");
        row("two, punctuation kept", "a@b.io, c.d@e-f.org.", "[email], [email].", "email:2");
        row("digits in local part", "user12345678@shop.example wrote", "[email] wrote", "email:1");
        row("unicode around and in it", "Grüße, jürgen@bücher.de 😀", "Grüße, [email] 😀", "email:1");
        row("in angle brackets", "From: Jo <jo@example.com>", "From: Jo <[email]>", "email:1");
        unchanged("at sign alone", "meet @ 5pm, @ferncliff on twitter");
        unchanged("no top-level domain", "user@localhost");
    }
    void emails() { check(); }

    void cards_data()
    {
        addColumns();
        row("visa spaced", "card 4111 1111 1111 1111 thanks", "card [card] thanks", "card:1");
        row("mastercard dashed", "5555-5555-5555-4444", "[card]", "card:1");
        row("amex plain", "amex 378282246310005.", "amex [card].", "card:1");
        row("amex grouped 4-6-5", "Amex 3782 822463 10005", "Amex [card]", "card:1");
        row("visa unspaced", "4111111111111111", "[card]", "card:1");
        row("visa 13 digits", "old card 4222222222222", "old card [card]", "card:1");
        row("discover", "6011111111111117 and 4012888888881881", "[card] and [card]", "card:2");
        row("card then a number", "4111 1111 1111 1111 2 times", "[card] 2 times", "card:1");
        row("a number then a card", "paid 2 times 4111 1111 1111 1111", "paid 2 times [card]", "card:1");
        unchanged("luhn fails", "4111 1111 1111 1112");
        unchanged("luhn fails unspaced (an order number)", "order 1234567890123456");
        unchanged("tracking number luhn fails", "tracking 370400440532013000");
        // Luhn passes, but the context says what it is.
        unchanged("order number that passes luhn", "Which email address did you use for order 113542617735902?");
        unchanged("order number is luhn-valid", "my order number is 4111111111111111");
        row("card after an order mention", "for order 100482 I paid with 4111 1111 1111 1111", "for order 100482 I paid with [card]", "card:1");
        unchanged("12 digits luhn valid", "ref 411111111117");
        unchanged("starts with zero", "0000 0000 0000 0000");
        unchanged("20 digits", "parcel 12345678901234567890");
        unchanged("glued to letters", "SKU4111111111111111X");
    }
    void cards() { check(); }

    void ibans_data()
    {
        addColumns();
        row("GB spaced", "GB82 WEST 1234 5698 7654 32", "[iban]", "iban:1");
        row("DE spaced", "IBAN DE89 3704 0044 0532 0130 00, thanks", "IBAN [iban], thanks", "iban:1");
        row("GB compact", "GB82WEST12345698765432", "[iban]", "iban:1");
        row("lower case", "iban: de89370400440532013000.", "iban: [iban].", "iban:1");
        row("NL", "NL91 ABNA 0417 1643 00", "[iban]", "iban:1");
        row("FR with a letter in the BBAN", "FR14 2004 1010 0505 0001 3M02 606", "[iban]", "iban:1");
        row("CH", "CH93 0076 2011 6238 5295 7", "[iban]", "iban:1");
        row("BE", "BE68 5390 0754 7034", "[iban]", "iban:1");
        row("words follow", "GB82 WEST 1234 5698 7654 32 is my account", "[iban] is my account", "iban:1");
        unchanged("GB one digit changed", "GB82 WEST 1234 5698 7654 33");
        unchanged("DE check digits changed", "DE88 3704 0044 0532 0130 00");
        unchanged("GB too short", "GB82 WEST 1234 5698 7654 3");
        unchanged("GB too long", "GB82 WEST 1234 5698 7654 321");
        unchanged("looks like a code", "AB12 CDEF GHIJ KLMN OP");
    }
    void ibans() { check(); }

    void phones_data()
    {
        addColumns();
        row("UK international", "+44 20 7946 0958", "[phone]", "phone:1");
        row("US international", "call +1-202-555-0143 today", "call [phone] today", "phone:1");
        row("00 prefix", "0044 20 7946 0958", "[phone]", "phone:1");
        row("international with (0)", "+44 (0)20 7946 0958", "[phone]", "phone:1");
        row("international compact", "call me on +447700900123.", "call me on [phone].", "phone:1");
        row("UK area code in brackets", "(020) 7946 0958", "[phone]", "phone:1");
        row("US dashed", "202-555-0143", "[phone]", "phone:1");
        row("US brackets", "(202) 555-0143", "[phone]", "phone:1");
        row("US dotted", "555.123.4567", "[phone]", "phone:1");
        row("US with 1", "1-800-555-0199", "[phone]", "phone:1");
        row("UK mobile", "07700 900123", "[phone]", "phone:1");
        row("UK mobile compact", "mobile: 07700900123", "mobile: [phone]", "phone:1");
        row("French", "01 23 45 67 89", "[phone]", "phone:1");
        row("local seven digits", "ring 555-1234", "ring [phone]", "phone:1");
        row("two phones", "202-555-0143 or 020 7946 0958", "[phone] or [phone]", "phone:2");
        row("Russian text", "Мой номер +7 912 345-67-89, спасибо 🙏", "Мой номер [phone], спасибо 🙏", "phone:1");
        row("order far before", "my order arrived broken, call me on 202-555-0143",
            "my order arrived broken, call me on [phone]", "phone:1");
        unchanged("too few digits", "+44 123");
        unchanged("too many digits", "+44 1234 5678 9012 3456");
    }
    void phones() { check(); }

    void referenceNumbersSurvive_data()
    {
        addColumns();
        unchanged("order hash", "Where is order #727?");
        unchanged("order plain", "order 10045 has not arrived");
        unchanged("order code", "FO-10045");
        unchanged("order code phone-shaped", "FO-202-555-0143");
        unchanged("order number, phone-shaped", "my order number 202-555-0143");
        unchanged("order no.", "Order No. 555.123.4567");
        unchanged("order number is", "order number is 0207 946 0958");
        unchanged("hash", "#555-123-4567");
        unchanged("ticket", "ticket #555-123-4567");
        unchanged("ref", "ref: 0207 946 0958");
        unchanged("reference", "Reference 020 7946 0958");
        unchanged("invoice no", "invoice no. 555.123.4567");
        unchanged("short numbers", "3 pairs, size 42, 2 tents, 10045");
        unchanged("price", "It cost $1,299.00, not 49.95");
        unchanged("euro price", "€1.299,00");
        unchanged("date", "delivered 2024-05-01 at 12:30");
        unchanged("date dotted", "01.05.2024");
        unchanged("year", "since 2019");
        unchanged("range", "between 100-2000 units");
        unchanged("pairs of four", "code 1234-5678");
        row("order number and e-mail", "my order number is 4455 and email jo@x.com",
            "my order number is 4455 and email [email]", "email:1");
        row("order then phone", "order #727, call 202-555-0143", "order #727, call [phone]", "phone:1");
    }
    void referenceNumbersSurvive() { check(); }

    void addresses_data()
    {
        addColumns();
        row("Baker Street", "I live at 221B Baker Street, London", "I live at [address], London", "address:1");
        row("St abbreviation", "10 Downing St.", "[address].", "address:1");
        row("Avenue", "1600 Pennsylvania Avenue NW", "[address] NW", "address:1");
        row("lower case", "ship to 42 wallaby way sydney", "ship to [address] sydney", "address:1");
        row("with suite", "350 Fifth Ave Suite 3300", "[address]", "address:1");
        row("with apartment", "12 Oak Lane, Apt. 4B", "[address]", "address:1");
        row("ordinal street", "500 5th Avenue", "[address]", "address:1");
        row("three words", "99 Old Kent Road", "[address]", "address:1");
        row("four words", "7 Great West Cross Rd", "[address]", "address:1");
        row("Blvd", "8 Sunset Blvd", "[address]", "address:1");
        row("Close", "3 Ivy Close", "[address]", "address:1");
        row("PO Box", "PO Box 123", "[address]", "address:1");
        row("P.O. Box", "send it to P.O. Box 4567, Leeds", "send it to [address], Leeds", "address:1");
        row("po box lower case", "po box 88", "[address]", "address:1");
        unchanged("by the way", "I bought 2 tents by the way");
        unchanged("on the road", "3 days on the road");
        unchanged("order is on its way", "Order 10045 is on its way");
        unchanged("no suffix", "I need 2 Stanley flasks");
        unchanged("suffix inside a word", "2 Stanleys");
        unchanged("five words", "7 big old red wooden oak Street");
        unchanged("price", "$5 Main Street");
    }
    void addresses() { check(); }

    void mixed_data()
    {
        addColumns();
        row("everything",
            "Order FO-10045: ship to 12 Oak Lane, call +44 20 7946 0958 or mail jo@x.com; "
            "card 4111 1111 1111 1111, IBAN GB82 WEST 1234 5698 7654 32.",
            "Order FO-10045: ship to [address], call [phone] or mail [email]; card [card], IBAN [iban].",
            "address:1,card:1,email:1,iban:1,phone:1");
        row("unicode preserved", "Ça va? 🚚 Envoyez à jo@x.fr — 日本語 +33 1 23 45 67 89 ✓",
            "Ça va? 🚚 Envoyez à [email] — 日本語 [phone] ✓", "email:1,phone:1");
        row("repeated kind counted", "jo@x.com, jo@x.com and 202-555-0143, 555.123.4567",
            "[email], [email] and [phone], [phone]", "email:2,phone:2");
        row("multi-line", "line one\n+1-202-555-0143\n10 Downing St\n", "line one\n[phone]\n[address]\n",
            "address:1,phone:1");
    }
    void mixed() { check(); }

    void withoutPii_data()
    {
        QTest::addColumn<QString>("input");
        QTest::newRow("empty") << QString();
        QTest::newRow("question") << QStringLiteral("How long does delivery take?");
        QTest::newRow("order") << QStringLiteral("Where is order #727? I ordered 3 items on 2024-05-01 for $1,299.00.");
        QTest::newRow("unicode") << QStringLiteral("Wie lange dauert die Lieferung? 🚚 配送にはどのくらいかかりますか");
        QTest::newRow("placeholders already") << QStringLiteral("[email] [phone] [card]");
    }

    void withoutPii()
    {
        QFETCH(QString, input);
        const pii::Sanitized result = pii::sanitize(input);
        QCOMPARE(result.text, input);
        QVERIFY(!result.changed());
        QVERIFY(result.counts.isEmpty());
    }

    void luhn_data()
    {
        QTest::addColumn<QString>("number");
        QTest::addColumn<bool>("valid");
        QTest::newRow("visa") << "4111 1111 1111 1111" << true;
        QTest::newRow("mastercard") << "5555-5555-5555-4444" << true;
        QTest::newRow("amex") << "378282246310005" << true;
        QTest::newRow("classic example") << "79927398713" << true;
        QTest::newRow("one digit off") << "4111 1111 1111 1112" << false;
        QTest::newRow("swapped digits") << "378282246310050" << false;
        QTest::newRow("letters") << "4111 1111 1111 111a" << false;
        QTest::newRow("empty") << "" << false;
    }

    void luhn()
    {
        QFETCH(QString, number);
        QFETCH(bool, valid);
        QCOMPARE(pii::luhnValid(number), valid);
    }

    void iban_data()
    {
        QTest::addColumn<QString>("iban");
        QTest::addColumn<bool>("valid");
        QTest::newRow("GB") << "GB82 WEST 1234 5698 7654 32" << true;
        QTest::newRow("DE") << "DE89370400440532013000" << true;
        QTest::newRow("lower case") << "gb82west12345698765432" << true;
        QTest::newRow("GB digit changed") << "GB82 WEST 1234 5698 7654 33" << false;
        QTest::newRow("DE digit changed") << "DE89 3704 0044 0532 0130 01" << false;
        QTest::newRow("GB wrong length, valid mod-97") << "GB49 WEST 1234 5698 7654 321" << false;
        QTest::newRow("bad characters") << "GB82 WEST 1234 5698 7654 3!" << false;
        QTest::newRow("no check digits") << "GBAA WEST 1234 5698 7654 32" << false;
        QTest::newRow("too short") << "GB82 1" << false;
    }

    void iban()
    {
        QFETCH(QString, iban);
        QFETCH(bool, valid);
        QCOMPARE(pii::ibanValid(iban), valid);
    }

    // Runs on every message: a long, digit-heavy text must stay cheap.
    void fastOnLargeInput()
    {
        QString text;
        for (int i = 0; text.size() < 64 * 1024; ++i)
            text += QStringLiteral("order %1 4111 1111 1111 111%2 a@ 1 2 3 4 5 6 7 GB82 12 Main ").arg(i).arg(i % 10);
        text += QStringLiteral("jo@x.com");
        QElapsedTimer timer;
        timer.start();
        const pii::Sanitized result = pii::sanitize(text);
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(result.text.endsWith(QStringLiteral("[email]")));
        QVERIFY(result.counts.value(QStringLiteral("card")) > 0); // every tenth line ends in ...1111
    }

    void concurrentUse()
    {
        const QString input = QStringLiteral("jo@x.com, +44 20 7946 0958, 4111 1111 1111 1111, 221B Baker Street");
        const QString expected = QStringLiteral("[email], [phone], [card], [address]");
        std::atomic<int> wrong{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&] {
                for (int i = 0; i < 200; ++i) {
                    if (pii::sanitize(input).text != expected)
                        ++wrong;
                }
            });
        }
        for (std::thread &thread : threads)
            thread.join();
        QCOMPARE(wrong.load(), 0);
    }
};

QTEST_GUILESS_MAIN(TestPiiSanitizer)
#include "tst_piisanitizer.moc"

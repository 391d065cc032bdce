#pragma once
#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

// Masks personal data in free text (before it is logged, traced or sent to a
// remote model): e-mail addresses, payment cards, IBANs, phone numbers and
// street addresses become [email], [card], [iban], [phone], [address].
// Tuned to keep what support needs: order, ticket and invoice numbers, prices,
// dates and short numbers stay. Card numbers are masked only when the Luhn
// check passes and IBANs only when the ISO 13616 mod-97 check does, so order
// and tracking numbers of the same length survive.
// Thread-safe; the patterns are compiled once.
namespace pii {

struct Sanitized
{
    QString text;
    QHash<QString, int> counts; // kind ("email", "card", "iban", "phone", "address") -> how many masked

    bool changed() const { return !counts.isEmpty(); }
};

Sanitized sanitize(const QString &text);

// The string values of a JSON object (a tool call's arguments) sanitised; the
// other values as they are.
QJsonObject sanitizeValues(const QJsonObject &object);

// The e-mail addresses in text, in order (the same pattern sanitize() masks):
// the real values behind an [email] mask, for the orchestrator to hand a tool.
QStringList emailsIn(const QString &text);

// The checks behind card and IBAN detection; separators (spaces, dashes) are ignored.
bool luhnValid(const QString &digits);
bool ibanValid(const QString &iban);

} // namespace pii

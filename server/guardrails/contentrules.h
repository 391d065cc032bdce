#pragma once
#include <QStringList>

// The pattern tables behind content::ContentFilter, one list per rule and
// purpose. Patterns are PCRE2 and run on the filter's normalised text (case
// folded, obfuscation undone, PII masked as [email], [phone], ...), except
// secretLeak(), which runs on the case-preserving text. Conventions: a space
// in a pattern stands for any one whitespace character, and {NAME} (capitals)
// is a shared fragment; expand() resolves both.
namespace content::rules {

// On user input.
QStringList selfHarm();
QStringList threat();
QStringList abuse();
QStringList sexual();
QStringList secretRequest();       // asking for the prompt, credentials, the database
QStringList customerDataRequest(); // asking for someone else's data
QStringList promptInjection();     // also on data (KB text, tool results)

// Only on data: text addressing the model rather than the reader.
QStringList dataInstructions();

// Only on drafts.
QStringList secretLeak();          // key and token shapes; case-sensitive, unfolded text
QStringList promptLeak();          // the draft quoting its own instructions
QStringList draftCustomerData();   // the draft disclosing whose an order or account is

QString expand(const QString &pattern);

// Every table compiled, for the tests: "table #index: error" per invalid pattern.
QStringList compileErrors();

} // namespace content::rules

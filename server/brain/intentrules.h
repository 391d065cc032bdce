#pragma once
#include <QString>
#include <QStringList>

// The offline brain's reading of one message: hand-written rules over words,
// tolerant of one-letter typos, for the few intents that need something other
// than a help-centre search.
struct Intent
{
    enum class Kind {
        Help,          // a question for the help centre
        Human,         // asks for a person
        Complaint,     // wants to complain
        OrderStatus,   // where is my order / when will it arrive
        OrderDetails,  // just an order number and/or email, answering our question
        Greeting,      // hello, nothing else
        Thanks,        // thanks / bye, nothing else
        ActionRequest  // wants something done the agent cannot do itself (see action)
    };
    Kind kind = Kind::Help;
    // For ActionRequest: cancel_order, change_order, change_shipping_address,
    // refund, delete_account.
    QString action;
    QString orderNumber;
    QString email;
    QString matched; // which rule fired, for the trace
};

QString intentKindName(Intent::Kind kind);
Intent classifyIntent(const QString &message);

// Order numbers and e-mail addresses mentioned in a message.
QString findOrderNumber(const QString &message);
QString findEmail(const QString &message);

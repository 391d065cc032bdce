#pragma once
#include <QString>

// A shopper the website vouched for (a verified JWT), and the owner a thread
// is bound to. Empty subject: nobody.
struct VerifiedUser
{
    QString subject;    // sub: the site's user id
    QString email;
    QString name;       // optional
    QString customerId; // optional (customer_id): the shop's customer number

    bool isValid() const { return !subject.isEmpty(); }
};

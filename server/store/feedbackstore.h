#pragma once
#include "model/feedback.h"

#include <QList>

class Database;

// One rating per assistant message; rating again replaces the earlier one.
class FeedbackStore
{
public:
    explicit FeedbackStore(Database &database) : m_db(database) {}
    bool upsert(const Feedback &feedback);
    QList<Feedback> forThread(const QString &threadId);

private:
    Database &m_db;
};

#include "handoffhumantool.h"

#include "store/conversationstore.h"

#include <QDateTime>

HandoffHumanTool::HandoffHumanTool(Database &database)
    : m_db(database),
      m_input(QStringLiteral("handoff_human input"),
              {FieldSpec::string(QStringLiteral("reason"), QStringLiteral("Why a person should take over."))
                   .require()
                   .oneOf({QStringLiteral("customer_request"), QStringLiteral("complaint"),
                           QStringLiteral("low_confidence"), QStringLiteral("out_of_scope"),
                           QStringLiteral("tool_failure"), QStringLiteral("policy")}),
               FieldSpec::string(QStringLiteral("transcript_excerpt"),
                                 QStringLiteral("The part of the conversation the person should read first."))
                   .withDefault(QString())
                   .length(0, 4000)}),
      m_output(QStringLiteral("handoff_human output"),
               {FieldSpec::string(QStringLiteral("status"), QStringLiteral("The thread's status afterwards."))
                    .require()
                    .oneOf({QStringLiteral("handoff")})})
{
}

QString HandoffHumanTool::description() const
{
    return QStringLiteral("Hands the conversation to a person on the support team, with the reason and an excerpt.");
}

ToolResult HandoffHumanTool::run(const QJsonObject &arguments, const ToolContext &context)
{
    ConversationStore store(m_db);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QString reason = arguments.value(QStringLiteral("reason")).toString();
    QString excerpt = arguments.value(QStringLiteral("transcript_excerpt")).toString();
    if (excerpt.isEmpty())
        excerpt = context.transcriptExcerpt;
    if (!store.handOff(context.threadId, reason, excerpt, now))
        return ToolResult::failure(QStringLiteral("could not queue the thread for a person"));
    return ToolResult::ok({{QStringLiteral("status"), QStringLiteral("handoff")}});
}

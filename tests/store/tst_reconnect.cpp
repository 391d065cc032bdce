#include "support/testdatabase.h"

#include "app/agentruntime.h"
#include "store/conversationstore.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

// When PostgreSQL drops supportd's connections (a restart, a failover, an
// administrator), supportd says 503 rather than "no such thread", and
// reconnects by itself: no conversation is lost and no restart is needed.
class TestReconnect : public QObject
{
    Q_OBJECT

private:
    // Ends every session on the test database but the caller's (which is none).
    static int terminateBackends(const DatabaseConfig &config)
    {
        int terminated = -1;
        {
            QSqlDatabase admin = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("reconnect-admin"));
            admin.setHostName(config.host);
            admin.setPort(config.port);
            admin.setDatabaseName(QStringLiteral("postgres"));
            admin.setUserName(config.user);
            admin.setPassword(config.password);
            if (admin.open()) {
                QSqlQuery query(admin);
                query.prepare(QStringLiteral("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity"
                                             " WHERE datname = ? AND pid <> pg_backend_pid()"));
                query.addBindValue(config.name);
                if (query.exec() && query.next())
                    terminated = query.value(0).toInt();
            }
        }
        QSqlDatabase::removeDatabase(QStringLiteral("reconnect-admin"));
        return terminated;
    }

private slots:
    void survivesTheServerDroppingConnections()
    {
        const testdb::Fresh fresh = testdb::create(QStringLiteral("postgres"));
        if (fresh.skip)
            QSKIP(qPrintable(fresh.error));
        QVERIFY2(fresh.error.isEmpty(), qPrintable(fresh.error));
        AgentRuntime runtime(fresh.config);
        QString error;
        QVERIFY2(runtime.start(&error), qPrintable(error));

        TurnRunner::Request first;
        first.userMessage = QStringLiteral("How long does delivery take?");
        const TurnRunner::Result opened = runtime.turns().handle(first);
        QCOMPARE(opened.status, TurnRunner::Result::Status::Ok);

        QVERIFY(terminateBackends(fresh.config) >= 1);

        TurnRunner::Request next;
        next.threadId = opened.threadId;
        next.token = opened.threadToken;
        next.userMessage = QStringLiteral("And express delivery?");
        TurnRunner::Result result = runtime.turns().handle(next);
        // The turn that meets the dead connection may fail, but as "unavailable", never as "no such thread"...
        QVERIFY(result.status != TurnRunner::Result::Status::NotFound);
        if (result.status == TurnRunner::Result::Status::Unavailable)
            result = runtime.turns().handle(next); // ...and the retry, on a new connection, works.
        QCOMPARE(result.status, TurnRunner::Result::Status::Ok);
        QVERIFY(result.reply.has_value());

        // Nothing was lost or written twice: two turns, four messages.
        QCOMPARE(ConversationStore(runtime.database()).findThread(opened.threadId)->thread.messageCount, 4);
        QVERIFY(runtime.database().ping());
    }
};

QTEST_GUILESS_MAIN(TestReconnect)
#include "tst_reconnect.moc"

#include "app/agentruntime.h"
#include "eval/routeeval.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

// The rules brain against real utterances (../shared/data, the development
// half; a held-out half judges the same figures). Skips, saying so, where the
// data is absent, as on a user's machine.
class TestRouteEval : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        m_data = QString::fromUtf8(qgetenv("SUPPORT_SHARED_DATA"));
        QVERIFY2(m_dir.isValid(), "no temporary directory");
        QString error;
        m_runtime = std::make_unique<AgentRuntime>(DatabaseConfig::sqlite(m_dir.filePath(QStringLiteral("eval.sqlite"))));
        QVERIFY2(m_runtime->start(&error), qPrintable(error));
    }

    void acceptableRoutesTable()
    {
        QCOMPARE(routeeval::acceptableRoutes(QStringLiteral("contact_human_agent")), QStringList{QStringLiteral("handoff_human")});
        QVERIFY(routeeval::acceptableRoutes(QStringLiteral("track_order")).contains(QStringLiteral("clarify")));
        QVERIFY(!routeeval::acceptableRoutes(QStringLiteral("track_order")).contains(QStringLiteral("search_kb")));
        QVERIFY(routeeval::acceptableRoutes(QStringLiteral("no_such_intent")).isEmpty());
    }

    void bitextRoutesMeetTarget()
    {
        const QString path = QDir(m_data).filePath(QStringLiteral("bitext/utterances-dev.jsonl"));
        if (!QFile::exists(path))
            QSKIP("../shared/data/bitext is absent: the route figures cannot be measured here");
        const QJsonObject figures = routeeval::run(*m_runtime, path);
        QVERIFY2(!figures.contains(QStringLiteral("error")), qPrintable(figures.value(QStringLiteral("error")).toString()));
        QVERIFY(figures.value(QStringLiteral("rows")).toInt() > 2000);
        const double rate = figures.value(QStringLiteral("acceptable_route_rate")).toDouble();
        QVERIFY2(rate >= 0.90, qPrintable(QStringLiteral("acceptable routes %1").arg(rate)));
        QVERIFY2(rate >= 0.998, qPrintable(QStringLiteral("acceptable routes %1, below the 99.8 % the README reports").arg(rate)));
        // No order number with an e-mail in this data, so no lookups; tickets
        // only on turns routed to create_ticket (complaints: an acceptable route).
        const QJsonObject routes = figures.value(QStringLiteral("routes")).toObject();
        const double rows = figures.value(QStringLiteral("rows")).toDouble();
        const double ticketTurns = routes.value(QStringLiteral("create_ticket")).toDouble() / rows;
        QVERIFY(ticketTurns > 0.0);
        QVERIFY2(qAbs(figures.value(QStringLiteral("order_or_ticket_tool_calls")).toDouble() - ticketTurns) < 1e-9,
                 "order/ticket tools called outside create_ticket turns");
    }

    void outOfScopeIsRarelyCited()
    {
        const QString path = QDir(m_data).filePath(QStringLiteral("clinc/oos-dev.jsonl"));
        if (!QFile::exists(path))
            QSKIP("../shared/data/clinc is absent: the out-of-scope figures cannot be measured here");
        const QJsonObject figures = routeeval::run(*m_runtime, path);
        const double cited = figures.value(QStringLiteral("answered_with_citation")).toDouble();
        QVERIFY2(cited <= 0.05, qPrintable(QStringLiteral("out-of-scope answered with a citation: %1").arg(cited)));
        QCOMPARE(figures.value(QStringLiteral("order_or_ticket_tool_calls")).toDouble(), 0.0);
    }

private:
    QString m_data;
    QTemporaryDir m_dir;
    std::unique_ptr<AgentRuntime> m_runtime;
};

QTEST_GUILESS_MAIN(TestRouteEval)
#include "tst_routeeval.moc"

#include "routeeval.h"

#include "app/agentruntime.h"

#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <algorithm>

namespace routeeval {

QStringList acceptableRoutes(const QString &intent)
{
    static const QHash<QString, QStringList> table = [] {
        QHash<QString, QStringList> t;
        const QString kb = QStringLiteral("search_kb"), order = QStringLiteral("get_order"),
                      ticket = QStringLiteral("create_ticket"), human = QStringLiteral("handoff_human"),
                      clarify = QStringLiteral("clarify");
        t.insert(QStringLiteral("track_order"), {order, clarify});
        t.insert(QStringLiteral("contact_human_agent"), {human});
        t.insert(QStringLiteral("contact_customer_service"), {human, kb});
        t.insert(QStringLiteral("complaint"), {ticket, human});
        t.insert(QStringLiteral("payment_issue"), {ticket, human, kb});
        for (const char *name : {"cancel_order", "change_order", "change_shipping_address", "get_refund",
                                 "delete_account", "review"})
            t.insert(QString::fromLatin1(name), {kb, ticket});
        for (const char *name : {"track_refund", "get_invoice"})
            t.insert(QString::fromLatin1(name), {order, ticket, kb, clarify});
        for (const char *name : {"check_invoice", "delivery_period"})
            t.insert(QString::fromLatin1(name), {order, kb, clarify});
        for (const char *name : {"place_order", "check_refund_policy", "delivery_options", "set_up_shipping_address",
                                 "check_payment_methods", "check_cancellation_fee", "newsletter_subscription",
                                 "create_account", "edit_account", "recover_password", "registration_problems",
                                 "switch_account"})
            t.insert(QString::fromLatin1(name), {kb});
        return t;
    }();
    return table.value(intent);
}

namespace {

double ratio(qint64 part, qint64 whole)
{
    return whole > 0 ? double(part) / double(whole) : 0.0;
}

double percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype index = qMin<qsizetype>(values.size() - 1, qsizetype(p * double(values.size())));
    return values.at(index);
}

} // namespace

QJsonObject run(AgentRuntime &runtime, const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {{QStringLiteral("error"), QStringLiteral("cannot read %1").arg(path)}};

    qint64 rows = 0, acceptable = 0, cited = 0, orderOrTicketTools = 0, searchRouted = 0, searchCited = 0, skipped = 0;
    bool labelled = false;
    QMap<QString, QPair<qint64, qint64>> perIntent; // intent -> (acceptable, total)
    QMap<QString, qint64> routes;
    QList<double> latencies;
    int lineNumber = 0;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        ++lineNumber;
        if (line.isEmpty())
            continue;
        const QJsonObject row = QJsonDocument::fromJson(line).object();
        const QString intent = row.value(QStringLiteral("intent")).toString();
        const QString text = row.contains(QStringLiteral("instruction")) ? row.value(QStringLiteral("instruction")).toString()
                                                                          : row.value(QStringLiteral("text")).toString();
        if (text.trimmed().isEmpty()) {
            ++skipped;
            continue;
        }
        labelled = labelled || !intent.isEmpty();

        TurnRunner::Request request;
        request.userMessage = text.trimmed().left(4000);
        QElapsedTimer timer;
        timer.start();
        const TurnRunner::Result result = runtime.turns().handle(request);
        latencies.append(double(timer.nsecsElapsed()) / 1e6);
        if (result.status != TurnRunner::Result::Status::Ok)
            return {{QStringLiteral("error"), QStringLiteral("turn failed at line %1").arg(lineNumber)}};

        ++rows;
        ++routes[result.route];
        const bool hasCitation = result.reply && !result.reply->citations.isEmpty();
        cited += hasCitation ? 1 : 0;
        if (result.toolsCalled.contains(QStringLiteral("get_order")) || result.toolsCalled.contains(QStringLiteral("create_ticket")))
            ++orderOrTicketTools;
        if (result.route == QLatin1String("search_kb")) {
            ++searchRouted;
            searchCited += hasCitation ? 1 : 0;
        }
        if (!intent.isEmpty()) {
            const bool ok = acceptableRoutes(intent).contains(result.route);
            acceptable += ok ? 1 : 0;
            auto &entry = perIntent[intent];
            entry.first += ok ? 1 : 0;
            entry.second += 1;
        }
    }

    QJsonObject routeCounts;
    for (auto it = routes.cbegin(); it != routes.cend(); ++it)
        routeCounts.insert(it.key(), it.value());
    QJsonObject figures{{QStringLiteral("file"), path},
                        {QStringLiteral("rows"), rows},
                        {QStringLiteral("skipped"), skipped},
                        {QStringLiteral("routes"), routeCounts},
                        {QStringLiteral("answered_with_citation"), ratio(cited, rows)},
                        {QStringLiteral("order_or_ticket_tool_calls"), ratio(orderOrTicketTools, rows)},
                        {QStringLiteral("search_kb_turns_cited"), ratio(searchCited, searchRouted)},
                        {QStringLiteral("turn_latency_p50_ms"), percentile(latencies, 0.50)},
                        {QStringLiteral("turn_latency_p99_ms"), percentile(latencies, 0.99)}};
    if (labelled) {
        figures.insert(QStringLiteral("acceptable_route_rate"), ratio(acceptable, rows));
        QJsonObject intents;
        for (auto it = perIntent.cbegin(); it != perIntent.cend(); ++it)
            intents.insert(it.key(), ratio(it.value().first, it.value().second));
        figures.insert(QStringLiteral("acceptable_by_intent"), intents);
    }
    return figures;
}

QString formatText(const QJsonObject &f)
{
    QString out;
    auto line = [&out](const QString &label, const QString &value) { out += label.leftJustified(34) + value + QLatin1Char('\n'); };
    auto pct = [](double v) { return QString::number(v * 100.0, 'f', 1) + QLatin1Char('%'); };
    line(QStringLiteral("file"), f.value(QStringLiteral("file")).toString());
    line(QStringLiteral("utterances"), QString::number(f.value(QStringLiteral("rows")).toInteger()));
    if (f.contains(QStringLiteral("acceptable_route_rate")))
        line(QStringLiteral("acceptable routes"), pct(f.value(QStringLiteral("acceptable_route_rate")).toDouble()));
    line(QStringLiteral("answered with a citation"), pct(f.value(QStringLiteral("answered_with_citation")).toDouble()));
    line(QStringLiteral("called order/ticket tools"), pct(f.value(QStringLiteral("order_or_ticket_tool_calls")).toDouble()));
    line(QStringLiteral("search_kb turns with a citation"), pct(f.value(QStringLiteral("search_kb_turns_cited")).toDouble()));
    line(QStringLiteral("turn latency p50 / p99"),
         QString::number(f.value(QStringLiteral("turn_latency_p50_ms")).toDouble(), 'f', 2) + QStringLiteral(" / ")
             + QString::number(f.value(QStringLiteral("turn_latency_p99_ms")).toDouble(), 'f', 2) + QStringLiteral(" ms"));
    const QJsonObject routes = f.value(QStringLiteral("routes")).toObject();
    QStringList routeParts;
    for (auto it = routes.begin(); it != routes.end(); ++it)
        routeParts.append(it.key() + QLatin1Char('=') + QString::number(it.value().toInteger()));
    line(QStringLiteral("routes"), routeParts.join(QStringLiteral(", ")));
    const QJsonObject intents = f.value(QStringLiteral("acceptable_by_intent")).toObject();
    for (auto it = intents.begin(); it != intents.end(); ++it)
        line(QStringLiteral("  ") + it.key(), pct(it.value().toDouble()));
    return out;
}

} // namespace routeeval

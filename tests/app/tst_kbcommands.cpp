#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run supportd(const QStringList &arguments)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("SUPPORTD_EMBEDDINGS_BASE_URL"));
    environment.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*.info=false"));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(SUPPORTD_BINARY), arguments);
    process.waitForFinished(120000);
    Run run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

void write(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(content);
}

QStringList resultIds(const Run &run)
{
    QStringList ids;
    for (const QJsonValue &hit : QJsonDocument::fromJson(run.out).object().value(QStringLiteral("results")).toArray())
        ids.append(hit.toObject().value(QStringLiteral("doc_id")).toString());
    return ids;
}

} // namespace

// supportd kb import | search | eval, run as real processes.
class TestKbCommands : public QObject
{
    Q_OBJECT

private slots:
    void importSearchReimport()
    {
        QTemporaryDir data, docs;
        write(docs.filePath(QStringLiteral("tents.md")),
              "---\ntitle: Pitching a tent\n---\n# Pitching a tent\n\nFace the door away from the wind and stake the corners first.\n");
        write(docs.filePath(QStringLiteral("guides/stoves.html")),
              "<html><head><title>Stove care</title><script>var hidden = 'kerosene';</script></head>"
              "<body><h1>Stove care</h1><p>Clean the burner jets every month.</p></body></html>");
        write(docs.filePath(QStringLiteral("socks.txt")), "Sock sizes\n\nOur merino socks run half a size small.\n");
        write(docs.filePath(QStringLiteral("faq.jsonl")),
              "{\"id\":\"trail-vouchers\",\"title\":\"Trail vouchers\",\"text\":\"Trail vouchers never expire.\",\"url\":\"https://help.example/gift\"}\n"
              "{\"id\":\"slack-only\",\"title\":\"Internal escalation\",\"text\":\"Escalate refunds over 500 euros.\",\"allowed_channels\":[\"slack\"]}\n");
        const QStringList db{QStringLiteral("--data-dir"), data.path()};

        Run run = supportd(QStringList{QStringLiteral("kb"), QStringLiteral("import"), docs.path()} + db);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(run.out.contains("5 added"), run.out.constData());

        run = supportd(QStringList{QStringLiteral("kb"), QStringLiteral("search"), QStringLiteral("clean the burner"), QStringLiteral("--json")} + db);
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(resultIds(run).value(0), QStringLiteral("guides-stoves"));
        run = supportd(QStringList{QStringLiteral("kb"), QStringLiteral("search"), QStringLiteral("kerosene"), QStringLiteral("--json")} + db);
        QVERIFY2(!resultIds(run).contains(QStringLiteral("guides-stoves")), run.out.constData()); // scripts are not text
        run = supportd(QStringList{QStringLiteral("kb"), QStringLiteral("search"), QStringLiteral("escalate refunds"), QStringLiteral("--json")} + db);
        QVERIFY(!resultIds(run).contains(QStringLiteral("slack-only")));
        run = supportd(QStringList{QStringLiteral("kb"), QStringLiteral("search"), QStringLiteral("escalate refunds"), QStringLiteral("--channel"),
                                   QStringLiteral("slack"), QStringLiteral("--json")} + db);
        QCOMPARE(resultIds(run).value(0), QStringLiteral("slack-only"));

        // One document changed, one removed at the source.
        write(docs.filePath(QStringLiteral("tents.md")),
              "---\ntitle: Pitching a tent\n---\n# Pitching a tent\n\nPeg the guy lines at forty-five degrees.\n");
        QVERIFY(QFile::remove(docs.filePath(QStringLiteral("socks.txt"))));
        run = supportd(QStringList{QStringLiteral("kb"), QStringLiteral("import"), docs.path()} + db);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY2(run.out.contains("0 added, 1 updated, 3 unchanged, 1 removed"), run.out.constData());
        run = supportd(QStringList{QStringLiteral("kb"), QStringLiteral("search"), QStringLiteral("guy lines degrees"), QStringLiteral("--json")} + db);
        QCOMPARE(resultIds(run).value(0), QStringLiteral("tents"));
        run = supportd(QStringList{QStringLiteral("kb"), QStringLiteral("search"), QStringLiteral("merino socks size"), QStringLiteral("--json")} + db);
        QVERIFY(!resultIds(run).contains(QStringLiteral("socks")));
    }

    void badFilesAreReportedAndTheRestImported()
    {
        QTemporaryDir data, docs;
        write(docs.filePath(QStringLiteral("good.md")), "# Returns\n\nReturn unworn items within 60 days.\n");
        write(docs.filePath(QStringLiteral("binary.txt")), QByteArray("\x7f" "ELF\x02\x01\x00\x00\x00", 9));
        write(docs.filePath(QStringLiteral("empty.md")), "");
        write(docs.filePath(QStringLiteral("huge.txt")), QByteArray(5 * 1024 * 1024 + 10, 'a'));
        write(docs.filePath(QStringLiteral("broken.html")), "<html><body><h1>Warranty<p>Two years on <b>all tents</i>");
        write(docs.filePath(QStringLiteral("dupes.jsonl")),
              "{\"id\":\"good\",\"title\":\"Again\",\"text\":\"Same id as good.md\"}\n"
              "{\"id\":\"chan\",\"title\":\"Fax\",\"text\":\"x\",\"allowed_channels\":[\"fax\"]}\n"
              "not json at all\n");
        const QStringList db{QStringLiteral("--data-dir"), data.path()};
        const Run run = supportd(QStringList{QStringLiteral("kb"), QStringLiteral("import"), docs.path()} + db);
        QCOMPARE(run.exitCode, 1);
        for (const char *named : {"binary.txt", "empty.md", "huge.txt", "dupes.jsonl"})
            QVERIFY2(run.err.contains(named), run.err.constData());
        QVERIFY2(run.out.contains("2 added"), run.out.constData()); // good.md and the recovered broken.html
        const Run search = supportd(QStringList{QStringLiteral("kb"), QStringLiteral("search"), QStringLiteral("warranty tents"),
                                                QStringLiteral("--json")} + db);
        QCOMPARE(resultIds(search).value(0), QStringLiteral("broken"));
    }

    void searchRejectsBadArguments_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("empty query") << QStringList{QStringLiteral("")};
        QTest::newRow("no query") << QStringList{};
        QTest::newRow("unknown channel") << QStringList{QStringLiteral("returns"), QStringLiteral("--channel"), QStringLiteral("fax")};
        QTest::newRow("bad top") << QStringList{QStringLiteral("returns"), QStringLiteral("--top"), QStringLiteral("0")};
    }

    void searchRejectsBadArguments()
    {
        QFETCH(QStringList, arguments);
        QTemporaryDir data;
        const Run run = supportd(QStringList{QStringLiteral("kb"), QStringLiteral("search")} + arguments
                                 + QStringList{QStringLiteral("--data-dir"), data.path()});
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.err.startsWith("supportd: "));
    }

    void evalPrintsTheFigures()
    {
        QTemporaryDir dir;
        write(dir.filePath(QStringLiteral("docs.jsonl")),
              "{\"id\":\"a\",\"title\":\"How do I reset my password?\",\"text\":\"Use the forgot password link.\"}\n"
              "{\"id\":\"b\",\"title\":\"How long does delivery take?\",\"text\":\"Three to five working days.\"}\n"
              "{\"id\":\"c\",\"title\":\"Can I return a jacket?\",\"text\":\"Yes, within 60 days.\"}\n");
        write(dir.filePath(QStringLiteral("queries.jsonl")),
              "{\"query\":\"forgot my password\",\"relevant\":[\"a\"]}\n"
              "{\"query\":\"when will my parcel arrive, delivery time\",\"relevant\":[\"b\"]}\n"
              "{\"query\":\"send back a jacket\",\"relevant\":[\"c\"]}\n"
              "{\"query\":\"gardening tips\",\"relevant\":[\"c\"]}\n");
        Run run = supportd({QStringLiteral("kb"), QStringLiteral("eval"), QStringLiteral("--docs"), dir.filePath(QStringLiteral("docs.jsonl")),
                            QStringLiteral("--queries"), dir.filePath(QStringLiteral("queries.jsonl")), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject figures = QJsonDocument::fromJson(run.out).object();
        for (const char *key : {"recall@1", "recall@3", "recall@8", "mrr@10", "latency_p50_ms", "latency_p99_ms"})
            QVERIFY2(figures.contains(QLatin1String(key)), run.out.constData());
        QCOMPARE(figures.value(QStringLiteral("queries")).toInt(), 4);
        QCOMPARE(figures.value(QStringLiteral("recall@1")).toDouble(), 0.75); // the gardening question finds nothing
        QCOMPARE(figures.value(QStringLiteral("recall@8")).toDouble(), 0.75);

        write(dir.filePath(QStringLiteral("bad.jsonl")), "{\"query\":\"no relevant list\"}\n");
        run = supportd({QStringLiteral("kb"), QStringLiteral("eval"), QStringLiteral("--docs"), dir.filePath(QStringLiteral("docs.jsonl")),
                        QStringLiteral("--queries"), dir.filePath(QStringLiteral("bad.jsonl"))});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.contains("line 1"), run.err.constData());
        run = supportd({QStringLiteral("kb"), QStringLiteral("eval"), QStringLiteral("--docs"), dir.filePath(QStringLiteral("docs.jsonl"))});
        QCOMPARE(run.exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestKbCommands)
#include "tst_kbcommands.moc"

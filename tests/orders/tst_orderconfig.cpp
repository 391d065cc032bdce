#include "orders/orderconfig.h"

#include <QTemporaryDir>
#include <QTest>

// Choosing the order source from the environment; secrets never in messages.
class TestOrderConfig : public QObject
{
    Q_OBJECT

private:
    static QProcessEnvironment env(std::initializer_list<std::pair<const char *, QString>> values)
    {
        QProcessEnvironment environment;
        for (const auto &[name, value] : values)
            environment.insert(QLatin1String(name), value);
        return environment;
    }

private slots:
    void localByDefault()
    {
        QString error;
        const auto config = OrderConfig::fromEnvironment(QProcessEnvironment(), &error);
        QVERIFY2(config, qPrintable(error));
        QCOMPARE(config->source, OrderConfig::Source::Local);
        const auto local = OrderConfig::fromEnvironment(
            env({{"SUPPORTD_ORDER_SOURCE", QStringLiteral("local")}, {"SUPPORTD_WC_BASE_URL", QStringLiteral("https://shop.example")}}),
            &error);
        QCOMPARE(local->source, OrderConfig::Source::Local);
    }

    void wooCommerceFromVariables()
    {
        QString error;
        const auto config = OrderConfig::fromEnvironment(
            env({{"SUPPORTD_WC_BASE_URL", QStringLiteral("https://shop.example/store/")},
                 {"SUPPORTD_WC_CONSUMER_KEY", QStringLiteral("ck_abc")},
                 {"SUPPORTD_WC_CONSUMER_SECRET", QStringLiteral(" cs_hush_hush \n")},
                 {"SUPPORTD_WC_TIMEOUT_MS", QStringLiteral("1500")}}),
            &error);
        QVERIFY2(config, qPrintable(error));
        QCOMPARE(config->source, OrderConfig::Source::WooCommerce);
        QCOMPARE(config->wooCommerce.baseUrl, QStringLiteral("https://shop.example/store"));
        QCOMPARE(config->wooCommerce.consumerKey, QStringLiteral("ck_abc"));
        QCOMPARE(config->wooCommerce.consumerSecret, QStringLiteral("cs_hush_hush"));
        QCOMPARE(config->wooCommerce.timeoutMs, 1500);
        QCOMPARE(config->wooCommerce.connectTimeoutMs, 1500);
        QVERIFY(!config->describe().contains(QStringLiteral("cs_hush")));
        QVERIFY(!config->describe().contains(QStringLiteral("ck_abc")));
        QVERIFY(config->describe().contains(QStringLiteral("https://shop.example/store")));
    }

    void secretsFromFiles()
    {
        QTemporaryDir dir;
        QFile key(dir.filePath(QStringLiteral("key"))), secret(dir.filePath(QStringLiteral("secret")));
        QVERIFY(key.open(QIODevice::WriteOnly) && key.write("ck_from_file\n") > 0);
        QVERIFY(secret.open(QIODevice::WriteOnly) && secret.write("cs_from_file\n") > 0);
        key.close();
        secret.close();
        QString error;
        const auto config = OrderConfig::fromEnvironment(
            env({{"SUPPORTD_ORDER_SOURCE", QStringLiteral("woocommerce")},
                 {"SUPPORTD_WC_BASE_URL", QStringLiteral("https://shop.example")},
                 {"SUPPORTD_WC_CONSUMER_KEY_FILE", key.fileName()},
                 {"SUPPORTD_WC_CONSUMER_SECRET_FILE", secret.fileName()}}),
            &error);
        QVERIFY2(config, qPrintable(error));
        QCOMPARE(config->wooCommerce.consumerKey, QStringLiteral("ck_from_file"));
        QCOMPARE(config->wooCommerce.consumerSecret, QStringLiteral("cs_from_file"));
    }

    void refusesBadSettings_data()
    {
        QTest::addColumn<QProcessEnvironment>("environment");
        QTest::addColumn<QString>("expected");
        const QString url = QStringLiteral("https://shop.example");
        const QString key = QStringLiteral("ck_abc"), secret = QStringLiteral("cs_very_secret_value");
        QTest::newRow("unknown source") << env({{"SUPPORTD_ORDER_SOURCE", QStringLiteral("shopify")}}) << "local or woocommerce";
        QTest::newRow("no URL") << env({{"SUPPORTD_ORDER_SOURCE", QStringLiteral("woocommerce")},
                                        {"SUPPORTD_WC_CONSUMER_KEY", key}, {"SUPPORTD_WC_CONSUMER_SECRET", secret}})
                                << "SUPPORTD_WC_BASE_URL";
        QTest::newRow("plain http") << env({{"SUPPORTD_WC_BASE_URL", QStringLiteral("http://shop.example")},
                                            {"SUPPORTD_WC_CONSUMER_KEY", key}, {"SUPPORTD_WC_CONSUMER_SECRET", secret}})
                                    << "https://";
        QTest::newRow("credentials in URL") << env({{"SUPPORTD_WC_BASE_URL", QStringLiteral("https://ck:cs_very_secret_value@shop.example")},
                                                    {"SUPPORTD_WC_CONSUMER_KEY", key}, {"SUPPORTD_WC_CONSUMER_SECRET", secret}})
                                            << "no credentials";
        QTest::newRow("no secret") << env({{"SUPPORTD_WC_BASE_URL", url}, {"SUPPORTD_WC_CONSUMER_KEY", key}})
                                   << "SUPPORTD_WC_CONSUMER_SECRET";
        QTest::newRow("both secret forms") << env({{"SUPPORTD_WC_BASE_URL", url}, {"SUPPORTD_WC_CONSUMER_KEY", key},
                                                   {"SUPPORTD_WC_CONSUMER_SECRET", secret},
                                                   {"SUPPORTD_WC_CONSUMER_SECRET_FILE", QStringLiteral("/etc/hostname")}})
                                           << "not both";
        QTest::newRow("missing secret file") << env({{"SUPPORTD_WC_BASE_URL", url}, {"SUPPORTD_WC_CONSUMER_KEY", key},
                                                     {"SUPPORTD_WC_CONSUMER_SECRET_FILE", QStringLiteral("/nonexistent/secret")}})
                                             << "cannot read SUPPORTD_WC_CONSUMER_SECRET_FILE";
        QTest::newRow("bad timeout") << env({{"SUPPORTD_WC_BASE_URL", url}, {"SUPPORTD_WC_CONSUMER_KEY", key},
                                             {"SUPPORTD_WC_CONSUMER_SECRET", secret}, {"SUPPORTD_WC_TIMEOUT_MS", QStringLiteral("5s")}})
                                     << "SUPPORTD_WC_TIMEOUT_MS";
        QTest::newRow("missing CA file") << env({{"SUPPORTD_WC_BASE_URL", url}, {"SUPPORTD_WC_CONSUMER_KEY", key},
                                                 {"SUPPORTD_WC_CONSUMER_SECRET", secret},
                                                 {"SUPPORTD_WC_CA_FILE", QStringLiteral("/nonexistent/ca.pem")}})
                                         << "SUPPORTD_WC_CA_FILE";
    }

    void refusesBadSettings()
    {
        QFETCH(QProcessEnvironment, environment);
        QFETCH(QString, expected);
        QString error;
        QVERIFY(!OrderConfig::fromEnvironment(environment, &error));
        QVERIFY2(error.contains(expected), qPrintable(error));
        QVERIFY2(!error.contains(QStringLiteral("cs_very_secret_value")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestOrderConfig)
#include "tst_orderconfig.moc"

#include "storetest.h"

#include "store/settingsstore.h"

#include <QTest>

class TestSettingsStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(crypto::initialize()); }
    void initTestCase_data() { storetest::addEngineRows(); }

    void setReplacesAndMissingIsNone()
    {
        OPEN_FRESH_DATABASE(fresh, db);
        SettingsStore store(db);
        QVERIFY(!store.value(QStringLiteral("kb.bundled_imported")));

        QVERIFY(store.setValue(QStringLiteral("kb.bundled_imported"), QStringLiteral("45")));
        QCOMPARE(store.value(QStringLiteral("kb.bundled_imported")), std::optional<QString>(QStringLiteral("45")));
        QVERIFY(store.setValue(QStringLiteral("kb.bundled_imported"), QStringLiteral("46")));
        QCOMPARE(store.value(QStringLiteral("kb.bundled_imported")), std::optional<QString>(QStringLiteral("46")));
        QCOMPARE(storetest::scalar(db, QStringLiteral("SELECT COUNT(*) FROM settings")), 1);

        // An empty value is a value, not a missing one.
        QVERIFY(store.setValue(QStringLiteral("empty"), QStringLiteral("")));
        const auto empty = store.value(QStringLiteral("empty"));
        QVERIFY(empty);
        QVERIFY(empty->isEmpty());
        QVERIFY(!store.value(QStringLiteral("Empty")));
    }
};

QTEST_GUILESS_MAIN(TestSettingsStore)
#include "tst_settingsstore.moc"

#include "kb/dotdistance.h"

#include <QTest>

#include <cmath>
#include <random>
#include <vector>

// The run-time-chosen vector kernel agrees with the plain dot product for
// every length (whole blocks of 16 and 8, and tails), so the index ranks the
// same whichever kernel the CPU gets.
class TestDotDistance : public QObject
{
    Q_OBJECT

private slots:
    void matchesPlainDotProduct_data()
    {
        QTest::addColumn<int>("dimensions");
        for (const int n : {1, 5, 8, 13, 16, 24, 31, 64, 100, 384, 512, 1536})
            QTest::addRow("%d", n) << n;
    }

    void matchesPlainDotProduct()
    {
        QFETCH(int, dimensions);
        const dotdistance::Function fastest = dotdistance::fastest();
        if (!fastest)
            QSKIP("this CPU has no AVX2 with FMA: hnswlib's own kernel serves");
        const size_t n = size_t(dimensions);
        std::mt19937 random{uint32_t(dimensions)};
        std::normal_distribution<float> normal;
        std::vector<float> a(n), b(n);
        double aNorm = 0, bNorm = 0;
        for (int i = 0; i < dimensions; ++i) {
            a[size_t(i)] = normal(random);
            b[size_t(i)] = normal(random);
            aNorm += double(a[size_t(i)]) * a[size_t(i)];
            bNorm += double(b[size_t(i)]) * b[size_t(i)];
        }
        double dot = 0;
        for (int i = 0; i < dimensions; ++i) {
            a[size_t(i)] = float(a[size_t(i)] / std::sqrt(aNorm));
            b[size_t(i)] = float(b[size_t(i)] / std::sqrt(bNorm));
            dot += double(a[size_t(i)]) * b[size_t(i)];
        }
        QVERIFY2(std::abs(double(fastest(a.data(), b.data(), &n)) - (1.0 - dot)) < 1e-5,
                 qPrintable(QStringLiteral("%1 vs %2").arg(fastest(a.data(), b.data(), &n)).arg(1.0 - dot)));
        QVERIFY(std::abs(double(fastest(a.data(), a.data(), &n))) < 1e-5); // a unit vector is at distance 0 from itself
    }
};

QTEST_APPLESS_MAIN(TestDotDistance)
#include "tst_dotdistance.moc"

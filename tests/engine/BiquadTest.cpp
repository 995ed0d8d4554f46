// The equaliser's filters do what the cookbook says (gain at the centre or on the shelf, unity
// far away, measured on sines and from the transfer function), and the random equaliser
// changes a signal's colour, keeps unit RMS, and repeats itself for the same random state.

#include "engine/data/RandomEqualiser.h"
#include "engine/dsp/Biquad.h"

#include <QtTest>

#include <cmath>
#include <vector>

using namespace timbrescope;

namespace {

constexpr int kRate = 22050;

// Level change in dB of a sine through `filter`, after its transient.
double sineGainDb(dsp::Biquad filter, double frequency) {
    std::vector<float> x(kRate);
    for (int i = 0; i < kRate; ++i) x[std::size_t(i)] = float(std::sin(2 * M_PI * frequency * i / kRate));
    filter.process(x.data(), x.size());
    double energy = 0;
    for (int i = kRate / 2; i < kRate; ++i) energy += double(x[std::size_t(i)]) * x[std::size_t(i)];
    return 10 * std::log10(energy / (kRate / 2) / 0.5);
}

} // namespace

class BiquadTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sectionsHaveTheirGainWhereTheyShould() {
        const dsp::Biquad peak = dsp::Biquad::peaking(1000, 6, 1.0, kRate);
        QVERIFY(std::fabs(sineGainDb(peak, 1000) - 6) < 0.1);
        QVERIFY(std::fabs(sineGainDb(peak, 60)) < 0.2);
        QVERIFY(std::fabs(peak.responseDb(1000, kRate) - 6) < 1e-6);
        const dsp::Biquad low = dsp::Biquad::lowShelf(200, -9, kRate);
        QVERIFY(std::fabs(sineGainDb(low, 30) + 9) < 0.3);
        QVERIFY(std::fabs(sineGainDb(low, 5000)) < 0.1);
        const dsp::Biquad high = dsp::Biquad::highShelf(4000, 5, kRate);
        QVERIFY(std::fabs(high.responseDb(10000, kRate) - 5) < 0.3);
        QVERIFY(std::fabs(high.responseDb(100, kRate)) < 0.05);
        QVERIFY(std::fabs(high.responseDb(4000, kRate) - 2.5) < 0.1);  // half the gain at the corner
    }

    void randomEqualiserColoursKeepsLevelAndRepeats() {
        std::mt19937_64 noise(1);
        std::normal_distribution<float> n(0, 1);
        std::vector<float> x(kRate);
        for (float& v : x) v = n(noise);
        data::EqualiserOptions o;
        o.share = 1.0;
        std::vector<float> a = x, b = x;
        std::mt19937_64 r1(9), r2(9);
        QVERIFY(data::randomEqualise(a.data(), a.size(), kRate, o, r1));
        QVERIFY(data::randomEqualise(b.data(), b.size(), kRate, o, r2));
        QCOMPARE(a, b);
        double energy = 0, difference = 0;
        for (std::size_t i = 0; i < a.size(); ++i) energy += a[i] * a[i], difference += (a[i] - x[i]) * (a[i] - x[i]);
        QVERIFY(std::fabs(std::sqrt(energy / kRate) - 1) < 1e-3);
        QVERIFY(difference / kRate > 1e-3);
        o.share = 0.0;
        std::vector<float> c = x;
        QVERIFY(!data::randomEqualise(c.data(), c.size(), kRate, o, r1));
        QCOMPARE(c, x);
    }
};

QTEST_GUILESS_MAIN(BiquadTest)
#include "BiquadTest.moc"

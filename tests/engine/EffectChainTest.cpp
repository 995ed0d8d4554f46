// The training-time effects do what they say on a signal a user could check by ear: a pitch
// shift moves a tone's frequency by the asked semitones, a generated room has the asked RT60
// (within 10 %), noise lands at the asked SNR, filters cut what they should, the compressor
// lowers the peak-to-RMS ratio, a lossy codec round trip keeps length, timing and pitch but not
// the top band at low bitrates, and the chain keeps unit RMS and repeats itself per seed.

#include "engine/augment/CodecRoundTrip.h"
#include "engine/augment/Compressor.h"
#include "engine/augment/EffectChain.h"
#include "engine/augment/Noise.h"
#include "engine/augment/PitchShift.h"
#include "engine/augment/RoomImpulse.h"
#include "engine/core/Error.h"
#include "engine/dsp/Biquad.h"

#include <QtTest>

#include <cmath>
#include <vector>

using namespace timbrescope;

namespace {

constexpr int kRate = 22050;

std::vector<float> sine(double frequency, double amplitude = 1.0) {
    std::vector<float> x(kRate);
    for (int i = 0; i < kRate; ++i) x[std::size_t(i)] = float(amplitude * std::sin(2 * M_PI * frequency * i / kRate));
    return x;
}

// The frequency of the strongest DFT bin between 300 and 700 Hz, refined by a 0.1 Hz search.
double dominantFrequency(const std::vector<float>& x) {
    auto power = [&](double f) {
        double re = 0, im = 0;
        for (std::size_t i = 0; i < x.size(); ++i) {
            re += x[i] * std::cos(2 * M_PI * f * double(i) / kRate);
            im -= x[i] * std::sin(2 * M_PI * f * double(i) / kRate);
        }
        return re * re + im * im;
    };
    double best = 300, bestPower = 0;
    for (double f = 300; f < 700; f += 1.0)
        if (const double p = power(f); p > bestPower) bestPower = p, best = f;
    for (double f = best - 1; f <= best + 1; f += 0.1)
        if (const double p = power(f); p > bestPower) bestPower = p, best = f;
    return best;
}

double rms(const std::vector<float>& x) {
    double e = 0;
    for (float v : x) e += double(v) * v;
    return std::sqrt(e / double(x.size()));
}

// The lag (in ±range samples) at which y best matches x, by normalised cross-correlation.
int bestLag(const std::vector<float>& x, const std::vector<float>& y, int range, double* correlation) {
    int best = 0;
    *correlation = -1;
    for (int lag = -range; lag <= range; ++lag) {
        double xy = 0, xx = 0, yy = 0;
        for (std::size_t i = std::size_t(range); i + std::size_t(range) < x.size(); ++i) {
            const double a = x[i], b = y[std::size_t(std::ptrdiff_t(i) + lag)];
            xy += a * b, xx += a * a, yy += b * b;
        }
        if (const double c = xy / std::sqrt(xx * yy); c > *correlation) *correlation = c, best = lag;
    }
    return best;
}

// RMS above `hertz` (a fourth-order high-pass), in dB relative to the same band of `reference`.
double bandChangeDb(std::vector<float> x, std::vector<float> reference, double hertz) {
    for (auto* v : {&x, &reference})
        for (int pass = 0; pass < 2; ++pass) dsp::Biquad::highPass(hertz, M_SQRT1_2, kRate).process(v->data(), v->size());
    return 20 * std::log10(rms(x) / rms(reference));
}

} // namespace

class EffectChainTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void pitchShiftMovesATonesFrequency() {
        for (double semitones : {2.0, -2.0, 0.5}) {
            std::vector<float> x = sine(440);
            augment::pitchShift(x.data(), x.size(), semitones);
            const double expected = 440 * std::pow(2.0, semitones / 12.0);
            QVERIFY2(std::fabs(dominantFrequency(x) - expected) < 1.0, qPrintable(QString::number(dominantFrequency(x))));
            QVERIFY(std::fabs(rms(x) - std::sqrt(0.5)) < 0.05);  // the loop's crossfade keeps the level
        }
    }

    void generatedRoomsHaveTheAskedRt60() {
        std::mt19937_64 rng(3);
        for (double rt60 : {0.1, 0.4, 1.0, 1.5}) {
            const auto impulse = augment::roomImpulse({rt60, 0.0}, kRate, rng);
            const double measured = augment::measureRt60(impulse, kRate);
            QVERIFY2(std::fabs(measured - rt60) < 0.1 * rt60, qPrintable(QString("RT60 %1 measured %2").arg(rt60).arg(measured)));
            QVERIFY(impulse.size() <= std::size_t(1.5 * kRate) + 1);
        }
    }

    void convolutionWithAnImpulseIsTheSignalAndARoomSmearsIt() {
        std::vector<float> x = sine(300), y = x;
        augment::convolve(y.data(), y.size(), {1.0f});
        for (std::size_t i = 0; i < x.size(); ++i) QVERIFY(std::fabs(x[i] - y[i]) < 1e-4f);
        // A click in a 1-s room keeps ringing after it.
        std::vector<float> click(kRate, 0.0f);
        click[100] = 1.0f;
        std::mt19937_64 rng(1);
        augment::convolve(click.data(), click.size(), augment::roomImpulse({1.0, 0.0}, kRate, rng));
        double late = 0;
        for (int i = kRate / 2; i < kRate; ++i) late += double(click[std::size_t(i)]) * click[std::size_t(i)];
        QVERIFY(late > 1e-4);
    }

    void noiseLandsAtTheAskedSnr() {
        for (auto colour : {augment::NoiseColour::White, augment::NoiseColour::Pink}) {
            const std::vector<float> clean = sine(440);
            std::vector<float> noisy = clean;
            std::mt19937_64 rng(5);
            augment::addNoise(noisy.data(), noisy.size(), colour, 20.0, rng);
            std::vector<float> noise(clean.size());
            for (std::size_t i = 0; i < clean.size(); ++i) noise[i] = noisy[i] - clean[i];
            QVERIFY(std::fabs(20 * std::log10(rms(clean) / rms(noise)) - 20.0) < 0.01);
        }
    }

    void filtersCutWhatTheyShould() {
        std::vector<float> high = sine(8000);
        dsp::Biquad::lowPass(2000, M_SQRT1_2, kRate).process(high.data(), high.size());
        QVERIFY(rms(high) < 0.1 * std::sqrt(0.5));
        std::vector<float> low = sine(50);
        dsp::Biquad::highPass(400, M_SQRT1_2, kRate).process(low.data(), low.size());
        QVERIFY(rms(low) < 0.05 * std::sqrt(0.5));
        QVERIFY(std::fabs(dsp::Biquad::lowPass(2000, M_SQRT1_2, kRate).responseDb(2000, kRate) + 3.01) < 0.05);
    }

    void compressorNarrowsTheDynamics() {
        // A loud burst then a quiet tail: compression lowers the burst against the tail.
        std::vector<float> x = sine(440);
        for (std::size_t i = x.size() / 4; i < x.size(); ++i) x[i] *= 0.1f;
        std::vector<float> y = x;
        augment::compress(y.data(), y.size(), kRate, {-20.0, 8.0, 0.001, 0.05});
        auto ratio = [](const std::vector<float>& v) {
            double loud = 0, quiet = 0;
            for (std::size_t i = 2000; i < v.size() / 4; ++i) loud = std::max(loud, double(std::fabs(v[i])));
            for (std::size_t i = v.size() / 2; i < v.size(); ++i) quiet = std::max(quiet, double(std::fabs(v[i])));
            return loud / quiet;
        };
        QVERIFY(ratio(y) < 0.5 * ratio(x));
    }

    void codecRoundTripKeepsLengthTimingAndPitch() {
        // A tone with overtones over quiet noise, at a level the codecs must scale into ±1.
        std::vector<float> x = sine(440, 3.0);
        std::mt19937_64 rng(5);
        std::normal_distribution<float> noise(0.0f, 0.05f);
        for (std::size_t i = 0; i < x.size(); ++i) x[i] += float(std::sin(2 * M_PI * 3000 * double(i) / kRate)) + noise(rng);
        for (augment::Codec codec : {augment::Codec::Mp3, augment::Codec::Vorbis}) {
            for (double level : {0.0, 0.4, 0.9, 1.0}) {
                const QByteArray what = QByteArray::fromStdString(augment::codecName(codec)) + " at level " + QByteArray::number(level);
                std::vector<float> y = x;
                augment::codecRoundTrip(y.data(), y.size(), kRate, codec, level);
                QVERIFY2(y != x, what);
                double correlation = 0;
                QVERIFY2(bestLag(x, y, 1200, &correlation) == 0, what);  // the codec's delay is removed
                QVERIFY2(correlation > 0.98, what + ": correlation " + QByteArray::number(correlation));
                QVERIFY2(std::fabs(rms(y) / rms(x) - 1.0) < 0.1, what);
                QVERIFY2(std::fabs(dominantFrequency(y) - 440.0) < 1.0, what);
            }
        }
    }

    void lowBitrateMp3LosesTheTopBand() {
        std::vector<float> x(kRate);
        std::mt19937_64 rng(3);
        std::normal_distribution<float> noise(0.0f, 0.2f);
        for (float& v : x) v = noise(rng);
        std::vector<float> low = x, high = x;
        augment::codecRoundTrip(low.data(), low.size(), kRate, augment::Codec::Mp3, 0.9);   // about 25 kbit/s
        augment::codecRoundTrip(high.data(), high.size(), kRate, augment::Codec::Mp3, 0.4);  // about 100 kbit/s
        QVERIFY(bandChangeDb(low, x, 8000) < -15.0);
        QVERIFY(bandChangeDb(high, x, 8000) > -6.0);
    }

    void chainKeepsUnitRmsAndRepeatsPerSeed() {
        augment::EffectOptions o;
        o.pitchShare = o.filterShare = o.roomShare = o.compressShare = o.noiseShare = o.codecShare = 1.0;
        std::vector<float> a = sine(330), b = a, c = a;
        std::mt19937_64 r1(11), r2(11), r3(12);
        const auto applied = augment::applyEffects(a.data(), a.size(), kRate, o, r1);
        QCOMPARE(applied.size(), std::size_t(6));
        QCOMPARE(applied.back(), std::string("codec"));
        augment::applyEffects(b.data(), b.size(), kRate, o, r2);
        augment::applyEffects(c.data(), c.size(), kRate, o, r3);
        QCOMPARE(a, b);
        QVERIFY(a != c);
        QVERIFY(std::fabs(rms(a) - 1.0) < 1e-3);
        // Off: nothing changes and no random numbers are drawn.
        std::vector<float> d = sine(330);
        std::mt19937_64 r4(11), untouched(11);
        QVERIFY(augment::applyEffects(d.data(), d.size(), kRate, augment::EffectOptions{}, r4).empty());
        QCOMPARE(d, sine(330));
        QCOMPARE(r4(), untouched());
    }

    void outOfRangeOptionsNameTheirOption() {
        augment::EffectOptions o;
        o.roomShare = 1.5;
        try {
            augment::validate(o);
            QFAIL("a share of 1.5 was accepted");
        } catch (const Error& e) {
            QVERIFY(QString(e.what()).contains("--room"));
        }
        o = {};
        o.minRt60 = 2.0, o.maxRt60 = 1.0;
        QVERIFY_THROWS_EXCEPTION(Error, augment::validate(o));
        o = {};
        o.minCodecLevel = 0.5, o.maxCodecLevel = 1.2;
        try {
            augment::validate(o);
            QFAIL("a codec level of 1.2 was accepted");
        } catch (const Error& e) {
            QVERIFY(QString(e.what()).contains("--codec-level"));
        }
    }
};

QTEST_APPLESS_MAIN(EffectChainTest)
#include "EffectChainTest.moc"

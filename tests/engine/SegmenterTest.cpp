// Cutting into 1-s segments and RMS normalisation: counts, overlap, unit RMS, silence.

#include "engine/audio/Segmenter.h"
#include "engine/core/Error.h"
#include "tests/support/AudioFixtures.h"

#include <QtTest>

using namespace timbrescope;
using namespace timbrescope::audio;
using namespace timbrescope::testing;

class SegmenterTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void counts_data() {
        QTest::addColumn<double>("seconds");
        QTest::addColumn<int>("hop");
        QTest::addColumn<int>("expected");
        QTest::newRow("3 s") << 3.0 << 22050 << 3;
        QTest::newRow("3.9 s drops the tail") << 3.9 << 22050 << 3;
        QTest::newRow("exactly 1 s") << 1.0 << 22050 << 1;
        QTest::newRow("0.4 s pads") << 0.4 << 22050 << 1;
        QTest::newRow("3 s hop 0.5 s") << 3.0 << 11025 << 5;
        QTest::newRow("20 s") << 20.0 << 22050 << 20;
    }
    void counts() {
        QFETCH(double, seconds);
        QFETCH(int, hop);
        QFETCH(int, expected);
        PreprocessOptions options;
        options.hop = hop;
        const std::vector<float> signal = noise(seconds, 22050, 0.3f);
        const Segments s = segment(signal, options);
        QCOMPARE(int(s.count()), expected);
        QCOMPARE(int(segmentCount(std::int64_t(signal.size()), options.segmentLength, hop)), expected);
        // What no segment covers: 0.9 s of the 3.9-s signal, nothing of the padded or exact ones.
        const std::int64_t tail = unanalysedTail(std::int64_t(signal.size()), options.segmentLength, hop);
        QCOMPARE(tail, seconds == 3.9 ? std::int64_t(signal.size()) - 3 * 22050 : std::int64_t(0));
        QCOMPARE(s.samples.size(), s.count() * 22050);
        QCOMPARE(s.padded, seconds < 1.0);
        QCOMPARE(segmentRms(signal, options), s.rms);
    }

    void everySegmentHasUnitRms() {
        // Very different levels per second: normalisation evens them out.
        std::vector<float> signal = concat(sine(440, 1.0, 22050, 0.9f), sine(440, 1.0, 22050, 0.01f));
        signal = concat(signal, noise(1.0, 22050, 0.2f));
        signal = concat(signal, concat(sine(300, 0.7, 22050, 0.5f), silence(0.3, 22050)));
        const Segments s = segment(signal);
        QCOMPARE(int(s.count()), 4);
        for (std::size_t i = 0; i < s.count(); ++i) {
            QVERIFY(!s.silent[i]);
            QVERIFY2(std::fabs(rms(s.segment(i), 22050) - 1.0) < 1e-4, qPrintable(QString::number(i)));
        }
        QVERIFY(std::fabs(s.rms[0] - 0.9 / std::sqrt(2.0)) < 1e-3);
        QVERIFY(std::fabs(s.rms[1] - 0.01 / std::sqrt(2.0)) < 1e-4);
        // The shape is kept: the normalised segment is the input times one factor.
        const float factor = s.segment(2)[100] / signal[2 * 22050 + 100];
        QVERIFY(std::fabs(s.segment(2)[5000] - factor * signal[2 * 22050 + 5000]) < 1e-4);
    }

    void overlappingSegmentsStartEveryHop() {
        PreprocessOptions options;
        options.hop = 11025;
        const std::vector<float> signal = noise(2.0, 22050, 0.3f);
        const Segments s = segment(signal, options);
        QCOMPARE(int(s.count()), 3);
        const float factor = 1.0f / s.rms[1];
        QVERIFY(std::fabs(s.segment(1)[0] - signal[11025] * factor) < 1e-5);
    }

    void silenceStaysZeroAndIsFlagged() {
        const std::vector<float> signal = concat(concat(silence(1.0, 22050), noise(1.0, 22050, 1e-5f)),
                                                 sine(440, 1.0, 22050, 0.5f));
        const Segments s = segment(signal);
        QCOMPARE(int(s.count()), 3);
        QCOMPARE(int(s.silent[0]), 1);  // digital silence
        QCOMPARE(int(s.silent[1]), 1);  // -100 dBFS noise is below the -80 dBFS threshold
        QCOMPARE(int(s.silent[2]), 0);
        for (int i : {0, 1})
            for (int k = 0; k < 22050; ++k) QCOMPARE(s.segment(i)[k], 0.0f);
        for (float v : s.samples) QVERIFY(std::isfinite(v));
        QCOMPARE(s.rms[0], 0.0f);
    }

    void shortSignalIsPaddedThenNormalised() {
        const Segments s = segment(sine(440, 0.25, 22050, 0.5f));
        QCOMPARE(int(s.count()), 1);
        QVERIFY(s.padded);
        QVERIFY(std::fabs(rms(s.segment(0), 22050) - 1.0) < 1e-4);
        QCOMPARE(s.segment(0)[22049], 0.0f);
    }

    void rangesPieceTogetherTheWholeSegmentation() {
        PreprocessOptions options;
        options.hop = 7000;  // overlapping, with a ragged tail
        const std::vector<float> signal = concat(noise(3.3, 22050, 0.2f), silence(1.2, 22050));
        const Segments whole = segment(signal, options);
        const std::vector<float> rms = segmentRms(signal, options);
        std::vector<float> samples;
        std::vector<std::uint8_t> silent;
        for (std::size_t first = 0; first < rms.size(); first += 3) {
            const Segments part = segmentRange(signal, rms, first, 3, options);
            QVERIFY(part.count() <= 3);
            samples.insert(samples.end(), part.samples.begin(), part.samples.end());
            silent.insert(silent.end(), part.silent.begin(), part.silent.end());
        }
        QCOMPARE(samples, whole.samples);
        QCOMPARE(silent, whole.silent);
        QCOMPARE(int(segmentRange(signal, rms, rms.size() + 5, 3, options).count()), 0);  // past the end: nothing
    }

    void rejectsInvalidOptions() {
        PreprocessOptions options;
        options.hop = 0;
        QVERIFY_THROWS_EXCEPTION(Error, segment(silence(1.0, 22050), options));
    }
};

QTEST_GUILESS_MAIN(SegmenterTest)
#include "SegmenterTest.moc"

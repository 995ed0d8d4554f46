// The multi-resolution summary answers any range exactly as a scan of the raw samples would.

#include "widgets/WaveformSummary.h"

#include <QtTest>

#include <cmath>
#include <random>

using namespace timbrescope::widgets;

namespace {

SampleRange bruteForce(const std::vector<float>& s, std::int64_t begin, std::int64_t end) {
    float lo = 2, hi = -2;
    double sum = 0;
    bool clipped = false;
    for (std::int64_t i = begin; i < end; ++i) {
        const float v = s[static_cast<std::size_t>(i)];
        lo = std::min(lo, v), hi = std::max(hi, v), sum += double(v) * v;
        clipped = clipped || std::fabs(v) >= WaveformSummary::kClipLevel;
    }
    return {lo, hi, static_cast<float>(std::sqrt(sum / double(end - begin))), clipped};
}

} // namespace

class WaveformSummaryTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesABruteForceScan() {
        auto samples = std::make_shared<std::vector<float>>(10000);
        std::mt19937 rng(7);
        std::uniform_real_distribution<float> dist(-0.9f, 0.9f);
        for (float& v : *samples) v = dist(rng);
        (*samples)[5000] = 1.0f;  // one clipped sample
        const WaveformSummary summary(samples);
        const std::pair<int, int> ranges[] = {{0, 10000}, {3, 7}, {100, 900}, {255, 257}, {256, 512}, {4990, 5001}, {9000, 20000}};
        for (auto [b, e] : ranges) {
            float lo = 2, hi = -2;
            double sum = 0;
            bool clipped = false;
            const int end = std::min(e, 10000);
            for (int i = b; i < end; ++i) {
                const float v = (*samples)[i];
                lo = std::min(lo, v), hi = std::max(hi, v), sum += double(v) * v;
                clipped = clipped || std::fabs(v) >= WaveformSummary::kClipLevel;
            }
            const SampleRange r = summary.range(b, e);
            QCOMPARE(r.min, lo);
            QCOMPARE(r.max, hi);
            QVERIFY(std::fabs(r.rms - std::sqrt(sum / (end - b))) < 1e-5);
            QCOMPARE(r.clipped, clipped);
        }
        QCOMPARE(summary.range(20000, 30000).rms, 0.0f);  // outside the signal
    }

    void longSignalsUseCoarseLevelsAndStayExact() {
        // 1 000 003 samples: blocks of 256, 4 096, 65 536 and 1 048 576 samples, a ragged tail.
        auto samples = std::make_shared<std::vector<float>>(1000003);
        std::mt19937 rng(11);
        std::uniform_real_distribution<float> dist(-0.9f, 0.9f);
        for (float& v : *samples) v = dist(rng);
        (*samples)[777777] = -1.0f;
        const WaveformSummary summary(samples);
        QCOMPARE(summary.levelCount(), 4);
        std::uniform_int_distribution<std::int64_t> position(0, summary.size());
        std::vector<std::pair<std::int64_t, std::int64_t>> ranges = {{0, summary.size()}, {700000, summary.size()}, {65536, 131072}, {777777, 777778}};
        for (int i = 0; i < 200; ++i) {
            std::int64_t b = position(rng), e = position(rng);
            if (b > e) std::swap(b, e);
            if (b < e) ranges.emplace_back(b, e);
        }
        for (auto [b, e] : ranges) {
            const SampleRange expected = bruteForce(*samples, b, e), r = summary.range(b, e);
            QCOMPARE(r.min, expected.min);
            QCOMPARE(r.max, expected.max);
            QCOMPARE(r.clipped, expected.clipped);
            QVERIFY2(std::fabs(r.rms - expected.rms) < 1e-5, qPrintable(QString("%1..%2").arg(b).arg(e)));
        }
    }
};

QTEST_GUILESS_MAIN(WaveformSummaryTest)
#include "WaveformSummaryTest.moc"

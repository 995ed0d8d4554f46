// The per-block summary answers any range exactly as a scan of the raw samples would.

#include "widgets/WaveformSummary.h"

#include <QtTest>

#include <cmath>
#include <random>

using namespace timbrescope::widgets;

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
};

QTEST_GUILESS_MAIN(WaveformSummaryTest)
#include "WaveformSummaryTest.moc"

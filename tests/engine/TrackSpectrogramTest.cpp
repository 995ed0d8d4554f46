// The whole-track spectrogram: computed block by block, it equals one transform of the whole
// signal (no seams at block edges), puts tones in their bins, pools long tracks to the width
// asked for, and stops when told.

#include "engine/dsp/TrackSpectrogram.h"

#include <QtTest>

#include <torch/torch.h>

#include <cmath>

using namespace timbrescope::dsp;

namespace {

// A4 (440 Hz) for the first half, A5 for the second, over a little noise.
std::vector<float> twoTones(double seconds) {
    std::vector<float> x(std::size_t(seconds * 22050));
    std::uint32_t state = 7;
    for (std::size_t i = 0; i < x.size(); ++i) {
        state = state * 1664525u + 1013904223u;
        const double f = i < x.size() / 2 ? 440.0 : 880.0;
        x[i] = float(0.4 * std::sin(2 * M_PI * f * double(i) / 22050) + 0.01 * (double(state >> 8) / double(1 << 24) - 0.5));
    }
    return x;
}

int loudestBin(const TrackSpectrogram& s, std::int64_t frame) {
    int best = 0;
    for (int b = 1; b < s.bins; ++b)
        if (s.at(frame, b) > s.at(frame, best)) best = b;
    return best;
}

} // namespace

class TrackSpectrogramTest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void blocksLeaveNoSeams() {
        const std::vector<float> x = twoTones(9.0);  // several 4-s blocks and a ragged end
        const auto s = wholeTrackCqt(x, 22050, 1 << 20);
        QVERIFY(s);
        QCOMPARE(s->bins, 96);
        QCOMPARE(s->frames, std::int64_t(x.size() + 255) / 256);
        QVERIFY(std::fabs(s->framesPerSecond - 22050.0 / 256) < 1e-9);
        // One transform of the whole signal, in dB below its loudest bin.
        ConstantQ cqt;
        torch::NoGradGuard noGrad;
        const at::Tensor whole = cqt->magnitude(torch::from_blob(const_cast<float*>(x.data()), {1, 1, std::int64_t(x.size())}).clone())[0];
        const at::Tensor db = torch::clamp_min(20 * torch::log10(torch::clamp_min(whole, 1e-5) / whole.max()), -80.0);
        double worst = 0.0;
        for (std::int64_t f = 0; f < s->frames; ++f)
            for (int b = 0; b < s->bins; ++b) worst = std::max(worst, std::fabs(double(s->at(f, b)) - db[b][f].item<double>()));
        QVERIFY2(worst < 0.01, qPrintable(QString::number(worst)));
        // A4 is bin 45 above C1, A5 bin 57; the loudest is 0 dB.
        QCOMPARE(loudestBin(*s, s->frames / 4), 45);
        QCOMPARE(loudestBin(*s, 3 * s->frames / 4), 57);
        QVERIFY(std::fabs(*std::max_element(s->db.begin(), s->db.end())) < 1e-6);
        QCOMPARE(*std::min_element(s->db.begin(), s->db.end()), -80.0f);
    }

    void longTracksArePooledToTheWidthAskedFor() {
        const std::vector<float> x = twoTones(6.0);
        const auto full = wholeTrackCqt(x, 22050, 1 << 20);
        const auto pooled = wholeTrackCqt(x, 22050, 100);
        QVERIFY(full && pooled);
        QVERIFY(pooled->frames <= 100 && pooled->frames > 50);  // whole frames per column
        const std::int64_t group = (full->frames + 99) / 100;
        QVERIFY(std::fabs(pooled->framesPerSecond * double(group) - full->framesPerSecond) < 1e-9);
        // Each column is the loudest of the frames it stands for.
        for (std::int64_t f = 0; f < pooled->frames; f += 7)
            for (int b = 0; b < 96; b += 5) {
                float expected = -1000.0f;
                for (std::int64_t g = f * group; g < std::min(full->frames, (f + 1) * group); ++g) expected = std::max(expected, full->at(g, b));
                QVERIFY(std::fabs(pooled->at(f, b) - expected) < 1e-4);
            }
    }

    void stopsWhenTold() {
        const std::vector<float> x = twoTones(20.0);
        int asked = 0;
        QVERIFY(!wholeTrackCqt(x, 22050, 1000, [&] { return ++asked < 2; }));
        QCOMPARE(asked, 2);
    }
};

QTEST_MAIN(TrackSpectrogramTest)
#include "TrackSpectrogramTest.moc"

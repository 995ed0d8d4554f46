// The constant-Q transform: image size, tones in the right bins, agreement with a slow direct
// per-bin computation, dB scaling as [4] does it.

#include "engine/dsp/ConstantQ.h"

#include <QtTest>

#include <torch/torch.h>

#include <cmath>
#include <complex>

using namespace timbrescope::dsp;

namespace {

at::Tensor tone(double frequency, double amplitude = 0.5) {
    return amplitude * torch::sin(2 * M_PI * frequency * torch::arange(22050, torch::kFloat64) / 22050.0).to(torch::kFloat32).view({1, 1, -1});
}

// |X_k(t)|: the Hann-windowed complex exponential of bin k, n_k = ceil(Q·sr/f_k) samples starting
// n_k/2 before t·hop (silence outside the signal), normalised by the window's sum. Plain loops in
// double precision, independent of the octave-grouped convolution under test.
double direct(const std::vector<float>& x, int bin, int frame, const ConstantQImpl& cqt) {
    const double f = cqt.frequency(bin);
    const double q = 1.0 / (std::pow(2.0, 1.0 / 12) - 1.0);
    const int n = int(std::ceil(q * 22050 / f));
    double windowSum = 0.0;
    for (int i = 0; i < n; ++i) windowSum += 0.5 - 0.5 * std::cos(2 * M_PI * i / n);
    std::complex<double> sum = 0.0;
    const long start = long(frame) * 256 - n / 2;
    for (int i = 0; i < n; ++i) {
        const long s = start + i;
        if (s < 0 || s >= long(x.size())) continue;
        const double w = (0.5 - 0.5 * std::cos(2 * M_PI * i / n)) / windowSum;
        sum += double(x[std::size_t(s)]) * w * std::polar(1.0, -2 * M_PI * f * (i - n / 2) / 22050);
    }
    return std::abs(sum);
}

} // namespace

class ConstantQTest : public QObject {
    Q_OBJECT
    ConstantQ cqt_;

private Q_SLOTS:
    void segmentGivesA96x87Image() {
        const at::Tensor image = cqt_->forward(torch::randn({3, 1, 22050}));
        QCOMPARE(image.sizes().vec(), (std::vector<std::int64_t>{3, 1, 96, 87}));
        QVERIFY(std::fabs(cqt_->frequency(0) - 32.703) < 1e-3);
        QVERIFY(std::fabs(cqt_->frequency(95) - 7902.13) < 0.1);  // B8
    }

    void tonesPeakInTheirBin_data() {
        QTest::addColumn<int>("bin");
        for (int bin : {0, 9, 24, 45, 57, 69, 81, 95}) QTest::addRow("bin %d", bin) << bin;
    }
    void tonesPeakInTheirBin() {
        QFETCH(int, bin);
        const at::Tensor magnitude = cqt_->magnitude(tone(cqt_->frequency(bin)));  // [1, 96, 87]
        const at::Tensor middle = magnitude[0].select(1, 43);
        QCOMPARE(middle.argmax().item<std::int64_t>(), std::int64_t(bin));
        // A sinusoid of amplitude 0.5 at a bin's frequency reads 0.25 there.
        QVERIFY2(std::fabs(middle[bin].item<float>() - 0.25f) < 0.01f, qPrintable(QString::number(middle[bin].item<float>())));
    }

    void matchesADirectComputation() {
        torch::manual_seed(3);
        const at::Tensor x = tone(440.0) + tone(97.0, 0.3) + 0.1 * torch::randn({1, 1, 22050});
        const at::Tensor magnitude = cqt_->magnitude(x);
        const std::vector<float> samples(x.data_ptr<float>(), x.data_ptr<float>() + 22050);
        double worst = 0.0;
        for (int bin : {0, 7, 30, 45, 57, 70, 88, 95})
            for (int frame : {0, 1, 20, 43, 86})
                worst = std::max(worst, std::fabs(magnitude[0][bin][frame].item<float>() - direct(samples, bin, frame, *cqt_)));
        // Single-precision convolution against double-precision sums: agree to 1e-5 of full scale.
        QVERIFY2(worst < 1e-5, qPrintable(QString::number(worst)));
    }

    void decibelsAsTheBaselineComputesThem() {
        const at::Tensor magnitude = torch::tensor({1.0f, 0.1f, 1e-7f, 0.0f}).view({1, 1, 4});
        const at::Tensor db = magnitudeToDb(magnitude, 1e-5, 80.0);
        QVERIFY(std::fabs(db[0][0][0].item<float>() - 0.0f) < 1e-5f);
        QVERIFY(std::fabs(db[0][0][1].item<float>() + 20.0f) < 1e-4f);
        QCOMPARE(db[0][0][2].item<float>(), -80.0f);  // floored at max − top_db
        QCOMPARE(db[0][0][3].item<float>(), -80.0f);
        // Silence stays finite: amin keeps log10 away from zero.
        QVERIFY(cqt_->forward(torch::zeros({1, 1, 22050})).isfinite().all().item<bool>());
    }
};

QTEST_GUILESS_MAIN(ConstantQTest)
#include "ConstantQTest.moc"

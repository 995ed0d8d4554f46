#include "engine/dsp/Biquad.h"

#include <cmath>
#include <complex>

namespace timbrescope::dsp {
namespace {

struct Angle {
    double cosine, alpha;
    Angle(double frequency, double q, double rate) {
        const double w = 2.0 * M_PI * frequency / rate;
        cosine = std::cos(w);
        alpha = std::sin(w) / (2.0 * q);
    }
};

constexpr double kShelfQ = 1.0 / M_SQRT2;  // the cookbook's S = 1: the steepest shelf without overshoot

} // namespace

Biquad::Biquad(double b0, double b1, double b2, double a0, double a1, double a2)
    : b0_(b0 / a0), b1_(b1 / a0), b2_(b2 / a0), a1_(a1 / a0), a2_(a2 / a0) {}

Biquad Biquad::lowShelf(double frequency, double gainDb, double rate) {
    const double a = std::pow(10.0, gainDb / 40.0), r = 2.0 * std::sqrt(a);
    const Angle w(frequency, kShelfQ, rate);
    return {a * ((a + 1) - (a - 1) * w.cosine + r * w.alpha), 2 * a * ((a - 1) - (a + 1) * w.cosine),
            a * ((a + 1) - (a - 1) * w.cosine - r * w.alpha), (a + 1) + (a - 1) * w.cosine + r * w.alpha,
            -2 * ((a - 1) + (a + 1) * w.cosine), (a + 1) + (a - 1) * w.cosine - r * w.alpha};
}

Biquad Biquad::lowPass(double frequency, double q, double rate) {
    const Angle w(frequency, q, rate);
    return {(1 - w.cosine) / 2, 1 - w.cosine, (1 - w.cosine) / 2, 1 + w.alpha, -2 * w.cosine, 1 - w.alpha};
}

Biquad Biquad::highPass(double frequency, double q, double rate) {
    const Angle w(frequency, q, rate);
    return {(1 + w.cosine) / 2, -(1 + w.cosine), (1 + w.cosine) / 2, 1 + w.alpha, -2 * w.cosine, 1 - w.alpha};
}

Biquad Biquad::highShelf(double frequency, double gainDb, double rate) {
    const double a = std::pow(10.0, gainDb / 40.0), r = 2.0 * std::sqrt(a);
    const Angle w(frequency, kShelfQ, rate);
    return {a * ((a + 1) + (a - 1) * w.cosine + r * w.alpha), -2 * a * ((a - 1) + (a + 1) * w.cosine),
            a * ((a + 1) + (a - 1) * w.cosine - r * w.alpha), (a + 1) - (a - 1) * w.cosine + r * w.alpha,
            2 * ((a - 1) - (a + 1) * w.cosine), (a + 1) - (a - 1) * w.cosine - r * w.alpha};
}

Biquad Biquad::peaking(double frequency, double gainDb, double q, double rate) {
    const double a = std::pow(10.0, gainDb / 40.0);
    const Angle w(frequency, q, rate);
    return {1 + w.alpha * a, -2 * w.cosine, 1 - w.alpha * a, 1 + w.alpha / a, -2 * w.cosine, 1 - w.alpha / a};
}

void Biquad::process(float* samples, std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) {
        const double x = samples[i];
        const double y = b0_ * x + z1_;
        z1_ = b1_ * x - a1_ * y + z2_;
        z2_ = b2_ * x - a2_ * y;
        samples[i] = float(y);
    }
}

double Biquad::responseDb(double frequency, double rate) const {
    const std::complex<double> z = std::polar(1.0, -2.0 * M_PI * frequency / rate);  // z^-1
    const std::complex<double> h = (b0_ + b1_ * z + b2_ * z * z) / (1.0 + a1_ * z + a2_ * z * z);
    return 20.0 * std::log10(std::abs(h));
}

} // namespace timbrescope::dsp

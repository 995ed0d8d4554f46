#include "engine/augment/PitchShift.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace timbrescope::augment {
namespace {

constexpr int kHalfTaps = 12;             // zero crossings each side of the interpolation kernel
constexpr std::size_t kCrossfade = 441;   // 20 ms at 22.05 kHz where the loop joins

// Hann-windowed sinc with cutoff `cutoff` (1 = Nyquist), at distance x samples.
double kernel(double x, double cutoff) {
    if (std::fabs(x) >= kHalfTaps / cutoff) return 0.0;
    const double window = 0.5 + 0.5 * std::cos(M_PI * x * cutoff / kHalfTaps);
    const double t = M_PI * x * cutoff;
    return cutoff * (std::fabs(t) < 1e-9 ? 1.0 : std::sin(t) / t) * window;
}

} // namespace

void pitchShift(float* samples, std::size_t count, double semitones) {
    if (count < 4 * kCrossfade || semitones == 0.0) return;
    const double ratio = std::pow(2.0, semitones / 12.0);  // input samples per output sample
    // The segment made circular: its end crossfades into its start, so reading past the end
    // continues the sound instead of clicking.
    const std::size_t n = count;
    std::vector<double> loop(samples, samples + n);
    for (std::size_t i = 0; i < kCrossfade; ++i) {
        const double w = double(i + 1) / double(kCrossfade + 1);
        loop[n - kCrossfade + i] = (1 - w) * samples[n - kCrossfade + i] + w * samples[i];
    }
    const double cutoff = std::min(1.0, 1.0 / ratio);  // anti-aliasing when playing faster
    const int reach = int(std::ceil(kHalfTaps / cutoff));
    std::vector<float> out(n);
    for (std::size_t k = 0; k < n; ++k) {
        const double position = double(k) * ratio;
        const auto centre = static_cast<long long>(std::floor(position));
        double sum = 0.0;
        for (long long t = centre - reach + 1; t <= centre + reach; ++t) {
            const auto index = static_cast<std::size_t>(((t % (long long)n) + (long long)n) % (long long)n);
            sum += loop[index] * kernel(position - double(t), cutoff);
        }
        out[k] = float(sum);
    }
    std::copy(out.begin(), out.end(), samples);
}

} // namespace timbrescope::augment

#include "engine/augment/Compressor.h"

#include <algorithm>
#include <cmath>

namespace timbrescope::augment {

void compress(float* samples, std::size_t count, int rate, const CompressorSettings& s) {
    float peak = 0.0f;
    for (std::size_t i = 0; i < count; ++i) peak = std::max(peak, std::fabs(samples[i]));
    if (peak <= 0.0f) return;
    const double threshold = peak * std::pow(10.0, s.thresholdDb / 20.0);
    const double attack = std::exp(-1.0 / (s.attackSeconds * rate)), release = std::exp(-1.0 / (s.releaseSeconds * rate));
    double envelope = 0.0;
    for (std::size_t i = 0; i < count; ++i) {
        const double level = std::fabs(samples[i]);
        const double k = level > envelope ? attack : release;
        envelope = k * envelope + (1.0 - k) * level;
        if (envelope > threshold) {
            // Above the threshold the output level rises 1/ratio dB per input dB.
            const double overDb = 20.0 * std::log10(envelope / threshold);
            samples[i] = float(samples[i] * std::pow(10.0, -overDb * (1.0 - 1.0 / s.ratio) / 20.0));
        }
    }
}

} // namespace timbrescope::augment

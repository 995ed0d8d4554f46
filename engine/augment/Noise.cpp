#include "engine/augment/Noise.h"

#include <cmath>
#include <vector>

namespace timbrescope::augment {

void addNoise(float* samples, std::size_t count, NoiseColour colour, double snrDb, std::mt19937_64& rng) {
    if (count == 0) return;
    std::normal_distribution<double> gauss(0.0, 1.0);
    std::vector<double> noise(count);
    // Paul Kellet's economy pink filter: three one-pole sections summed.
    double b0 = 0, b1 = 0, b2 = 0;
    for (double& v : noise) {
        const double white = gauss(rng);
        if (colour == NoiseColour::White) {
            v = white;
            continue;
        }
        b0 = 0.99765 * b0 + white * 0.0990460;
        b1 = 0.96300 * b1 + white * 0.2965164;
        b2 = 0.57000 * b2 + white * 1.0526913;
        v = b0 + b1 + b2 + white * 0.1848;
    }
    double signal = 0.0, power = 0.0;
    for (std::size_t i = 0; i < count; ++i) {
        signal += double(samples[i]) * samples[i];
        power += noise[i] * noise[i];
    }
    if (signal <= 0.0 || power <= 0.0) return;
    const double gain = std::sqrt(signal / power) * std::pow(10.0, -snrDb / 20.0);
    for (std::size_t i = 0; i < count; ++i) samples[i] += float(gain * noise[i]);
}

} // namespace timbrescope::augment

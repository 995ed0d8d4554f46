#include "engine/audio/LevelMeter.h"

#include <cmath>
#include <limits>

namespace timbrescope::audio {

void LevelMeter::add(const float* samples, std::int64_t count) {
    float peak = peak_;
    double sum = 0.0;
    for (std::int64_t i = 0; i < count; ++i) {
        const float s = samples[i];
        peak = std::fmax(peak, std::fabs(s));
        sum += static_cast<double>(s) * s;
    }
    peak_ = peak;
    sumOfSquares_ += sum;
    count_ += count;
}

float LevelMeter::rms() const {
    return count_ == 0 ? 0.0f : static_cast<float>(std::sqrt(sumOfSquares_ / static_cast<double>(count_)));
}

double LevelMeter::toDbfs(double linear) {
    return linear > 0.0 ? 20.0 * std::log10(linear) : -std::numeric_limits<double>::infinity();
}

} // namespace timbrescope::audio

#pragma once
// Peak and RMS level of a stream of samples, accumulated block by block.

#include <cstdint>

namespace timbrescope::audio {

class LevelMeter {
public:
    void add(const float* samples, std::int64_t count);

    float peak() const { return peak_; }  // largest |sample|, linear full scale
    float rms() const;                    // root mean square over every sample added

    // Full-scale decibels; -inf for 0.
    static double toDbfs(double linear);

private:
    float peak_ = 0.0f;
    double sumOfSquares_ = 0.0;
    std::int64_t count_ = 0;
};

} // namespace timbrescope::audio

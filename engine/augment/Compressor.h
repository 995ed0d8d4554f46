#pragma once
// A feed-forward dynamic-range compressor (peak envelope follower with attack and release,
// gain reduction above a threshold by a ratio): the levelling of broadcast and mastering chains.

#include <cstddef>

namespace timbrescope::augment {

struct CompressorSettings {
    double thresholdDb = -20.0;  // relative to the segment's peak
    double ratio = 4.0;
    double attackSeconds = 0.005, releaseSeconds = 0.1;
};

void compress(float* samples, std::size_t count, int rate, const CompressorSettings& settings);

} // namespace timbrescope::augment

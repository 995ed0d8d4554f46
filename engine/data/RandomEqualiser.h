#pragma once
// Timbre augmentation at training time: a random three-band equaliser (low shelf 80-400 Hz, a
// peak at 300-5 000 Hz with Q 0.5-2, high shelf 2-8 kHz, each gain uniform in ±maxGainDb), so
// a model learns the instrument rather than one sample set's spectral colour.

#include "engine/data/AugmentationOptions.h"

#include <cstddef>
#include <random>

namespace timbrescope::data {

// With probability options.share, equalises `samples` (at `rate` Hz) and RMS-normalises them
// again; returns whether it did. Deterministic in `rng`.
bool randomEqualise(float* samples, std::size_t count, int rate, const EqualiserOptions& options, std::mt19937_64& rng);

} // namespace timbrescope::data

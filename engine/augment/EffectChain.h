#pragma once
// The training-time effects chain: on each training example, in the order a recording chain
// would add them, each effect with the probability its share gives (EffectOptions.h):
// pitch shift → low/high-pass → room → compressor → noise → lossy codec, then RMS normalisation
// again (the model's input convention). Randomises what is not the instrument (tuning,
// microphone, room, dynamics, hiss, codec), so the model learns the instrument. Deterministic in
// the random stream.

#include "engine/augment/EffectOptions.h"

#include <cstddef>
#include <random>
#include <string>
#include <vector>

namespace timbrescope::augment {

// Applies the chain to `count` samples at `rate` Hz; returns the names of the effects applied.
std::vector<std::string> applyEffects(float* samples, std::size_t count, int rate, const EffectOptions& options,
                                      std::mt19937_64& rng);

} // namespace timbrescope::augment

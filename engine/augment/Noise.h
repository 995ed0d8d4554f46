#pragma once
// Additive noise at a given signal-to-noise ratio: white, or pink (-3 dB per octave, like
// the hiss of a room or a tape).

#include <cstddef>
#include <random>

namespace timbrescope::augment {

enum class NoiseColour { White, Pink };

// Adds noise whose RMS is the signal's RMS lowered by `snrDb`. Deterministic in `rng`.
void addNoise(float* samples, std::size_t count, NoiseColour colour, double snrDb, std::mt19937_64& rng);

} // namespace timbrescope::augment

#pragma once
// Renders a Score to stereo audio with libfluidsynth.

#include "engine/synth/Score.h"
#include "engine/synth/SoundFont.h"

#include <vector>

namespace timbrescope::synth {

// Interleaved stereo float samples, round(score.seconds × sampleRate) frames. Deterministic: the
// same score gives the same samples, whatever was rendered before.
std::vector<float> render(const SoundFont& font, const Score& score, int sampleRate = 44100);

} // namespace timbrescope::synth

#pragma once
// Renders a Score to stereo audio with libfluidsynth: each part from its own source of a pool of
// SoundFonts (Part::source indexes `fonts`), with its render-time variation.

#include "engine/synth/Score.h"
#include "engine/synth/SoundFont.h"

#include <vector>

namespace timbrescope::synth {

// Interleaved stereo float samples, round(score.seconds × sampleRate) frames. Deterministic: the
// same score gives the same samples, whatever was rendered before.
// Throws Error naming the font when a part's preset is missing: fluidsynth would silently play
// a piano instead, and the label would lie.
std::vector<float> render(const std::vector<const SoundFont*>& fonts, const Score& score, int sampleRate = 44100);
inline std::vector<float> render(const SoundFont& font, const Score& score, int sampleRate = 44100) {
    return render(std::vector<const SoundFont*>{&font}, score, sampleRate);
}

} // namespace timbrescope::synth

#pragma once
// Turns a planned piece into a Score: a composition, the labelled instruments in fitting roles
// and GM program variants, accompaniment, and a mix (levels, panning, reverb, chorus).

#include "engine/synth/DatasetPlan.h"
#include "engine/synth/InstrumentProfiles.h"
#include "engine/synth/Score.h"

#include <array>
#include <vector>

namespace timbrescope::synth {

class SoundFont;

// The program variants of each class that the SoundFont actually has.
struct AvailablePrograms {
    std::array<std::vector<ProgramVariant>, 11> perClass;
    int bassProgram[3] = {32, 33, 34};
};

// Throws Error naming the SoundFont when a class has no usable program in it.
AvailablePrograms availablePrograms(const SoundFont& font);

// A score of `seconds` for the piece (the caller adds pre-roll to the excerpts' total).
Score orchestrate(const PlannedPiece& piece, const AvailablePrograms& programs, double seconds);

} // namespace timbrescope::synth

#pragma once
// Turns a planned piece into a Score: a composition, the labelled instruments in fitting roles,
// each played by a sound source of the pool that has it and one of that source's GM program
// variants, accompaniment, and a mix (levels, panning, reverb, chorus), varied as asked.

#include "engine/synth/DatasetPlan.h"
#include "engine/synth/InstrumentProfiles.h"
#include "engine/synth/RenderVariation.h"
#include "engine/synth/Score.h"

#include <array>
#include <vector>

namespace timbrescope::synth {

class SoundFont;

// The program variants of a class that one source of the pool has.
struct SourcePrograms {
    int source;  // index into the pool
    std::vector<ProgramVariant> variants;
};

// What the pool can play: for each class, the sources that have it (a source without a class is
// never asked to play it: fluidsynth would play a piano instead); the sources with GM basses
// (programs 32-34) and a drum kit (bank 128).
struct AvailablePrograms {
    std::array<std::vector<SourcePrograms>, 11> perClass;
    std::vector<int> bassSources, drumSources;
    int bassProgram[3] = {32, 33, 34};
};

// Only the first `instrumentSources` of the pool play labelled parts (all when negative); the rest
// only accompany (bass and drums). Throws Error naming the pool (or its only SoundFont) when no
// source has one of `classes` (empty: all 11), a bass or a drum kit.
AvailablePrograms availablePrograms(const std::vector<const SoundFont*>& pool, int instrumentSources = -1,
                                    const std::vector<int>& classes = {});

// A score of `seconds` for the piece (the caller adds pre-roll to the excerpts' total).
Score orchestrate(const PlannedPiece& piece, const AvailablePrograms& programs, double seconds,
                  const RenderVariation& variation = {});

} // namespace timbrescope::synth

#pragma once
// Which sound sources of a pool cover each IRMAS class, and whether two sources that cover it are
// really independent recordings: the same notes are rendered dry from each and compared by their
// normalised cross-correlation (a source that reuses another's samples correlates near 1, an
// independent recording near 0). Only independent variants teach a model something new.

#include "engine/synth/SoundFont.h"

#include <string>
#include <vector>

namespace timbrescope::synth {

// Above this correlation two sources are taken to play the same samples.
inline constexpr double kSameSamplesCorrelation = 0.8;

struct ClassCoverage {
    std::vector<int> program;                       // per source: the GM program that plays the class, -1: none
    std::vector<std::vector<double>> correlation;   // per source pair (symmetric; 1 on the diagonal); NaN if either lacks it
    std::vector<int> sameAs;                        // per source: an earlier source with the same samples, else -1
    int independentSources = 0;                     // covering sources that are not the same as an earlier one
};

struct SourceSurvey {
    std::vector<std::string> sources;        // the pool's paths
    std::vector<ClassCoverage> classes;      // data::kClassCount entries
};

// Renders three notes across each class's range from every source that has it (about a second of
// audio per note, source and class). Deterministic.
SourceSurvey surveySources(const std::vector<const SoundFont*>& pool);

} // namespace timbrescope::synth

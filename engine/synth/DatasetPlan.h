#pragma once
// The generator's decisions, drawn from the seed before anything is rendered: which recordings
// and songs exist, their instruments, genre, drums, lengths and file names. Rendering each item
// then depends only on the item, so any thread can render it.

#include "engine/data/DatasetIndex.h"

#include <cstdint>
#include <string>
#include <vector>

namespace timbrescope::synth {

struct PlannedExcerpt {
    std::string relativePath;  // e.g. "IRMAS-TrainingData/cel/[cel][nod][cla]0003__2.wav"
    double seconds;
};

// One rendered piece, cut into consecutive excerpts.
struct PlannedPiece {
    std::uint64_t seed;
    data::Split split;
    std::vector<int> labelled;  // IRMAS classes that play throughout and are labelled
    std::string genre;
    bool drums = false;
    bool bass = false;
    std::string recording;      // grouping key shared by its excerpts
    std::vector<PlannedExcerpt> excerpts;
};

struct DatasetPlan {
    std::vector<PlannedPiece> pieces;
    int fileCount() const;
};

// `classes`: the IRMAS classes to render and label (ascending; empty: all 11). With all of them
// the plan is the one every earlier version drew from the seed.
DatasetPlan planDataset(int trainPerClass, int testCount, std::uint64_t seed, const std::vector<int>& classes = {});

} // namespace timbrescope::synth

#pragma once
// Generates a dataset in the exact IRMAS layout from a General MIDI SoundFont, for users without
// IRMAS (and for tests):
//   OUT/IRMAS-TrainingData/<code>/[<code>][dru|nod][<genre>]<id>__<k>.wav   3.0 s, 44.1 kHz, 16-bit stereo,
//       one predominant labelled instrument, sometimes with quieter bass and drums;
//   OUT/IRMAS-TestingData/PartN/<NN> - <title>-<k>.wav + .txt               5–20 s, 1–4 labelled
//       instruments playing throughout, optional unlabelled bass and drums, labels as "code\t" lines.
// Consecutive excerpts of one rendered piece form a recording (training) or song (testing), as in
// IRMAS. Everything is drawn from --seed: the same options give the same files.

#include "engine/data/DatasetIndex.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace timbrescope::synth {

struct SynthOptions {
    std::string outDir;
    int trainPerClass = 20;
    int testCount = 40;
    std::uint64_t seed = 1;
    std::string soundFont;  // empty: Debian's FluidR3 GM
    int threads = 0;        // 0: one per core
    bool overwrite = false; // replace existing IRMAS-TrainingData / IRMAS-TestingData in outDir
};

// A file the generator wrote, with the labels it intended.
struct SynthFile {
    std::string relativePath;
    data::Split split;
    data::LabelSet labels;
    std::string recording;  // excerpts of one rendered piece share it
    double seconds;
};

struct SynthReport {
    std::vector<SynthFile> files;
    double audioSeconds = 0.0;  // total length of the files written
    double renderSeconds = 0.0; // wall-clock time of rendering and writing
};

using SynthProgress = std::function<void(int filesDone, int filesTotal)>;

// Throws Error naming the option or path at fault (bad sizes, unwritable folder, missing SoundFont).
SynthReport synthesizeDataset(const SynthOptions& options, const SynthProgress& progress = {});

} // namespace timbrescope::synth

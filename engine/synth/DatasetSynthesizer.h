#pragma once
// Generates a dataset in the exact IRMAS layout from a pool of General MIDI SoundFonts (each part
// played by a source drawn from those that have its instrument), for users without IRMAS, for
// training models that must hear the instrument rather than one sample set, and for tests:
//   OUT/IRMAS-TrainingData/<code>/[<code>][dru|nod][<genre>]<id>__<k>.wav   3.0 s, 44.1 kHz, 16-bit stereo,
//       one predominant labelled instrument, sometimes with quieter bass and drums;
//   OUT/IRMAS-TestingData/PartN/<NN> - <title>-<k>.wav + .txt               5–20 s, 1–4 labelled
//       instruments playing throughout, optional unlabelled bass and drums, labels as "code\t" lines.
// Consecutive excerpts of one rendered piece form a recording (training) or song (testing), as in
// IRMAS. Everything is drawn from --seed: the same options give the same files.

#include "engine/data/DatasetIndex.h"
#include "engine/synth/RenderVariation.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace timbrescope::synth {

struct SynthOptions {
    std::string outDir;
    int trainPerClass = 20;
    int testCount = 40;
    std::uint64_t seed = 1;
    std::vector<std::string> soundFonts;  // the pool; empty: Debian's FluidR3 GM
    std::vector<std::string> accompaniment;  // sources that play only the unlabelled bass and drums
    std::vector<int> classes;             // the classes rendered and labelled (ascending); empty: all 11
    RenderVariation variation;            // off by default: the same files as before variation existed
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
    std::map<std::string, std::string> sources;  // class code → the source (file name) that played it
};

struct SynthReport {
    std::vector<SynthFile> files;
    double audioSeconds = 0.0;  // total length of the files written
    double renderSeconds = 0.0; // wall-clock time of rendering and writing
};

using SynthProgress = std::function<void(int filesDone, int filesTotal)>;

// The SoundFonts a sound-set file names: one path per line (relative to the file's folder), '#'
// comments and blank lines ignored. Throws Error naming the file when it is missing or names none.
std::vector<std::string> readSoundSet(const std::string& path);

// Throws Error naming the option or path at fault (bad sizes, unwritable folder, missing SoundFont).
SynthReport synthesizeDataset(const SynthOptions& options, const SynthProgress& progress = {});

} // namespace timbrescope::synth

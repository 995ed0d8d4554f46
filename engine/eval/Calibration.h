#pragma once
// Fits a trained run's per-class thresholds to labelled music other than its validation folds:
// polyphonic excerpts rendered from the training sources (clean, and through a recording chain
// with `timbrescope-cli degrade`), or a user's own labelled tracks. Training calibrates on
// single-instrument clips and their fixed mixtures, all clean; a model's probabilities sit lower
// on reverberant, noisy or coded music, so thresholds chosen there recognise less than they could.
// Never calibrate on the test set you then report.

#include "engine/eval/Metrics.h"

#include <functional>
#include <string>
#include <vector>

namespace timbrescope::eval {

struct CalibrationOptions {
    std::string runDir;
    std::vector<std::string> folders;  // test-layout folders (name.wav + name.txt), pooled
    std::string device = "cpu";
    int threads = 0;
    int batch = 64;
    bool write = true;  // false: only say what the thresholds would become
};

struct FoldCalibration {
    int fold = 0;  // 0-based
    ClassVector before{}, after{};
    double f1MacroBefore = 0.0, f1MacroAfter = 0.0;  // this fold model on the calibration excerpts
};

struct Calibration {
    std::size_t excerpts = 0;
    std::array<int, data::kClassCount> positives{};  // calibration excerpts labelled with each class
    std::vector<FoldCalibration> folds;
    std::string description;  // what run.json's thresholds_from now says
};

// A class needs this many labelled excerpts before its threshold is fitted; one with fewer keeps
// the threshold it had (a handful of examples would only fit noise).
constexpr int kCalibrationMinimumPositives = 5;

// Each finished fold's thresholds become those that maximise each class's F1 on the pooled
// excerpts; run.json is rewritten atomically (unless `write` is off). Throws Error naming the run
// or a folder that cannot be used.
Calibration calibrateRun(const CalibrationOptions& options, const std::function<void(const std::string&)>& say = {});

} // namespace timbrescope::eval

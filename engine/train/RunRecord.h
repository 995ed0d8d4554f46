#pragma once
// run.json: what a run folder holds, for people, the GUI, `eval` and `--resume`: the model and
// its options, classes, preprocessing, training options, the dataset's fingerprint, and per fold
// the per-epoch history, the best epoch and calibrated thresholds.

#include "engine/audio/PreprocessOptions.h"
#include "engine/eval/Metrics.h"
#include "engine/models/ParameterCount.h"
#include "engine/train/TrainingOptions.h"

#include <limits>
#include <string>
#include <vector>

namespace timbrescope::train {

struct EpochRecord {
    int epoch = 0;  // 1-based
    double trainLoss = 0, validationLoss = 0, validationF1Micro = 0, validationF1Macro = 0;
    double learningRate = 0, seconds = 0, segmentsPerSecond = 0;
};

enum class FoldStatus { Pending, Running, Stopped, Finished };

struct FoldRecord {
    int fold = 0;  // 0-based; shown 1-based
    FoldStatus status = FoldStatus::Pending;
    std::int64_t trainSegments = 0, validationSegments = 0, validationFiles = 0;
    std::int64_t validationMixtures = 0;  // fixed mixtures validated beside the files (mixing augmentation)
    std::vector<EpochRecord> epochs;
    int bestEpoch = 0;  // 1-based; 0 before the first epoch
    double bestValidationLoss = std::numeric_limits<double>::infinity();
    bool earlyStopped = false;
    eval::ClassVector thresholds = eval::uniformThresholds();  // calibrated on this fold's validation files
    // Empty: the thresholds are the validation files' (as training leaves them); otherwise what
    // `timbrescope-cli calibrate` fitted them to instead, in words.
    std::string thresholdsFrom;
    double seconds = 0;
};

struct DatasetRecord {
    std::string root;
    std::string fingerprint;  // hash of the training files' paths, contents and labels
    std::int64_t trainFiles = 0, segments = 0;
    // For a generated dataset, what its timbrescope-synth.json says it was rendered from.
    std::vector<std::string> sources;    // SoundFont file names of the pool
    std::vector<std::string> variation;  // render-time variations that were on
};

// Fills `record.sources` and `record.variation` from the generator's manifest in the dataset's
// root or the folder above it, when there is one (a real dataset has none; a damaged manifest is
// ignored: it only informs).
void readGeneratorManifest(DatasetRecord& record);

struct RunRecord {
    static constexpr int kFormat = 1;
    int format = kFormat;
    std::string status = "running";  // running, stopped, finished, failed
    std::string message;             // why it stopped or failed
    TrainingOptions training;
    audio::PreprocessOptions preprocessing;
    models::ParameterCount parameters;
    DatasetRecord dataset;
    std::vector<FoldRecord> folds;
    double prepareSeconds = 0, trainSeconds = 0;
};

std::string runFile(const std::string& runDir);                 // RUN/run.json
std::string foldModelFile(const std::string& runDir, int fold);  // RUN/fold-K.pt, K 1-based
std::string foldStateFile(const std::string& runDir, int fold);  // RUN/fold-K.state.pt

// Atomic. Throws Error naming the file.
void writeRunRecord(const std::string& runDir, const RunRecord& record);
// Throws Error naming the file when it is missing, not JSON, or from a newer format version.
RunRecord readRunRecord(const std::string& runDir);

const char* statusName(FoldStatus status);

} // namespace timbrescope::train

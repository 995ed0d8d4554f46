#pragma once
// Trains a model on a dataset folder with the paper's protocol (see TrainingOptions), fold by
// fold, into a run folder:
//   RUN/run.json          the record (RunRecord.h), rewritten after every epoch
//   RUN/fold-K.pt         fold K's best weights so far (a model file, ModelFile.h)
//   RUN/fold-K.state.pt   what resuming fold K needs (TrainingState.h), until the fold finishes
// Every file is replaced atomically, so a kill at any moment leaves the last completed epoch
// intact, and resume() continues from it as if nothing had happened.

#include "engine/train/RunRecord.h"
#include "engine/train/TrainingOptions.h"

#include <atomic>
#include <functional>
#include <string>

namespace timbrescope::train {

struct TrainEvent {
    enum class Kind { Preparing, FoldStarted, Batch, Epoch, FoldFinished, Finished, Stopped };
    Kind kind = Kind::Preparing;
    int fold = 0;             // 0-based
    int foldsToRun = 0;       // how many folds this call trains
    int foldIndex = 0;        // position of `fold` among them, 0-based
    int epoch = 0, epochs = 0;    // epoch 1-based
    int batch = 0, batches = 0;   // batch 1-based
    double loss = 0.0;            // running mean training loss of the epoch
    double learningRate = 0.0;
    double segmentsPerSecond = 0.0;
    double etaSeconds = 0.0;      // to the end of the epoch
    EpochRecord epochRecord;      // Epoch events
    std::string message;          // Preparing, Stopped, FoldFinished: a line for people
};

using TrainCallback = std::function<void(const TrainEvent&)>;

class Trainer {
public:
    // A new run into `runDir` (which must not hold one already).
    static Trainer start(std::string dataDir, std::string runDir, TrainingOptions options);
    // Continues the run in `runDir` with its recorded options; `dataDir` empty: the recorded one.
    // `epochs` > 0 sets a new bound on epochs per fold: a fold that already has that many
    // finishes at once (best weights, calibrated thresholds), as a time budget asks.
    static Trainer resume(std::string runDir, std::string dataDir = {}, int threads = 0, int epochs = 0);

    // Trains every pending fold (or the chosen one). Returns the final record; a cancelled run
    // (cancel set) returns with status "stopped" after at most one more batch. Throws Error for
    // bad data, options or a non-finite loss (the run record then says "failed" and why).
    RunRecord run(const TrainCallback& onEvent = {}, const std::atomic<bool>* cancel = nullptr);

private:
    Trainer(std::string dataDir, std::string runDir, TrainingOptions options, bool resuming);

    std::string dataDir_, runDir_;
    TrainingOptions options_;
    bool resuming_;
};

} // namespace timbrescope::train

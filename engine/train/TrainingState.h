#pragma once
// fold-K.state.pt: everything needed to continue a fold after a crash or a stop, exactly where
// its last completed epoch left it: weights, Adam's moments, the learning rate, the plateau
// monitor, and the random generator (dropout). Written atomically after each epoch.

#include "engine/models/ModelBase.h"
#include "engine/train/PlateauMonitor.h"

#include <torch/optim/adam.h>

#include <string>

namespace timbrescope::train {

struct FoldProgress {
    int completedEpochs = 0;
    int bestEpoch = 0;
    double learningRate = 0.0;
    PlateauMonitor::State monitor;
};

void saveTrainingState(const std::string& path, const models::ModelBase& model, const torch::optim::Adam& optimizer,
                       const FoldProgress& progress);

// Restores into `model` and `optimizer` (built the same way) and returns the progress.
// Throws Error naming the file when it is damaged or does not fit.
FoldProgress loadTrainingState(const std::string& path, models::ModelBase& model, torch::optim::Adam& optimizer);

} // namespace timbrescope::train

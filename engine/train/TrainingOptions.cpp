#include "engine/train/TrainingOptions.h"

#include "engine/core/Error.h"

#include <cmath>

namespace timbrescope::train {

void validate(const TrainingOptions& o) {
    if (o.folds < 2 || o.folds > 20) throw Error("--folds", std::to_string(o.folds) + ": must be 2..20");
    if (o.fold < -1 || o.fold >= o.folds) throw Error("--fold", std::to_string(o.fold) + ": must be 0.." + std::to_string(o.folds - 1));
    if (o.epochs < 1) throw Error("--epochs", "must be at least 1");
    if (o.batch < 1) throw Error("--batch", "must be at least 1");
    if (!(o.learningRate > 0.0) || !std::isfinite(o.learningRate)) throw Error("--lr", "must be a positive number");
    if (!(o.decayFactor > 0.0 && o.decayFactor <= 1.0)) throw Error("lr decay", "must be in (0, 1]");
    if (o.decayPatience < 1 || o.stopPatience < 1) throw Error("patience", "must be at least 1 epoch");
    if (o.threads < 0) throw Error("--threads", "must be 0 (one per core) or more");
    if (o.maxTrainSegments < 0) throw Error("--max-train-segments", "must be 0 (all) or more");
    data::validate(o.mixing);
    data::validate(o.equaliser);
    augment::validate(o.effects);
    data::validate(o.mixup);
}

} // namespace timbrescope::train

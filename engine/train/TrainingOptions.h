#pragma once
// Everything that decides a training run, with the paper's protocol as the defaults (§4.1):
// BCE, Adam lr 1e-3, lr × 0.9 after 4 epochs without validation-loss improvement, early stopping
// with patience 7 (best weights restored), batch 64, 5-fold cross-validation.

#include "engine/data/AugmentationOptions.h"
#include "engine/models/ModelOptions.h"

#include <cstdint>
#include <string>

namespace timbrescope::train {

struct TrainingOptions {
    std::string architecture = "rfcn";
    models::ModelOptions modelOptions;
    int folds = 5;
    int fold = -1;                 // -1: every fold; else only this one (0-based)
    int epochs = 100;              // upper bound; early stopping usually ends sooner
    int batch = 64;
    double learningRate = 1e-3;
    double decayFactor = 0.9;
    int decayPatience = 4;
    int stopPatience = 7;
    std::uint64_t seed = 1;
    int threads = 0;               // 0: one per core
    std::string device = "cpu";    // "cpu", "cuda" or "cuda:N"
    std::int64_t maxTrainSegments = 0;  // 0: all; else a fixed random subset per fold (budget runs)
    data::MixingOptions mixing;        // off by default: the paper's protocol
    data::EqualiserOptions equaliser;  // off by default
    augment::EffectOptions effects;    // off by default
    data::MixupOptions mixup;          // off by default
    // bf16 mixed precision (--bf16): the convolutions and GRU products of training steps on bf16
    // operands, with float32 master weights, BatchNorm, GRU states and loss. CPUs with AVX-512 BF16 only;
    // a run that asks for it elsewhere trains in float32 and says so (run.json records what ran).
    bool bf16 = false;
    // Warm start: each fold begins from these weights instead of random ones (a run folder, whose
    // fold-K.pt starts fold K, or its first fold's when it has fewer; or one model file for all).
    std::string initFrom;
};

// Throws Error naming the option (as the CLI spells it) when a value is out of range.
void validate(const TrainingOptions& options);

} // namespace timbrescope::train

#pragma once
// The paper's evaluation (§4.2) of a trained run on a test folder: each excerpt's 1-s segments
// through each fold model, probabilities averaged per excerpt; metrics per fold model (reported
// as mean ± std, as the paper's tables) and for the fold ensemble (mean of the fold models'
// probabilities).

#include "engine/eval/Metrics.h"

#include <array>
#include <functional>
#include <string>
#include <vector>

namespace timbrescope::eval {

struct EvaluationOptions {
    std::string runDir;
    std::string testDir;
    float threshold = 0.5f;
    // Use each fold's thresholds calibrated on its validation files (never the test set); the
    // ensemble uses their mean.
    bool calibrated = false;
    DecisionRule decision = DecisionRule::AtLeastOne;  // how probabilities become predicted classes (Metrics.h)
    std::string device = "cpu";
    int threads = 0;
    int batch = 64;
};

struct FoldResult {
    int fold = 0;  // 0-based
    ClassVector thresholds{};
    MetricSet metrics;
    Probabilities probabilities;  // per excerpt: this fold model's (what `calibrate` fits thresholds to)
};

struct Evaluation {
    std::string runDir, testDir, architecture;
    bool calibrated = false;
    DecisionRule decision = DecisionRule::AtLeastOne;
    std::vector<std::string> files;       // test excerpts, relative to the test folder
    std::vector<data::LabelSet> labels;   // their labels
    std::vector<FoldResult> folds;
    Probabilities ensemble;               // per excerpt: mean of the fold models' probabilities
    ClassVector ensembleThresholds{};
    MetricSet ensembleMetrics;
    // coOccurrence[i][j]: excerpts labelled with class i in which the ensemble predicted class j
    // (its diagonal holds the true positives; off it, what an instrument is mistaken for).
    std::array<std::array<int, data::kClassCount>, data::kClassCount> coOccurrence{};

    MeanStd foldMean(double MetricSet::*metric) const;
    MeanStd foldMeanF1(int classIndex) const;
};

// Throws Error naming the run or test folder when there is nothing to evaluate.
Evaluation evaluateRun(const EvaluationOptions& options, const std::function<void(const std::string&)>& say = {});

} // namespace timbrescope::eval

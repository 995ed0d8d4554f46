#pragma once
// What a model knows, said plainly: what it was trained on (sources, clips, recipe) and how it
// scored on test music from sources it trained on and from sources it never heard; and, for a
// track, a verdict ("Heard: electric guitar, trumpet"), or that it is unsure when nothing stands out.

#include "engine/eval/Metrics.h"

#include <string>
#include <vector>

namespace timbrescope::eval {

struct SourceScore {
    std::string testSet;                  // the evaluation's folder name, e.g. "unseen-calibrated"
    std::vector<std::string> testSources; // what rendered the test set (empty: not generated or not recorded)
    bool unseen = false;                  // none of its sources was in training
    double lrap = 0.0, f1Macro = 0.0;     // fold ensemble at calibrated thresholds
};

struct ModelCard {
    std::string architecture;
    int foldsTrained = 0, folds = 0;
    long long trainFiles = 0;
    std::vector<std::string> sources;    // what rendered the training data (empty: real or unknown)
    std::vector<std::string> variation;  // render-time variations of the training data
    std::string recipe;                  // the training-time augmentation, in words
    std::string startedFrom;             // the weights training began from (train --init); empty: random
    std::string thresholdsFrom;          // what `calibrate` fitted the thresholds to; empty: validation folds
    std::vector<SourceScore> scores;     // from the run's evaluations/*-calibrated

    // The card as a few lines of text, for the CLI and the window.
    std::vector<std::string> lines() const;
};

// The card of a run folder (run.json and evaluations/); a single model file gets what its own
// metadata says (architecture only). Never throws for missing evaluations.
ModelCard readModelCard(const std::string& runOrModel);

struct Verdict {
    bool unsure = false;
    std::vector<int> heard;  // the classes the decision rule predicts, most probable first
    std::string text;        // "Heard: piano, violin" / "Unsure: ..." / "Heard: nothing above its threshold"
};

// Unsure when the most probable instrument is below 0.3 or stands less than 0.1 above the
// median of all eleven: the probabilities are then noise, not an answer. Otherwise the classes at
// or above their thresholds, or under AtLeastOne, when none is, the most probable one (saying so).
Verdict verdictOf(const ClassVector& track, const ClassVector& thresholds, DecisionRule rule = DecisionRule::AtLeastOne);

} // namespace timbrescope::eval

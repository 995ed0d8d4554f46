#pragma once
// What an evaluation writes, for people, spreadsheets and the GUI:
//   results.json     every metric: per fold, fold mean ± std, ensemble, thresholds, and the
//                    ensemble's label/prediction co-occurrence matrix
//   per_class.csv    class,instrument,precision,recall,f1,support,f1_fold_mean,f1_fold_std (ensemble)
//   predictions.csv  file,cel,cla,flu,gac,gel,org,pia,sax,tru,vio,voi (probabilities, one row per excerpt)

#include "engine/eval/Evaluation.h"

#include <array>
#include <string>
#include <vector>

namespace timbrescope::eval {

// Writes the three files into `folder` (created if needed), atomically each. Throws Error.
void writeEvaluation(const Evaluation& evaluation, const std::string& folder);

void writePredictionsCsv(const std::string& path, const std::vector<std::string>& files, const Probabilities& probabilities);

// The headline numbers of a results.json, for comparisons.
struct ResultSummary {
    std::string source, architecture;
    double f1Micro = 0, f1Macro = 0, lrap = 0;          // ensemble
    MeanStd foldF1Micro, foldF1Macro, foldLrap;         // over folds
    std::array<double, data::kClassCount> f1{};         // ensemble, per class
    std::array<MeanStd, data::kClassCount> foldF1{};    // per class over folds
    std::array<int, data::kClassCount> support{};       // test excerpts labelled with each class
    std::string testDir;                                 // the test folder it was scored on
    std::string decision;                                // "thresholds" for results written before the rule was recorded
    int folds = 0, excerpts = 0;
    std::array<std::array<int, data::kClassCount>, data::kClassCount> coOccurrence{};  // zeros if not recorded
};

// `path`: a results.json, or a run/evaluation folder holding one. Throws Error naming it.
ResultSummary readResults(const std::string& path);

} // namespace timbrescope::eval

#pragma once
// Multi-label metrics with scikit-learn's semantics (REFERENCE §5): F1 micro, macro and per class
// at per-class thresholds (a class is predicted when its probability is >= its threshold, and
// under DecisionRule::AtLeastOne the most probable class when none is),
// precision and recall (0 when undefined, sklearn's zero_division=0), and label ranking average
// precision (ties count with the maximum rank; a sample with no or all labels scores 1).

#include "engine/data/Instruments.h"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace timbrescope::eval {

using ClassVector = std::array<float, data::kClassCount>;
using Probabilities = std::vector<ClassVector>;

ClassVector uniformThresholds(float threshold = 0.5f);

// How a track's probabilities become the instruments it is said to hold. Thresholds: every class
// at or above its threshold (the paper's rule). AtLeastOne: the same, and the most probable class
// when none reaches its threshold: every track of music holds some instrument (every IRMAS test
// excerpt has a label), and on music unlike its training data a model's probabilities sit low
// across the board, so its best guess is an answer where "nothing" is always wrong.
enum class DecisionRule { Thresholds, AtLeastOne };
const char* decisionRuleName(DecisionRule rule);  // "thresholds", "at-least-one"
std::optional<DecisionRule> parseDecisionRule(const std::string& name);
// The rule an --decision option names (at-least-one when absent); throws Error naming the option.
DecisionRule decisionRuleOption(const std::optional<std::string>& value);
std::array<bool, data::kClassCount> decide(const ClassVector& probabilities, const ClassVector& thresholds, DecisionRule rule);

struct ClassScores {
    int truePositives = 0, falsePositives = 0, falseNegatives = 0;
    int support = 0;  // samples labelled with the class
    double precision = 0.0, recall = 0.0, f1 = 0.0;
};

struct MetricSet {
    double f1Micro = 0.0;
    double f1Macro = 0.0;
    double lrap = 0.0;
    std::array<ClassScores, data::kClassCount> perClass{};
};

MetricSet computeMetrics(const Probabilities& probabilities, const std::vector<data::LabelSet>& labels,
                         const ClassVector& thresholds, DecisionRule rule = DecisionRule::Thresholds);
double labelRankingAveragePrecision(const Probabilities& probabilities, const std::vector<data::LabelSet>& labels);

// Per class, the threshold that maximises its F1 on these (validation) predictions; classes with
// no positive sample keep `fallback`. Ties go to the threshold nearest `fallback`.
ClassVector calibrateThresholds(const Probabilities& probabilities, const std::vector<data::LabelSet>& labels,
                                float fallback = 0.5f);

struct MeanStd {
    double mean = 0.0, std = 0.0;  // population std over folds, as numpy's default
};
MeanStd meanStd(const std::vector<double>& values);

} // namespace timbrescope::eval

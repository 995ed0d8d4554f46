#include "engine/eval/Metrics.h"

#include "engine/core/Error.h"

#include <algorithm>
#include <cmath>

namespace timbrescope::eval {
namespace {

double safeRatio(double numerator, double denominator) { return denominator > 0 ? numerator / denominator : 0.0; }

void checkSizes(const Probabilities& probabilities, const std::vector<data::LabelSet>& labels) {
    if (probabilities.size() != labels.size())
        throw Error("metrics", std::to_string(probabilities.size()) + " predictions for " + std::to_string(labels.size()) + " label sets");
}

} // namespace

ClassVector uniformThresholds(float threshold) {
    ClassVector t;
    t.fill(threshold);
    return t;
}

const char* decisionRuleName(DecisionRule rule) { return rule == DecisionRule::AtLeastOne ? "at-least-one" : "thresholds"; }

std::optional<DecisionRule> parseDecisionRule(const std::string& name) {
    if (name == "thresholds") return DecisionRule::Thresholds;
    if (name == "at-least-one") return DecisionRule::AtLeastOne;
    return std::nullopt;
}

DecisionRule decisionRuleOption(const std::optional<std::string>& value) {
    if (!value) return DecisionRule::AtLeastOne;
    if (const auto rule = parseDecisionRule(*value)) return *rule;
    throw Error("--decision", "'" + *value + "' is not a decision rule (at-least-one or thresholds)");
}

std::array<bool, data::kClassCount> decide(const ClassVector& probabilities, const ClassVector& thresholds, DecisionRule rule) {
    std::array<bool, data::kClassCount> predicted{};
    bool any = false;
    for (std::size_t c = 0; c < predicted.size(); ++c) any |= predicted[c] = probabilities[c] >= thresholds[c];
    if (!any && rule == DecisionRule::AtLeastOne)
        predicted[std::size_t(std::max_element(probabilities.begin(), probabilities.end()) - probabilities.begin())] = true;
    return predicted;
}

MetricSet computeMetrics(const Probabilities& probabilities, const std::vector<data::LabelSet>& labels, const ClassVector& thresholds,
                         DecisionRule rule) {
    checkSizes(probabilities, labels);
    MetricSet m;
    int tp = 0, fp = 0, fn = 0;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const std::array<bool, data::kClassCount> decided = decide(probabilities[i], thresholds, rule);
        for (int c = 0; c < data::kClassCount; ++c) {
            const bool predicted = decided[std::size_t(c)];
            const bool actual = data::hasLabel(labels[i], c);
            ClassScores& s = m.perClass[std::size_t(c)];
            s.support += actual;
            s.truePositives += predicted && actual;
            s.falsePositives += predicted && !actual;
            s.falseNegatives += !predicted && actual;
        }
    }
    double macro = 0.0;
    for (ClassScores& s : m.perClass) {
        s.precision = safeRatio(s.truePositives, s.truePositives + s.falsePositives);
        s.recall = safeRatio(s.truePositives, s.truePositives + s.falseNegatives);
        s.f1 = safeRatio(2.0 * s.truePositives, 2.0 * s.truePositives + s.falsePositives + s.falseNegatives);
        macro += s.f1;
        tp += s.truePositives, fp += s.falsePositives, fn += s.falseNegatives;
    }
    m.f1Macro = macro / data::kClassCount;
    m.f1Micro = safeRatio(2.0 * tp, 2.0 * tp + fp + fn);
    m.lrap = labelRankingAveragePrecision(probabilities, labels);
    return m;
}

double labelRankingAveragePrecision(const Probabilities& probabilities, const std::vector<data::LabelSet>& labels) {
    checkSizes(probabilities, labels);
    if (labels.empty()) return 0.0;
    double total = 0.0;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const int relevant = data::labelCount(labels[i]);
        if (relevant == 0 || relevant == data::kClassCount) {
            total += 1.0;
            continue;
        }
        const ClassVector& s = probabilities[i];
        double sample = 0.0;
        for (int j : data::labelIndices(labels[i])) {
            int rank = 0, relevantAbove = 0;
            for (int k = 0; k < data::kClassCount; ++k)
                if (s[std::size_t(k)] >= s[std::size_t(j)]) {
                    ++rank;
                    relevantAbove += data::hasLabel(labels[i], k);
                }
            sample += double(relevantAbove) / rank;
        }
        total += sample / relevant;
    }
    return total / double(labels.size());
}

ClassVector calibrateThresholds(const Probabilities& probabilities, const std::vector<data::LabelSet>& labels, float fallback) {
    checkSizes(probabilities, labels);
    ClassVector thresholds = uniformThresholds(fallback);
    for (int c = 0; c < data::kClassCount; ++c) {
        int positives = 0;
        std::vector<std::pair<float, bool>> scored;  // (probability, labelled)
        for (std::size_t i = 0; i < labels.size(); ++i) {
            const bool actual = data::hasLabel(labels[i], c);
            positives += actual;
            scored.emplace_back(probabilities[i][std::size_t(c)], actual);
        }
        if (positives == 0) continue;
        // Sweep thresholds at each distinct score, highest first: predicted = scores >= threshold.
        std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
        double bestF1 = -1.0;
        float best = fallback;
        int tp = 0, fp = 0;
        for (std::size_t k = 0; k < scored.size(); ++k) {
            tp += scored[k].second, fp += !scored[k].second;
            if (k + 1 < scored.size() && scored[k + 1].first == scored[k].first) continue;
            const double f1 = 2.0 * tp / (2.0 * tp + fp + (positives - tp));
            const float threshold = scored[k].first;
            if (f1 > bestF1 + 1e-12 || (std::fabs(f1 - bestF1) <= 1e-12 && std::fabs(threshold - fallback) < std::fabs(best - fallback))) {
                bestF1 = f1;
                best = threshold;
            }
        }
        thresholds[std::size_t(c)] = best;
    }
    return thresholds;
}

MeanStd meanStd(const std::vector<double>& values) {
    MeanStd r;
    if (values.empty()) return r;
    for (double v : values) r.mean += v;
    r.mean /= double(values.size());
    for (double v : values) r.std += (v - r.mean) * (v - r.mean);
    r.std = std::sqrt(r.std / double(values.size()));
    return r;
}

} // namespace timbrescope::eval

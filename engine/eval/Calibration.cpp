#include "engine/eval/Calibration.h"

#include "engine/core/Error.h"
#include "engine/eval/Evaluation.h"
#include "engine/train/RunRecord.h"

#include <filesystem>

namespace timbrescope::eval {
namespace fs = std::filesystem;

namespace {

std::string describe(const std::vector<std::string>& folders, std::size_t excerpts) {
    std::string names;
    for (const auto& f : folders) {
        fs::path p = fs::path(f).lexically_normal();
        if (p.filename().empty()) p = p.parent_path();  // "DIR/"
        names += (names.empty() ? "" : ", ") + p.filename().string();
    }
    return "fitted to " + std::to_string(excerpts) + " excerpts of " + names + " (timbrescope-cli calibrate)";
}

} // namespace

Calibration calibrateRun(const CalibrationOptions& options, const std::function<void(const std::string&)>& say) {
    if (options.folders.empty()) throw Error("--on", "which labelled music? (test-layout folders: name.wav + name.txt)");
    train::RunRecord record = train::readRunRecord(options.runDir);

    Calibration result;
    std::vector<Probabilities> perFold;  // indexed like the evaluation's folds
    std::vector<data::LabelSet> labels;
    std::vector<int> folds;
    for (const std::string& folder : options.folders) {
        EvaluationOptions o;
        o.runDir = options.runDir;
        o.testDir = folder;
        o.device = options.device;
        o.threads = options.threads;
        o.batch = options.batch;
        Evaluation ev = evaluateRun(o, say);
        if (folds.empty()) {
            for (const FoldResult& f : ev.folds) folds.push_back(f.fold);
            perFold.resize(folds.size());
        }
        for (std::size_t k = 0; k < ev.folds.size(); ++k)
            perFold[k].insert(perFold[k].end(), ev.folds[k].probabilities.begin(), ev.folds[k].probabilities.end());
        labels.insert(labels.end(), ev.labels.begin(), ev.labels.end());
    }
    result.excerpts = labels.size();
    for (const data::LabelSet& l : labels)
        for (int c : data::labelIndices(l)) ++result.positives[std::size_t(c)];
    result.description = describe(options.folders, result.excerpts);

    for (std::size_t k = 0; k < folds.size(); ++k) {
        train::FoldRecord& f = record.folds[std::size_t(folds[k])];
        FoldCalibration c;
        c.fold = folds[k];
        c.before = f.thresholds;
        const ClassVector fitted = calibrateThresholds(perFold[k], labels);
        c.after = c.before;
        for (int i = 0; i < data::kClassCount; ++i)
            if (result.positives[std::size_t(i)] >= kCalibrationMinimumPositives) c.after[std::size_t(i)] = fitted[std::size_t(i)];
        // Scored under the rule eval and the workbench apply by default.
        c.f1MacroBefore = computeMetrics(perFold[k], labels, c.before, DecisionRule::AtLeastOne).f1Macro;
        c.f1MacroAfter = computeMetrics(perFold[k], labels, c.after, DecisionRule::AtLeastOne).f1Macro;
        f.thresholds = c.after;
        f.thresholdsFrom = result.description;
        result.folds.push_back(c);
    }
    if (options.write) train::writeRunRecord(options.runDir, record);
    return result;
}

} // namespace timbrescope::eval

#include "engine/eval/Evaluation.h"

#include "engine/core/Error.h"
#include "engine/data/CacheLocation.h"
#include "engine/data/DatasetScanner.h"
#include "engine/data/SegmentDataset.h"
#include "engine/eval/Predictor.h"
#include "engine/models/ModelFile.h"
#include "engine/train/Device.h"
#include "engine/train/RunRecord.h"

#include <torch/torch.h>

#include <filesystem>
#include <map>

namespace timbrescope::eval {
namespace fs = std::filesystem;

MeanStd Evaluation::foldMean(double MetricSet::*metric) const {
    std::vector<double> values;
    for (const FoldResult& f : folds) values.push_back(f.metrics.*metric);
    return meanStd(values);
}

MeanStd Evaluation::foldMeanF1(int classIndex) const {
    std::vector<double> values;
    for (const FoldResult& f : folds) values.push_back(f.metrics.perClass[std::size_t(classIndex)].f1);
    return meanStd(values);
}

Evaluation evaluateRun(const EvaluationOptions& options, const std::function<void(const std::string&)>& say) {
    const c10::Device device = train::parseDevice(options.device);
    if (options.threads > 0) torch::set_num_threads(options.threads);
    if (!(options.threshold > 0.0f && options.threshold < 1.0f)) throw Error("--threshold", "must be between 0 and 1");
    const train::RunRecord record = train::readRunRecord(options.runDir);

    std::vector<int> folds;
    for (const auto& f : record.folds)
        if (f.status == train::FoldStatus::Finished && fs::exists(train::foldModelFile(options.runDir, f.fold))) folds.push_back(f.fold);
    if (folds.empty()) throw Error(options.runDir, "has no finished fold to evaluate (train it first, or --resume it)");

    if (say) say("scanning " + options.testDir);
    const data::DatasetIndex index = data::scanDataset(options.testDir);
    const std::vector<std::size_t> entries = index.indicesOf(data::Split::Test);
    if (entries.empty()) throw Error(options.testDir, "holds no test excerpts (name.wav files with name.txt labels)");
    data::SegmentCache cache(data::datasetCacheDir(index.root), record.preprocessing);
    if (say) say("preparing " + std::to_string(entries.size()) + " test excerpts");
    const data::SegmentDataset segments = data::SegmentDataset::load(index, entries, cache, options.threads, {}, true);

    Evaluation ev;
    ev.runDir = options.runDir;
    ev.testDir = index.root;
    ev.architecture = record.training.architecture;
    ev.calibrated = options.calibrated;
    ev.decision = options.decision;
    std::map<std::size_t, std::size_t> excerptOf;  // dataset entry → position among the excerpts
    for (std::size_t e : entries) {
        excerptOf[e] = ev.files.size();
        ev.files.push_back(index.entries[e].relativePath);
        ev.labels.push_back(index.entries[e].labels);
    }
    std::vector<std::vector<std::size_t>> itemsOf(entries.size());  // per excerpt, its segments (one pass)
    for (std::size_t item = 0; item < segments.size(); ++item) itemsOf[excerptOf.at(segments.entryOf(item))].push_back(item);
    std::vector<const float*> rows;
    for (std::size_t item = 0; item < segments.size(); ++item) rows.push_back(segments.samples(item));

    ev.ensemble.assign(entries.size(), ClassVector{});
    ev.ensembleThresholds.fill(0.0f);
    for (int fold : folds) {
        if (say) say("fold " + std::to_string(fold + 1) + ": predicting");
        auto model = models::loadModel(train::foldModelFile(options.runDir, fold), record.training.architecture);
        model->to(device);
        const Probabilities logits = segmentLogits(*model, rows, segments.segmentLength(), device, options.batch);
        Probabilities perExcerpt;
        for (const auto& items : itemsOf) {
            std::vector<ClassVector> probabilities;
            for (std::size_t item : items) probabilities.push_back(sigmoid(logits[item]));
            perExcerpt.push_back(mean(probabilities));
        }
        FoldResult result;
        result.fold = fold;
        result.thresholds = options.calibrated ? record.folds[std::size_t(fold)].thresholds : uniformThresholds(options.threshold);
        result.metrics = computeMetrics(perExcerpt, ev.labels, result.thresholds, ev.decision);
        for (std::size_t i = 0; i < perExcerpt.size(); ++i)
            for (std::size_t c = 0; c < perExcerpt[i].size(); ++c) ev.ensemble[i][c] += perExcerpt[i][c] / float(folds.size());
        for (std::size_t c = 0; c < result.thresholds.size(); ++c) ev.ensembleThresholds[c] += result.thresholds[c] / float(folds.size());
        result.probabilities = std::move(perExcerpt);
        ev.folds.push_back(std::move(result));
    }
    ev.ensembleMetrics = computeMetrics(ev.ensemble, ev.labels, ev.ensembleThresholds, ev.decision);
    for (std::size_t i = 0; i < ev.ensemble.size(); ++i) {
        const auto predicted = decide(ev.ensemble[i], ev.ensembleThresholds, ev.decision);
        for (int labelled : data::labelIndices(ev.labels[i]))
            for (int c = 0; c < data::kClassCount; ++c) ev.coOccurrence[std::size_t(labelled)][std::size_t(c)] += predicted[std::size_t(c)];
    }
    return ev;
}

} // namespace timbrescope::eval

#include "engine/eval/ResultFiles.h"

#include "engine/core/AtomicFile.h"
#include "engine/core/Error.h"
#include "engine/train/RunRecord.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace timbrescope::eval {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

json meanStdJson(const MeanStd& m) { return {{"mean", m.mean}, {"std", m.std}}; }
MeanStd meanStdFrom(const json& j) { return {j.value("mean", 0.0), j.value("std", 0.0)}; }

json metricsJson(const MetricSet& m, const ClassVector& thresholds) {
    json perClass = json::object();
    for (int c = 0; c < data::kClassCount; ++c) {
        const ClassScores& s = m.perClass[std::size_t(c)];
        perClass[data::classCode(c)] = {{"precision", s.precision}, {"recall", s.recall}, {"f1", s.f1}, {"support", s.support},
                                        {"threshold", thresholds[std::size_t(c)]}};
    }
    return {{"f1_micro", m.f1Micro}, {"f1_macro", m.f1Macro}, {"lrap", m.lrap}, {"per_class", perClass}};
}

std::string csvField(const std::string& text) {
    if (text.find_first_of(",\"\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
}

std::string number(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6f", v);
    return text;
}

} // namespace

void writePredictionsCsv(const std::string& path, const std::vector<std::string>& files, const Probabilities& probabilities) {
    std::string csv = "file";
    for (int c = 0; c < data::kClassCount; ++c) csv += "," + data::classCode(c);
    csv += "\n";
    for (std::size_t i = 0; i < files.size(); ++i) {
        csv += csvField(files[i]);
        for (float p : probabilities[i]) csv += "," + number(p);
        csv += "\n";
    }
    writeFileAtomically(path, csv);
}

void writeEvaluation(const Evaluation& ev, const std::string& folder) {
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (!fs::is_directory(folder)) throw Error(folder, "cannot create the results folder: " + ec.message());

    json folds = json::array();
    for (const FoldResult& f : ev.folds) {
        json j = metricsJson(f.metrics, f.thresholds);
        j["fold"] = f.fold + 1;
        folds.push_back(j);
    }
    json perClassMean = json::object();
    for (int c = 0; c < data::kClassCount; ++c) perClassMean[data::classCode(c)] = meanStdJson(ev.foldMeanF1(c));
    // A generated test set says what rendered it: the model card tells seen from unseen sources by it.
    train::DatasetRecord test;
    test.root = ev.testDir;
    train::readGeneratorManifest(test);
    const json results = {{"run", ev.runDir},
                          {"test_sources", test.sources},
                          {"architecture", ev.architecture},
                          {"test_dir", ev.testDir},
                          {"excerpts", ev.files.size()},
                          {"threshold", ev.calibrated ? "calibrated per fold (run.json)" : "fixed"},
                          {"decision", decisionRuleName(ev.decision)},
                          {"folds", folds},
                          {"fold_mean",
                           {{"f1_micro", meanStdJson(ev.foldMean(&MetricSet::f1Micro))},
                            {"f1_macro", meanStdJson(ev.foldMean(&MetricSet::f1Macro))},
                            {"lrap", meanStdJson(ev.foldMean(&MetricSet::lrap))},
                            {"per_class_f1", perClassMean}}},
                          {"ensemble", metricsJson(ev.ensembleMetrics, ev.ensembleThresholds)},
                          {"co_occurrence", {{"rows", "labelled class"}, {"columns", "predicted class"}, {"matrix", ev.coOccurrence}}}};
    writeFileAtomically((fs::path(folder) / "results.json").string(), results.dump(2) + "\n");

    std::string csv = "class,instrument,precision,recall,f1,support,f1_fold_mean,f1_fold_std\n";
    for (int c = 0; c < data::kClassCount; ++c) {
        const ClassScores& s = ev.ensembleMetrics.perClass[std::size_t(c)];
        const MeanStd folded = ev.foldMeanF1(c);
        csv += data::classCode(c) + "," + data::instrumentClasses()[std::size_t(c)].name + "," + number(s.precision) + "," +
               number(s.recall) + "," + number(s.f1) + "," + std::to_string(s.support) + "," + number(folded.mean) + "," +
               number(folded.std) + "\n";
    }
    writeFileAtomically((fs::path(folder) / "per_class.csv").string(), csv);
    writePredictionsCsv((fs::path(folder) / "predictions.csv").string(), ev.files, ev.ensemble);
}

ResultSummary readResults(const std::string& path) {
    const fs::path file = fs::is_directory(path) ? fs::path(path) / "results.json" : fs::path(path);
    std::ifstream in(file);
    if (!in) throw Error(file.string(), "no evaluation results here (evaluate the run first: File ▸ Evaluate a Run in the workbench, timbrescope-cli eval in a terminal)");
    try {
        const json j = json::parse(in);
        ResultSummary r;
        r.source = path;
        r.architecture = j.value("architecture", "");
        r.excerpts = j.value("excerpts", 0);
        r.testDir = j.value("test_dir", "");
        r.decision = j.value("decision", "thresholds");
        r.folds = int(j.at("folds").size());
        const json& e = j.at("ensemble");
        r.f1Micro = e.at("f1_micro").get<double>();
        r.f1Macro = e.at("f1_macro").get<double>();
        r.lrap = e.at("lrap").get<double>();
        const json& m = j.at("fold_mean");
        r.foldF1Micro = meanStdFrom(m.at("f1_micro"));
        r.foldF1Macro = meanStdFrom(m.at("f1_macro"));
        r.foldLrap = meanStdFrom(m.at("lrap"));
        if (j.contains("co_occurrence")) r.coOccurrence = j.at("co_occurrence").at("matrix").get<decltype(r.coOccurrence)>();
        for (int c = 0; c < data::kClassCount; ++c) {
            r.f1[std::size_t(c)] = e.at("per_class").at(data::classCode(c)).at("f1").get<double>();
            r.support[std::size_t(c)] = e.at("per_class").at(data::classCode(c)).value("support", 0);
            r.foldF1[std::size_t(c)] = meanStdFrom(m.at("per_class_f1").at(data::classCode(c)));
        }
        return r;
    } catch (const json::exception& ex) {
        throw Error(file.string(), std::string("not a Timbrescope results file: ") + ex.what());
    }
}

} // namespace timbrescope::eval

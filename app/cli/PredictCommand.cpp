#include "app/cli/PredictCommand.h"

#include "engine/core/AssetLocation.h"
#include "engine/core/Error.h"
#include "app/cli/ProgressLine.h"
#include "engine/data/DatasetScanner.h"
#include "engine/eval/Ensemble.h"
#include "engine/eval/ModelCard.h"
#include "engine/eval/ResultFiles.h"
#include "engine/train/Device.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <numeric>

namespace timbrescope::cli {
namespace {

void printTrack(const std::string& file, const eval::TrackPrediction& p, const eval::ClassVector& thresholds, eval::DecisionRule rule,
                bool timeline) {
    std::printf("%s (%zu segment%s)\n ", file.c_str(), p.segments.size(), p.segments.size() == 1 ? "" : "s");
    std::vector<int> order(data::kClassCount);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int a, int b) { return p.track[std::size_t(a)] > p.track[std::size_t(b)]; });
    const auto predicted = eval::decide(p.track, thresholds, rule);
    for (int c : order) std::printf(" %s %.2f%s", data::classCode(c).c_str(), p.track[std::size_t(c)], predicted[std::size_t(c)] ? "*" : "");
    std::printf("\n  %s\n", eval::verdictOf(p.track, thresholds, rule).text.c_str());
    if (!timeline) return;
    std::printf("  %-13s", "segment");
    for (int c = 0; c < data::kClassCount; ++c) std::printf(" %4s", data::classCode(c).c_str());
    std::printf("\n");
    for (std::size_t s = 0; s < p.segments.size(); ++s) {
        char span[32];
        std::snprintf(span, sizeof span, "%.1f-%.1f s", s * p.hopSeconds, s * p.hopSeconds + p.segmentSeconds);
        std::printf("  %-13s", span);
        for (float v : p.segments[s]) std::printf(" %4.2f", v);
        std::printf("%s\n", p.silent[s] ? "  (silent)" : "");
    }
}

// Files stay as given; a folder gives its audio files, sorted (and its subfolders' with
// `recursive`). A folder with none is an error naming it.
std::vector<std::string> expandInputs(const std::vector<std::string>& inputs, bool recursive) {
    namespace fs = std::filesystem;
    std::vector<std::string> files;
    for (const auto& input : inputs) {
        std::error_code ec;
        if (!fs::is_directory(input, ec)) {
            files.push_back(input);
            continue;
        }
        std::vector<std::string> found;
        const auto add = [&](const fs::directory_entry& e) {
            if (e.is_regular_file(ec) && data::isAudioFile(e.path())) found.push_back(e.path().string());
        };
        if (recursive)
            for (const auto& e : fs::recursive_directory_iterator(input, fs::directory_options::skip_permission_denied, ec)) add(e);
        else
            for (const auto& e : fs::directory_iterator(input, ec)) add(e);
        if (ec) throw Error(input, "cannot list the folder: " + ec.message());
        if (found.empty())
            throw Error(input, "no audio files (" + data::audioExtensionList() + ") in the folder" +
                                   (recursive ? " or below it" : " (--recursive looks below it)"));
        std::sort(found.begin(), found.end());
        files.insert(files.end(), found.begin(), found.end());
    }
    return files;
}

int run(Arguments& args) {
    std::string model = args.takeValue("--model").value_or("");
    const std::string csv = args.takeValue("--csv").value_or("");
    const bool timeline = args.takeFlag("--timeline");
    const std::optional<float> threshold = args.takeThreshold("--threshold", std::nullopt);
    const std::string device = args.takeValue("--device").value_or("cpu");
    const eval::DecisionRule rule = eval::decisionRuleOption(args.takeValue("--decision"));
    const bool recursive = args.takeFlag("--recursive");
    if (args.positionals().empty()) throw Error("predict", "no audio files given");
    const std::vector<std::string> files = expandInputs(args.positionals(), recursive);
    if (model.empty()) {
        model = findAsset(kBundledModel);
        if (model.empty())
            throw Error("--model", std::string("which model? (a run folder or a .pt model file; the bundled ") + kBundledModel +
                                       " is not installed: set TIMBRESCOPE_ASSETS to the assets folder)");
        std::printf("Model: bundled %s\n", model.c_str());
    }

    const eval::Ensemble ensemble = eval::Ensemble::load(model, train::parseDevice(device));
    for (const auto& note : ensemble.notes()) std::cerr << "note: " << note << "\n";
    for (const auto& line : eval::readModelCard(model).lines()) std::printf("%s\n", line.c_str());
    const eval::ClassVector thresholds = threshold ? eval::uniformThresholds(*threshold) : ensemble.calibratedThresholds();
    std::vector<std::string> predicted;
    eval::Probabilities rows;
    int failures = 0;
    // Results stream to stdout file by file; with several files, progress goes to stderr.
    ProgressLine progress(5.0);
    for (std::size_t i = 0; i < files.size(); ++i) {
        const std::string& file = files[i];
        if (files.size() > 1) progress.update("predict", double(i) / double(files.size()), std::to_string(i) + "/" + std::to_string(files.size()) + " files");
        try {
            const eval::TrackPrediction p = ensemble.predict(file);
            progress.hide();
            for (const auto& w : p.warnings) std::cerr << "warning: " << file << ": " << w << "\n";
            printTrack(file, p, thresholds, rule, timeline);
            std::fflush(stdout);
            predicted.push_back(file);
            rows.push_back(p.track);
        } catch (const Error& e) {
            ++failures;
            progress.print("error: " + std::string(e.what()));
        }
    }
    if (files.size() > 1)
        progress.print("predict: " + std::to_string(predicted.size()) + " of " + std::to_string(files.size()) + " files" +
                       (failures ? " (" + std::to_string(failures) + " refused)" : ""));
    if (!csv.empty()) {
        eval::writePredictionsCsv(csv, predicted, rows);
        std::printf("Wrote %s (%zu rows)\n", csv.c_str(), rows.size());
    }
    return failures ? 1 : 0;
}

} // namespace

Command predictCommand() {
    return {"predict", "per-instrument probabilities of audio files from a run or a model file",
            "usage: timbrescope-cli predict [--model RUN_OR_MODEL] [--csv OUT] [--timeline]\n"
            "                             [--threshold calibrated|T] [--decision at-least-one|thresholds]\n"
            "                             [--device cpu|cuda[:N]] [--recursive] FILE_OR_FOLDER...\n"
            "\n"
            "Prints the model's card (what it was trained on, its scores on seen and unseen sources),\n"
            "then, per file, the 11 instruments by probability (the mean over 1-s segments, and over\n"
            "the fold models of a run); '*' marks those predicted: at or above the threshold (by default\n"
            "each class's threshold calibrated on validation data, 0.5 for a model file, or T for all),\n"
            "or, when none is, the most probable (--decision at-least-one, the default; 'thresholds'\n"
            "marks only those over it); and a verdict: the instruments heard, or that the model is\n"
            "unsure (nothing stands out).\n"
            "Without --model, the bundled model (assets/models/crnn3). --timeline adds every\n"
            "segment's probabilities; --csv writes file,cel,...,voi rows (predictions.csv format).\n"
            "A folder stands for its audio files (.wav .flac .ogg .mp3 .opus .m4a .aac .wma .webm,\n"
            "sorted; --recursive: and those below it); results print file by file, progress on stderr.\n",
            run};
}

} // namespace timbrescope::cli

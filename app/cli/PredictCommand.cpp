#include "app/cli/PredictCommand.h"

#include "engine/core/Error.h"
#include "engine/eval/Ensemble.h"
#include "engine/eval/ResultFiles.h"
#include "engine/train/Device.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <numeric>

namespace timbrescope::cli {
namespace {

void printTrack(const std::string& file, const eval::TrackPrediction& p, float threshold, bool timeline) {
    std::printf("%s (%zu segments)\n ", file.c_str(), p.segments.size());
    std::vector<int> order(data::kClassCount);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int a, int b) { return p.track[std::size_t(a)] > p.track[std::size_t(b)]; });
    for (int c : order)
        std::printf(" %s %.2f%s", data::classCode(c).c_str(), p.track[std::size_t(c)], p.track[std::size_t(c)] >= threshold ? "*" : "");
    std::printf("\n");
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

int run(Arguments& args) {
    const std::string model = args.takeValue("--model").value_or("");
    const std::string csv = args.takeValue("--csv").value_or("");
    const bool timeline = args.takeFlag("--timeline");
    const float threshold = float(args.takeNumber("--threshold", 0.0, 1.0).value_or(0.5));
    const std::string device = args.takeValue("--device").value_or("cpu");
    const std::vector<std::string> files = args.positionals();
    if (model.empty()) throw Error("--model", "which model? (a run folder or a .pt model file)");
    if (files.empty()) throw Error("predict", "no audio files given");

    const eval::Ensemble ensemble = eval::Ensemble::load(model, train::parseDevice(device));
    std::vector<std::string> predicted;
    eval::Probabilities rows;
    int failures = 0;
    for (const auto& file : files) {
        try {
            const eval::TrackPrediction p = ensemble.predict(file);
            printTrack(file, p, threshold, timeline);
            predicted.push_back(file);
            rows.push_back(p.track);
        } catch (const Error& e) {
            ++failures;
            std::cerr << "error: " << e.what() << "\n";
        }
    }
    if (!csv.empty()) {
        eval::writePredictionsCsv(csv, predicted, rows);
        std::printf("Wrote %s (%zu rows)\n", csv.c_str(), rows.size());
    }
    return failures ? 1 : 0;
}

} // namespace

Command predictCommand() {
    return {"predict", "per-instrument probabilities of audio files from a run or a model file",
            "usage: timbrescope-cli predict --model RUN_OR_MODEL [--csv OUT] [--timeline] [--threshold 0.5]\n"
            "                             [--device cpu|cuda[:N]] FILE...\n"
            "\n"
            "Prints, per file, the 11 instruments by probability (the mean over 1-s segments, and over\n"
            "the fold models of a run); '*' marks those at or above the threshold. --timeline adds\n"
            "every segment's probabilities; --csv writes file,cel,...,voi rows (predictions.csv format).\n",
            run};
}

} // namespace timbrescope::cli

#include "app/cli/CalibrateCommand.h"

#include "engine/core/Error.h"
#include "engine/data/Instruments.h"
#include "engine/eval/Calibration.h"

#include <cstdio>
#include <iostream>

namespace timbrescope::cli {
namespace {

int run(Arguments& args) {
    eval::CalibrationOptions o;
    o.runDir = args.takeValue("--run").value_or("");
    while (const auto folder = args.takeValue("--on")) o.folders.push_back(*folder);
    o.device = args.takeValue("--device").value_or("cpu");
    o.threads = args.takeInteger("--threads", 0, 0, 256);
    o.write = !args.takeFlag("--dry-run");
    if (!args.positionals().empty()) throw Error(args.positionals().front(), "unexpected argument");
    if (o.runDir.empty()) throw Error("--run", "which run? (a folder written by timbrescope-cli train)");

    const eval::Calibration c = eval::calibrateRun(o, [](const std::string& m) { std::cerr << m << "\n"; });
    // One row per class: how many excerpts are labelled with it, and each fold's threshold
    // before -> after; then what that does to each fold's F1-macro on these excerpts.
    std::printf("%zu calibration excerpts\n  class  labelled", c.excerpts);
    for (const auto& f : c.folds) std::printf("  fold %d      ", f.fold + 1);
    std::printf("\n");
    for (int k = 0; k < data::kClassCount; ++k) {
        const int labelled = c.positives[std::size_t(k)];
        std::printf("  %s    %8d", data::classCode(k).c_str(), labelled);
        for (const auto& f : c.folds) std::printf("  %.2f -> %.2f", double(f.before[std::size_t(k)]), double(f.after[std::size_t(k)]));
        std::printf("%s\n", labelled < eval::kCalibrationMinimumPositives ? "  (too few labelled: kept)" : "");
    }
    std::printf("  F1-macro here  ");
    for (const auto& f : c.folds) std::printf("  %.3f->%.3f", f.f1MacroBefore, f.f1MacroAfter);
    std::printf("\n");
    if (o.write)
        std::printf("Wrote %s/run.json (thresholds_from: %s). Evaluations made before still hold the old thresholds: run eval again.\n",
                    o.runDir.c_str(), c.description.c_str());
    else
        std::printf("--dry-run: %s/run.json left as it was\n", o.runDir.c_str());
    return 0;
}

} // namespace

Command calibrateCommand() {
    return {"calibrate", "fit a trained run's per-class thresholds to labelled music (e.g. degraded, polyphonic)",
            "usage: timbrescope-cli calibrate --run RUN --on DIR [--on DIR]... [--dry-run]\n"
            "                               [--device cpu|cuda[:N]] [--threads N]\n"
            "\n"
            "Training calibrates each fold's thresholds on its validation clips and their mixtures,\n"
            "all clean synthesis. This fits them instead to labelled excerpts (name.wav + name.txt, as\n"
            "for eval --test) pooled from every --on folder: e.g. polyphonic music rendered from the\n"
            "training sources (synth --test-count N, with a seed the test set does not use) and a\n"
            "copy of it through rooms, noise and codecs (degrade), so the thresholds hold on music\n"
            "that is not clean synthesis. Per fold and class, the threshold that maximises F1 there;\n"
            "a class with fewer than 5 labelled excerpts keeps its threshold. run.json records what\n"
            "the thresholds were fitted to (thresholds_from). Never calibrate on the music you then\n"
            "report as a test: its scores would no longer say how the model does on new music.\n",
            run};
}

} // namespace timbrescope::cli

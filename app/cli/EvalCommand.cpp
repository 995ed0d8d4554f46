#include "app/cli/EvalCommand.h"

#include "engine/core/Error.h"
#include "engine/eval/ResultFiles.h"
#include "engine/models/kernels/FastKernels.h"

#include <cstdio>
#include <iostream>

namespace timbrescope::cli {
namespace {

int run(Arguments& args) {
    eval::EvaluationOptions o;
    o.runDir = args.takeValue("--run").value_or("");
    o.testDir = args.takeValue("--test").value_or("");
    const std::optional<float> threshold = args.takeThreshold("--threshold", 0.5f);
    std::string out = args.takeValue("--out").value_or("");
    o.device = args.takeValue("--device").value_or("cpu");
    o.threads = args.takeInteger("--threads", 0, 0, 256);
    const bool bf16 = args.takeFlag("--bf16");
    o.decision = eval::decisionRuleOption(args.takeValue("--decision"));
    if (!args.positionals().empty()) throw Error(args.positionals().front(), "unexpected argument");
    if (o.runDir.empty()) throw Error("--run", "which run? (a folder written by timbrescope-cli train)");
    if (o.testDir.empty()) throw Error("--test", "which test folder? (name.wav + name.txt excerpts)");
    o.calibrated = !threshold;
    if (threshold) o.threshold = *threshold;
    if (out.empty()) out = o.runDir;
    if (bf16) {
        if (!models::kernels::cpuHasBf16()) throw Error("--bf16", "this CPU has no AVX-512 BF16 instructions");
        models::kernels::setBf16InferenceEnabled(true);
    }

    const eval::Evaluation ev = eval::evaluateRun(o, [](const std::string& m) { std::cerr << m << "\n"; });
    eval::writeEvaluation(ev, out);

    const auto row = [](const char* name, const eval::MeanStd& folds, double ensemble) {
        std::printf("  %-9s %6.3f ± %.3f   %6.3f\n", name, folds.mean, folds.std, ensemble);
    };
    char thresholdText[32];
    std::snprintf(thresholdText, sizeof thresholdText, "%g", double(o.threshold));
    std::printf("%s on %s: %zu excerpts, %zu fold model(s), threshold %s, decision %s%s\n", ev.architecture.c_str(),
                ev.testDir.c_str(), ev.files.size(), ev.folds.size(), o.calibrated ? "calibrated per fold (run.json)" : thresholdText,
                eval::decisionRuleName(ev.decision), bf16 ? ", bf16 inference where the model supports it" : "");
    std::printf("  metric    folds (mean ± std)  ensemble\n");
    row("F1 micro", ev.foldMean(&eval::MetricSet::f1Micro), ev.ensembleMetrics.f1Micro);
    row("F1 macro", ev.foldMean(&eval::MetricSet::f1Macro), ev.ensembleMetrics.f1Macro);
    row("LRAP", ev.foldMean(&eval::MetricSet::lrap), ev.ensembleMetrics.lrap);
    std::printf("  class  precision  recall     F1  support\n");
    for (int c = 0; c < data::kClassCount; ++c) {
        const auto& s = ev.ensembleMetrics.perClass[std::size_t(c)];
        std::printf("  %s    %9.3f  %6.3f  %5.3f  %7d\n", data::classCode(c).c_str(), s.precision, s.recall, s.f1, s.support);
    }
    std::printf("Wrote %s/results.json, per_class.csv, predictions.csv\n", out.c_str());
    return 0;
}

} // namespace

Command evalCommand() {
    return {"eval", "evaluate a trained run on a test folder: F1 micro/macro/per class, LRAP, per fold and ensemble",
            "usage: timbrescope-cli eval --run RUN --test DIR [--threshold 0.5|calibrated] [--out DIR]\n"
            "                          [--decision at-least-one|thresholds] [--device cpu|cuda[:N]]\n"
            "                          [--threads N] [--bf16]\n"
            "\n"
            "Cuts every test excerpt of DIR into 1-s segments, averages each fold model's segment\n"
            "probabilities per excerpt, and scores F1 (micro, macro, per class), precision, recall and\n"
            "LRAP for each fold model (mean ± std) and for the fold ensemble. 'calibrated' uses the\n"
            "per-class thresholds each fold chose on its validation files, or what calibrate fitted\n"
            "them to (never the test set).\n"
            "--decision: how probabilities become predicted instruments. at-least-one (default): the\n"
            "classes at or above their thresholds, or the most probable class when none is (every\n"
            "excerpt holds an instrument); thresholds: the paper's rule, the classes over them only.\n"
            "LRAP does not depend on it.\n"
            "Writes results.json, per_class.csv and predictions.csv into --out (default: RUN).\n"
            "--bf16 runs fcn, rfcn, crnn* and bigru* on bfloat16 activations and GRU products, on\n"
            "CPUs with AVX-512 BF16: faster, scores within a few thousandths.\n",
            run};
}

} // namespace timbrescope::cli

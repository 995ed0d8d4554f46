#include "app/cli/TrainCommand.h"

#include "app/cli/EffectArguments.h"
#include "app/cli/ProgressLine.h"
#include "engine/core/Error.h"
#include "engine/train/Trainer.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <optional>

namespace timbrescope::cli {
namespace {

std::atomic<bool> interrupted{false};

// Ctrl-C asks the trainer to stop after the current batch; a second one ends the process.
extern "C" void onInterrupt(int) {
    if (interrupted.exchange(true)) std::_Exit(130);
}

train::TrainingOptions parseOptions(Arguments& args) {
    train::TrainingOptions o;
    o.architecture = args.takeValue("--arch").value_or("");
    if (o.architecture.empty()) throw Error("--arch", "which architecture? (see timbrescope-cli models)");
    o.folds = args.takeInteger("--folds", o.folds, 2, 20);
    o.fold = args.takeInteger("--fold", 0, 1, 20) - 1;
    o.epochs = args.takeInteger("--epochs", o.epochs, 1, 100000);
    o.batch = args.takeInteger("--batch", o.batch, 1, 65536);
    o.learningRate = args.takeNumber("--lr", 1e-8, 10.0).value_or(o.learningRate);
    o.device = args.takeValue("--device").value_or(o.device);
    o.threads = args.takeInteger("--threads", 0, 0, 256);
    o.seed = std::uint64_t(args.takeInteger("--seed", 0, 0x7fffffffffffffffLL).value_or(1));
    o.maxTrainSegments = args.takeInteger("--max-train-segments", 0, std::int64_t(1) << 40).value_or(0);
    o.mixing.share = args.takeNumber("--mix", 0.0, 1.0).value_or(o.mixing.share);
    o.mixing.maxSources = args.takeInteger("--mix-sources", o.mixing.maxSources, 2, 8);
    o.mixing.minGainDb = args.takeNumber("--mix-gain", -60.0, 0.0).value_or(o.mixing.minGainDb);
    o.equaliser.share = args.takeNumber("--eq", 0.0, 1.0).value_or(o.equaliser.share);
    o.equaliser.maxGainDb = args.takeNumber("--eq-db", 0.1, 24.0).value_or(o.equaliser.maxGainDb);
    o.mixup.share = args.takeNumber("--mixup", 0.0, 1.0).value_or(o.mixup.share);
    o.mixup.alpha = args.takeNumber("--mixup-alpha", 0.01, 10.0).value_or(o.mixup.alpha);
    o.effects = parseEffects(args);
    o.bf16 = args.takeFlag("--bf16");
    o.initFrom = args.takeValue("--init").value_or("");
    while (auto option = args.takeValue("--model-option")) {
        const auto eq = option->find('=');
        if (eq == std::string::npos || eq == 0) throw Error("--model-option", "'" + *option + "': expected key=value, e.g. gru=256,128");
        o.modelOptions[option->substr(0, eq)] = option->substr(eq + 1);
    }
    return o;
}

void report(const train::RunRecord& r, const std::string& runDir) {
    std::printf("Run %s: %s, %s\n", runDir.c_str(), r.training.architecture.c_str(), r.status.c_str());
    std::printf("  fold  status    epochs  best epoch  val loss  val F1 micro  val F1 macro\n");
    for (const auto& f : r.folds) {
        if (f.status == train::FoldStatus::Pending) continue;
        const train::EpochRecord* best = nullptr;
        for (const auto& e : f.epochs)
            if (e.epoch == f.bestEpoch) best = &e;
        std::printf("  %4d  %-8s  %6zu  %10d  %8.4f  %12.3f  %12.3f\n", f.fold + 1, train::statusName(f.status), f.epochs.size(),
                    f.bestEpoch, best ? best->validationLoss : 0.0, best ? best->validationF1Micro : 0.0,
                    best ? best->validationF1Macro : 0.0);
    }
}

int run(Arguments& args) {
    const bool resume = args.takeFlag("--resume");
    const std::string out = args.takeValue("--out").value_or("");
    if (out.empty()) throw Error("--out", "where should the run go? (a new folder, or an existing run with --resume)");
    std::string data = args.takeValue("--data").value_or("");
    std::optional<train::Trainer> trainer;
    if (resume) {
        const int threads = args.takeInteger("--threads", 0, 0, 256);
        const int epochs = args.takeInteger("--epochs", 0, 1, 100000);
        if (!args.positionals().empty()) throw Error(args.positionals().front(), "unexpected argument");
        trainer.emplace(train::Trainer::resume(out, data, threads, epochs));
    } else {
        if (data.empty()) throw Error("--data", "which dataset? (a folder in the IRMAS layout)");
        const train::TrainingOptions options = parseOptions(args);
        if (!args.positionals().empty()) throw Error(args.positionals().front(), "unexpected argument");
        trainer.emplace(train::Trainer::start(data, out, options));
    }

    ProgressLine progress;
    std::signal(SIGINT, onInterrupt);
    const train::RunRecord record = trainer->run(
        [&](const train::TrainEvent& e) {
            using K = train::TrainEvent::Kind;
            const std::string fold = "fold " + std::to_string(e.fold + 1);
            switch (e.kind) {
            case K::Preparing:
            case K::FoldStarted:
            case K::FoldFinished:
            case K::Finished: progress.print(e.message); break;
            case K::Stopped: progress.print(e.message + "; continue with: timbrescope-cli train --out " + out + " --resume"); break;
            case K::Batch: {
                char detail[160];
                std::snprintf(detail, sizeof detail, "loss %.4f  %.0f seg/s  ETA %s", e.loss, e.segmentsPerSecond, clockTime(e.etaSeconds).c_str());
                progress.update(fold + " epoch " + std::to_string(e.epoch), double(e.batch) / e.batches, detail);
                break;
            }
            case K::Epoch: {
                const auto& r = e.epochRecord;
                char line[200];
                std::snprintf(line, sizeof line, "%s epoch %d: loss %.4f, val loss %.4f, val F1 micro %.3f macro %.3f, lr %.2g, %.1f s (%.0f seg/s)",
                              fold.c_str(), r.epoch, r.trainLoss, r.validationLoss, r.validationF1Micro, r.validationF1Macro,
                              r.learningRate, r.seconds, r.segmentsPerSecond);
                progress.print(line);
                break;
            }
            }
        },
        &interrupted);
    std::signal(SIGINT, SIG_DFL);
    report(record, out);
    if (record.status == "stopped") return 130;
    std::printf("Evaluate with: timbrescope-cli eval --run %s --test TEST_DIR\n", out.c_str());
    return 0;
}

} // namespace

Command trainCommand() {
    return {"train", "train a model with the paper's protocol (k-fold CV, Adam, plateau decay, early stopping)",
            "usage: timbrescope-cli train --arch NAME --data DIR --out RUN [--folds 5] [--fold K] [--epochs N]\n"
            "                           [--batch 64] [--lr 1e-3] [--device cpu|cuda[:N]] [--threads N] [--seed S]\n"
            "                           [--max-train-segments N] [--mix SHARE [--mix-sources N] [--mix-gain DB]]\n"
            "                           [--eq SHARE [--eq-db DB]] [--effects SHARE] [--pitch SHARE]\n"
            "                           [--pitch-range ST] [--filter SHARE] [--room SHARE] [--rt60 MIN:MAX]\n"
            "                           [--compress SHARE] [--noise SHARE] [--snr MIN:MAX]\n"
            "                           [--codec SHARE [--codec-level MIN:MAX]] [--mixup SHARE [--mixup-alpha A]]\n"
            "                           [--init RUN|MODEL] [--model-option KEY=VALUE]... [--bf16]\n"
            "       timbrescope-cli train --out RUN --resume [--data DIR] [--threads N] [--epochs N]\n"
            "\n"
            "Trains NAME (see timbrescope-cli models) on the training files of DIR (IRMAS layout) with\n"
            "binary cross-entropy, Adam, the learning rate x0.9 after 4 epochs without validation-loss\n"
            "improvement, and early stopping after 7 (best weights kept), one model per fold of a\n"
            "K-fold split grouped by recording. RUN gets run.json (options, history, timings),\n"
            "fold-K.pt (best weights) and, while a fold is unfinished, fold-K.state.pt: a killed or\n"
            "interrupted (Ctrl-C) run continues with --resume from its last completed epoch; --epochs\n"
            "then sets a new bound (a fold that has that many already finishes with its best weights).\n"
            "\n"
            "  --fold K                 train only fold K (1..folds)\n"
            "  --epochs N               at most N epochs per fold (default 100)\n"
            "  --max-train-segments N   train on a fixed random subset of N segments per fold\n"
            "  --mix SHARE              mixing augmentation: this share (0..1, default 0) of training\n"
            "                           examples sum 2..--mix-sources (default 4) segments of different\n"
            "                           instruments at gains in [--mix-gain (default -12), 0] dB,\n"
            "                           labelled with the union of their labels\n"
            "  --eq SHARE               timbre augmentation: this share (0..1, default 0) of training\n"
            "                           examples pass a random 3-band equaliser, each band within\n"
            "                           ±--eq-db (default 9) dB\n"
            "  --mixup SHARE            mixup: this share (0..1, default 0) of training examples blended\n"
            "                           with another of the batch, targets too, weights ~ Beta(A, A)\n"
            "                           (--mixup-alpha, default 0.4) with the example's own part >= 0.5\n"
            + effectOptionsHelp() +
            "  --init RUN|MODEL         warm start: fold K begins from RUN's fold-K.pt (its fold-1.pt\n"
            "                           when RUN has fewer folds) or from MODEL for every fold; the\n"
            "                           architecture and options must match (recorded in run.json)\n"
            "  --model-option KEY=VALUE architecture option, e.g. gru=256,128 for crnn*\n"
            "  --bf16                   bf16 mixed precision: the convolutions and the GRUs' matrix\n"
            "                           products in bf16 (float32 master weights, BatchNorm, GRU states\n"
            "                           and loss): about 2x the training speed for fcn and rfcn, 1.45x\n"
            "                           for the CQT baseline and crnn3; CPUs with AVX-512 BF16 only\n"
            "                           (elsewhere the run trains in float32 and says so)\n",
            run};
}

} // namespace timbrescope::cli

#include "app/cli/DegradeCommand.h"

#include "app/cli/EffectArguments.h"
#include "app/cli/ProgressLine.h"
#include "engine/core/Error.h"
#include "engine/data/DegradeFolder.h"

#include <cstdio>
#include <string>

namespace timbrescope::cli {
namespace {

int run(Arguments& args) {
    const auto in = args.takeValue("--in");
    if (!in) throw Error("--in", "which folder? (a test set, e.g. IRMAS-TestingData)");
    const auto out = args.takeValue("--out");
    if (!out) throw Error("--out", "where should the degraded copy go? (a new folder)");
    const auto seed = std::uint64_t(args.takeInteger("--seed", 0, 0x7fffffffffffffffLL).value_or(1));
    const bool quiet = args.takeFlag("--quiet");
    const augment::EffectOptions effects = parseEffects(args);
    if (const auto extra = args.positionals(); !extra.empty()) throw Error(extra.front(), "unexpected argument");

    ProgressLine progress;
    const data::DegradeSummary summary = data::degradeFolder(*in, *out, effects, seed, [&](int done, int total) {
        if (!quiet) progress.update("degrade", double(done) / total, std::to_string(done) + "/" + std::to_string(total) + " tracks");
    });
    std::string applied;
    for (const auto& [name, count] : summary.applied) applied += (applied.empty() ? "" : ", ") + name + " " + std::to_string(count);
    std::printf("Degraded %d tracks (%s), copied %d label files into %s\n", summary.tracks, applied.empty() ? "no effect drawn" : applied.c_str(),
                summary.labels, out->c_str());
    return 0;
}

} // namespace

Command degradeCommand() {
    return {"degrade", "copy a test set through rooms, noise, filters and codecs (what invariances are worth)",
            "usage: timbrescope-cli degrade --in DIR --out NEW_DIR [--seed S] [--quiet] [--effects SHARE]\n"
            "                               [--pitch SHARE] [--pitch-range ST] [--filter SHARE] [--room SHARE]\n"
            "                               [--rt60 MIN:MAX] [--compress SHARE] [--noise SHARE] [--snr MIN:MAX]\n"
            "                               [--codec SHARE [--codec-level MIN:MAX]]\n"
            "\n"
            "Copies every audio file under DIR (e.g. an IRMAS-TestingData folder) to NEW_DIR at the same\n"
            "path, mixed to mono, through the training-time effects chain, and copies the label files\n"
            "(.txt) beside it; NEW_DIR/timbrescope-degrade.json records the options, the seed and which\n"
            "effects each track got. Each track's draw depends on S and its path only, so the copy is the\n"
            "same every time. Then `eval --test NEW_DIR` scores a model on music heard through rooms,\n"
            "microphones and lossy codecs, which clean synthesised test music never asks of it.\n"
            "An \"example\" below is a track.\n"
            "\n" +
                effectOptionsHelp(),
            run};
}

} // namespace timbrescope::cli

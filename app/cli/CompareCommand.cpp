#include "app/cli/CompareCommand.h"

#include "engine/core/Error.h"
#include "engine/eval/ResultFiles.h"

#include <cstdio>

namespace timbrescope::cli {
namespace {

int run(Arguments& args) {
    const std::vector<std::string> paths = args.positionals();
    if (paths.size() != 2) throw Error("compare", "give two evaluated runs (or results.json files)");
    const eval::ResultSummary a = eval::readResults(paths[0]), b = eval::readResults(paths[1]);
    std::printf("A: %s (%s)\nB: %s (%s)\n\n", a.source.c_str(), a.architecture.c_str(), b.source.c_str(), b.architecture.c_str());
    std::printf("%-20s %16s %16s %8s\n", "F1 (ensemble)", "A", "B", "B - A");
    for (int c = 0; c < data::kClassCount; ++c) {
        const std::string name = data::classCode(c) + " " + data::instrumentClasses()[std::size_t(c)].name;
        std::printf("%-20s %16.3f %16.3f %+8.3f\n", name.c_str(), a.f1[std::size_t(c)], b.f1[std::size_t(c)],
                    b.f1[std::size_t(c)] - a.f1[std::size_t(c)]);
    }
    std::printf("%-20s %16.3f %16.3f %+8.3f\n", "F1 micro", a.f1Micro, b.f1Micro, b.f1Micro - a.f1Micro);
    std::printf("%-20s %16.3f %16.3f %+8.3f\n", "F1 macro", a.f1Macro, b.f1Macro, b.f1Macro - a.f1Macro);
    std::printf("%-20s %16.3f %16.3f %+8.3f\n", "LRAP", a.lrap, b.lrap, b.lrap - a.lrap);
    if (a.excerpts != b.excerpts)
        std::printf("\nnote: evaluated on different test sets (%d vs %d excerpts)\n", a.excerpts, b.excerpts);
    return 0;
}

} // namespace

Command compareCommand() {
    return {"compare", "per-instrument F1 of two evaluated runs side by side",
            "usage: timbrescope-cli compare RUN_A RUN_B\n"
            "\n"
            "Reads each run's results.json (written by timbrescope-cli eval) and prints the ensemble\n"
            "F1 per instrument, F1 micro/macro and LRAP of both, with B - A.\n",
            run};
}

} // namespace timbrescope::cli

#include "app/cli/ModelsCommand.h"

#include "engine/core/Error.h"
#include "engine/models/ModelRegistry.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

namespace timbrescope::cli {
namespace {

constexpr std::int64_t kSegment = 22050;

int run(Arguments& args) {
    const bool json = args.takeFlag("--json");
    if (!args.positionals().empty()) throw Error(args.positionals().front(), "unexpected argument");
    nlohmann::json rows = nlohmann::json::array();
    if (!json)
        std::printf("%-16s %10s %12s %16s %14s  %s\n", "name", "trainable", "keras total", "paper", "MACs/segment", "description");
    for (const auto& a : models::architectures()) {
        const auto model = models::buildModel(a.name);
        const models::ParameterCount count = models::countParameters(*model);
        const std::int64_t macs = model->multiplyAdds(kSegment);
        if (json) {
            rows.push_back({{"name", a.name}, {"trainable_parameters", count.trainable}, {"keras_total_parameters", count.kerasTotal},
                            {"paper_parameters", a.paperParameters}, {"paper_source", a.paperSource},
                            {"multiply_adds_per_segment", macs}, {"description", a.description}});
            continue;
        }
        const std::string paper = a.paperParameters > 0 ? models::shortCount(a.paperParameters) + " (" + a.paperSource + ")" : "-";
        std::printf("%-16s %10lld %12lld %16s %13.1fM  %s\n", a.name.c_str(), static_cast<long long>(count.trainable),
                    static_cast<long long>(count.kerasTotal), paper.c_str(), double(macs) / 1e6, a.description.c_str());
    }
    if (json) std::cout << rows.dump(2) << "\n";
    else
        std::printf("\nKeras total = trainable + BatchNorm moving statistics, the paper's way of counting.\n"
                    "MACs/segment: multiply-adds of one forward pass over a 1-s segment (22050 samples).\n");
    return 0;
}

} // namespace

Command modelsCommand() {
    return {"models", "list every architecture: parameters (as the paper counts them), cost per segment",
            "usage: timbrescope-cli models [--json]\n"
            "\n"
            "Prints each registered architecture with its trainable parameters, the Keras-style total\n"
            "(trainable + BatchNorm moving statistics, as the paper counts), the paper's count where it\n"
            "gives one, and the multiply-adds of one forward pass over a 1-s segment.\n",
            run};
}

} // namespace timbrescope::cli

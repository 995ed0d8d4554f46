#include "app/cli/BenchCommand.h"

#include "engine/core/Error.h"
#include "engine/dsp/ConstantQ.h"
#include "engine/models/ModelRegistry.h"
#include "engine/models/kernels/FastKernels.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>

namespace timbrescope::cli {
namespace {

using Clock = std::chrono::steady_clock;

// Repeats `step` (after one warm-up call) until `seconds` have passed; returns calls per second.
template <class Step>
double rate(double seconds, Step step) {
    step();
    int calls = 0;
    const auto start = Clock::now();
    double elapsed = 0.0;
    do {
        step();
        ++calls;
        elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    } while (elapsed < seconds);
    return calls / elapsed;
}

int run(Arguments& args) {
    const std::string arch = args.takeValue("--arch").value_or("fcn");
    const int batch = args.takeInteger("--batch", 64, 1, 4096);
    const int threads = args.takeInteger("--threads", 0, 0, 256);
    const double seconds = args.takePositiveSeconds("--seconds").value_or(5.0);
    const bool json = args.takeFlag("--json");
    const bool stock = args.takeFlag("--stock");
    if (!args.positionals().empty()) throw Error(args.positionals().front(), "unexpected argument");
    if (threads > 0) torch::set_num_threads(threads);
    models::kernels::setFastKernelsEnabled(!stock);

    torch::manual_seed(0);
    auto model = models::buildModel(arch);
    const at::Tensor x = torch::randn({batch, 1, 22050});
    const at::Tensor y = (torch::rand({batch, 11}) < 0.2).to(torch::kFloat32);
    torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(1e-3));
    model->train();
    const double trainSteps = rate(seconds, [&] {
        optimizer.zero_grad();
        torch::binary_cross_entropy_with_logits(model->forward(x), y).backward();
        optimizer.step();
    });
    model->eval();
    double inferenceSteps;
    {
        torch::NoGradGuard noGrad;
        inferenceSteps = rate(seconds, [&] { model->forward(x); });
    }
    dsp::ConstantQ cqt;
    double cqtSteps;
    {
        torch::NoGradGuard noGrad;
        cqtSteps = rate(seconds, [&] { cqt->forward(x); });
    }
    const double macs = double(model->multiplyAdds(22050));
    const double train = trainSteps * batch, infer = inferenceSteps * batch, cqtRate = cqtSteps * batch;
    if (json) {
        std::cout << nlohmann::json{{"arch", arch}, {"batch", batch}, {"threads", torch::get_num_threads()},
                                    {"training_segments_per_s", train}, {"inference_segments_per_s", infer},
                                    {"inference_gflops", infer * macs * 2 / 1e9}, {"cqt_segments_per_s", cqtRate}}
                         .dump(2)
                  << "\n";
        return 0;
    }
    std::printf("%s, batch %d, %d threads\n", arch.c_str(), batch, torch::get_num_threads());
    std::printf("  training   %8.1f segments/s (forward + backward + Adam)\n", train);
    std::printf("  inference  %8.1f segments/s (%.1f GFLOP/s)\n", infer, infer * macs * 2 / 1e9);
    std::printf("  CQT        %8.1f segments/s (96 x 87 dB images)\n", cqtRate);
    return 0;
}

} // namespace

Command benchCommand() {
    return {"bench", "measure training, inference and CQT throughput on this machine",
            "usage: timbrescope-cli bench [--arch NAME] [--batch 64] [--threads N] [--seconds S] [--json]\n"
            "\n"
            "Times training steps (forward + backward + Adam) and inference of one architecture on\n"
            "random 1-s segments, and the constant-Q transform, each for S seconds (default 5).\n",
            run};
}

} // namespace timbrescope::cli

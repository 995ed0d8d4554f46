#include "app/cli/BenchCommand.h"

#include "engine/audio/AudioFileWriter.h"
#include "engine/audio/ResamplerQuality.h"
#include "engine/audio/TrackLoader.h"
#include "engine/core/Error.h"
#include "engine/dsp/ConstantQ.h"
#include "engine/models/Inference.h"
#include "engine/models/ModelRegistry.h"
#include "engine/models/kernels/FastKernels.h"
#include "engine/models/kernels/SmallGemm.h"
#include "engine/train/Device.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <random>
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

// Peak resident memory of this process so far, in MiB.
double peakRssMiB() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0;
}

// The machine's fp32 matrix-multiply peak, the ceiling for the models: the best of LibTorch's
// BLAS and the engine's own sgemm (oneDNN where built with it), which differ by up to 2× here.
struct SgemmPeak {
    double blas, engine;
    double best() const { return std::max(blas, engine); }
};

SgemmPeak sgemmGflops(double seconds) {
    constexpr std::int64_t n = 2048;
    const at::Tensor a = torch::randn({n, n}), b = torch::randn({n, n});
    at::Tensor c = torch::empty({n, n});
    const double flop = 2.0 * n * n * n / 1e9;
    const double blas = rate(seconds / 2, [&] { torch::mm_out(c, a, b); }) * flop;
    const double engine = rate(seconds / 2, [&] {
        models::kernels::sgemm(false, false, n, n, n, 1.0f, a.data_ptr<float>(), n, b.data_ptr<float>(), n, 0.0f, c.data_ptr<float>(), n);
    }) * flop;
    return {blas, engine};
}

// The convolution ceiling: oneDNN's channels-last 1-D convolution at its best shape for the
// paper's layers (64 → 64 channels, kernel 3, batch 64 × 2 450 steps: cell 3's), forward only,
// in float32 or bfloat16 (float32 accumulation). GFLOP/s.
double convolutionGflops(torch::ScalarType dtype, double seconds) {
    constexpr std::int64_t batch = 64, channels = 64, length = 2450, kernel = 3;
    const at::Tensor x = torch::randn({batch, channels, 1, length}).to(dtype).contiguous(at::MemoryFormat::ChannelsLast);
    const at::Tensor w = torch::randn({channels, channels, 1, kernel}).to(dtype).contiguous(at::MemoryFormat::ChannelsLast);
    torch::NoGradGuard noGrad;
    const double flop = 2.0 * batch * length * channels * channels * kernel / 1e9;
    return rate(seconds, [&] { at::conv2d(x, w, {}, at::IntArrayRef{1, 1}, at::IntArrayRef{0, 1}); }) * flop;
}

// Decode + mono + resample to 22 050 Hz (kaiser-best, the default) of a generated 30-s stereo 44.1 kHz WAV:
// seconds of audio per second.
double decodeRealtimeFactor(double seconds) {
    constexpr int kRate = 44100, kSeconds = 30;
    std::vector<float> stereo(std::size_t(kRate) * kSeconds * 2);
    std::mt19937 rng(1);
    std::normal_distribution<float> noise(0.0f, 0.05f);
    for (std::size_t i = 0; i < stereo.size() / 2; ++i) {
        const double t = double(i) / kRate;
        const float sweep = 0.4f * float(std::sin(2 * M_PI * (50.0 * t + 150.0 * t * t)));  // 50 Hz → 9 kHz
        stereo[2 * i] = sweep + noise(rng);
        stereo[2 * i + 1] = 0.5f * sweep + noise(rng);
    }
    const std::filesystem::path file =
        std::filesystem::temp_directory_path() / ("timbrescope-bench-" + std::to_string(::getpid()) + ".wav");
    struct Removed {  // the file goes, whatever happens while it is timed
        const std::filesystem::path& path;
        ~Removed() {
            std::error_code ignored;  // a leftover temporary file is not worth failing the benchmark
            std::filesystem::remove(path, ignored);
        }
    } removed{file};
    audio::writeWav(file, stereo.data(), kRate * kSeconds, 2, kRate);
    return rate(seconds, [&] { audio::loadTrack(file.string()); }) * kSeconds;
}

// One architecture, a random batch of 1-s segments and an optimiser, on one device: what both
// the CPU and the CUDA benches time.
struct Workload {
    std::shared_ptr<models::ModelBase> model;
    at::Tensor x, y;
    std::unique_ptr<torch::optim::Adam> optimizer;
    int batch;
    double macs;  // multiply-adds of one segment's forward pass

    Workload(const std::string& arch, int batch, const c10::Device& device) : batch(batch) {
        torch::manual_seed(0);
        model = models::buildModel(arch);
        model->to(device);
        x = torch::randn({batch, 1, 22050}).to(device);
        y = (torch::rand({batch, 11}) < 0.2).to(torch::kFloat32).to(device);
        optimizer = std::make_unique<torch::optim::Adam>(model->parameters(), torch::optim::AdamOptions(1e-3));
        macs = double(model->multiplyAdds(22050));
    }
    void trainStep() {
        optimizer->zero_grad();
        torch::binary_cross_entropy_with_logits(model->forward(x), y).backward();
        optimizer->step();
    }
    void inferStep() { models::inferLogits(*model, x); }
    // GFLOP/s of steps/s: a training step costs about three forward passes.
    double trainingGflops(double steps) const { return steps * batch * macs * 6 / 1e9; }
    double inferenceGflops(double steps) const { return steps * batch * macs * 2 / 1e9; }
};

// On a CUDA device: training and inference segments/s, the device's float32 matrix-product
// rate (the ceiling there) and how close the two come to it. Each timed call waits for the
// device to finish.
int benchCuda(const std::string& arch, int batch, double seconds, const c10::Device& device, bool json) {
    Workload w(arch, batch, device);
    const auto synchronised = [&](auto step) {
        return [&, step] {
            step();
            torch::cuda::synchronize(device.index());
        };
    };
    w.model->train();
    const double trainSteps = rate(seconds, synchronised([&] { w.trainStep(); }));
    w.model->eval();
    double inferSteps;
    {
        torch::NoGradGuard noGrad;
        inferSteps = rate(seconds, synchronised([&] { w.inferStep(); }));
    }
    constexpr std::int64_t n = 4096;
    const at::Tensor a = torch::randn({n, n}, device), b = torch::randn({n, n}, device);
    const double matmul = rate(seconds / 2, synchronised([&] { torch::mm(a, b); })) * 2.0 * n * n * n / 1e9;
    const double train = trainSteps * batch, infer = inferSteps * batch;
    const double trainGflops = w.trainingGflops(trainSteps), inferGflops = w.inferenceGflops(inferSteps);
    if (json) {
        std::cout << nlohmann::json{{"arch", arch}, {"batch", batch}, {"device", device.str()},
                                    {"training_segments_per_s", train}, {"inference_segments_per_s", infer},
                                    {"training_gflops", trainGflops}, {"inference_gflops", inferGflops}, {"ceiling_gflops", matmul},
                                    {"training_ceiling_fraction", trainGflops / matmul}, {"inference_ceiling_fraction", inferGflops / matmul}}
                         .dump(2)
                  << "\n";
        return 0;
    }
    std::printf("%s, batch %d, %s\n", arch.c_str(), batch, device.str().c_str());
    std::printf("  training   %8.1f segments/s (forward + backward + Adam, ~%.0f GFLOP/s, %.0f %% of the ceiling)\n", train, trainGflops,
                100 * trainGflops / matmul);
    std::printf("  inference  %8.1f segments/s (%.0f GFLOP/s, %.0f %% of the ceiling)\n", infer, inferGflops, 100 * inferGflops / matmul);
    std::printf("  ceiling    %8.0f GFLOP/s (4096^3 fp32 matrix product on the device)\n", matmul);
    return 0;
}

int run(Arguments& args) {
    const std::string arch = args.takeValue("--arch").value_or("fcn");
    const int batch = args.takeInteger("--batch", 64, 1, 4096);
    const int threads = args.takeInteger("--threads", 0, 0, 256);
    const double seconds = args.takePositiveSeconds("--seconds").value_or(5.0);
    const bool json = args.takeFlag("--json");
    const bool stock = args.takeFlag("--stock");
    const bool bf16 = args.takeFlag("--bf16");
    const c10::Device device = train::parseDevice(args.takeValue("--device").value_or("cpu"));
    if (!args.positionals().empty()) throw Error(args.positionals().front(), "unexpected argument");
    if (threads > 0) torch::set_num_threads(threads);
    models::kernels::setFastKernelsEnabled(!stock);
    if (bf16 && !models::kernels::cpuHasBf16()) throw Error("--bf16", "this CPU has no AVX-512 BF16 instructions");
    if (bf16 && !device.is_cpu()) throw Error("--bf16", "the bf16 paths are the CPU's; leave it out with --device " + device.str());
    if (device.is_cuda()) return benchCuda(arch, batch, seconds, device, json);

    Workload w(arch, batch, c10::Device(c10::kCPU));
    const auto& model = w.model;
    const at::Tensor& x = w.x;
    model->train();
    const double trainSteps = rate(seconds, [&] { w.trainStep(); });
    double bf16TrainSteps = 0.0;
    if (bf16) {
        const models::kernels::Bf16Activations bf16Activations;  // as train --bf16 runs its steps
        bf16TrainSteps = rate(seconds, [&] { w.trainStep(); });
    }
    model->eval();
    double inferenceSteps;
    {
        torch::NoGradGuard noGrad;
        inferenceSteps = rate(seconds, [&] { w.inferStep(); });
    }
    double bf16Steps = 0.0;
    if (bf16) {
        torch::NoGradGuard noGrad;
        models::kernels::setBf16InferenceEnabled(true);
        bf16Steps = model->bf16Inference() ? rate(seconds, [&] { w.inferStep(); }) : 0.0;
        models::kernels::setBf16InferenceEnabled(false);
    }
    dsp::ConstantQ cqt;
    double cqtSteps;
    {
        torch::NoGradGuard noGrad;
        cqtSteps = rate(seconds, [&] { cqt->forward(x); });
    }
    const double rssMiB = peakRssMiB();  // after the model's training and inference, before the rest
    const SgemmPeak gemm = sgemmGflops(seconds);
    const double convolution = convolutionGflops(torch::kFloat32, seconds / 2);
    const double bf16Convolution = bf16 ? convolutionGflops(torch::kBFloat16, seconds / 2) : 0.0;
    // What the models are measured against: the better of the matrix product and the convolution.
    const double ceiling = std::max(gemm.best(), convolution);
    const double decode = decodeRealtimeFactor(seconds);
    const audio::ResamplerQuality kaiser = audio::measureResamplerQuality(audio::Converter::KaiserBest);
    const audio::ResamplerQuality sinc = audio::measureResamplerQuality(audio::Converter::SincBest);
    const double train = trainSteps * batch, infer = inferenceSteps * batch, cqtRate = cqtSteps * batch;
    const double trainGflops = w.trainingGflops(trainSteps), inferGflops = w.inferenceGflops(inferenceSteps);
    const double bf16TrainGflops = w.trainingGflops(bf16TrainSteps), bf16InferGflops = w.inferenceGflops(bf16Steps);
    const double bf16Ceiling = std::max(bf16Convolution, ceiling);
    if (json) {
        std::cout << nlohmann::json{{"arch", arch}, {"batch", batch}, {"threads", torch::get_num_threads()},
                                    {"training_segments_per_s", train}, {"inference_segments_per_s", infer},
                                    {"training_gflops", trainGflops}, {"inference_gflops", inferGflops},
                                    {"convolution_gflops", convolution}, {"ceiling_gflops", ceiling},
                                    {"training_ceiling_fraction", trainGflops / ceiling}, {"inference_ceiling_fraction", inferGflops / ceiling},
                                    {"bf16_convolution_gflops", bf16Convolution},
                                    {"bf16_training_ceiling_fraction", bf16 ? bf16TrainGflops / bf16Ceiling : 0.0},
                                    {"bf16_inference_ceiling_fraction", bf16 ? bf16InferGflops / bf16Ceiling : 0.0},
                                    {"sgemm_gflops", gemm.best()}, {"sgemm_blas_gflops", gemm.blas},
                                    {"sgemm_engine_gflops", gemm.engine}, {"sgemm_engine_backend", models::kernels::sgemmBackend()}, {"peak_rss_mib", rssMiB}, {"cqt_segments_per_s", cqtRate},
                                    {"decode_realtime_factor", decode}, {"fast_kernels", !stock},
                                    {"bf16_training_segments_per_s", bf16TrainSteps * batch},
                                    {"bf16_inference_segments_per_s", bf16Steps * batch},
                                    {"resampler_kaiser_best", {{"passband_ripple_db", kaiser.passbandRippleDb}, {"worst_alias_db", kaiser.worstAliasDb}}},
                                    {"resampler_sinc_best", {{"passband_ripple_db", sinc.passbandRippleDb}, {"worst_alias_db", sinc.worstAliasDb}}}}
                         .dump(2)
                  << "\n";
        return 0;
    }
    std::printf("%s, batch %d, %d threads, %s kernels\n", arch.c_str(), batch, torch::get_num_threads(), stock ? "stock" : "fused");
    std::printf("  training   %8.1f segments/s (forward + backward + Adam, ~%.0f GFLOP/s, %.0f %% of the ceiling)\n", train, trainGflops,
                100 * trainGflops / ceiling);
    std::printf("  inference  %8.1f segments/s (%.1f GFLOP/s, %.0f %% of the ceiling)\n", infer, inferGflops, 100 * inferGflops / ceiling);
    if (bf16) {
        std::printf("  bf16 train %8.1f segments/s (convolutions and GRU products in bf16; %.0f %% of the bf16 ceiling)\n",
                    bf16TrainSteps * batch, 100 * bf16TrainGflops / bf16Ceiling);
        if (model->bf16Inference())
            std::printf("  bf16 infer %8.1f segments/s (%.0f %% of the bf16 ceiling)\n", bf16Steps * batch, 100 * bf16InferGflops / bf16Ceiling);
        else
            std::printf("  bf16 infer        - (not supported by this model)\n");
    }
    std::printf("  ceiling    %8.1f GFLOP/s fp32: SGEMM %.1f (2048^3; LibTorch BLAS %.1f, %s %.1f), convolution %.1f (64 ch, k 3)\n",
                ceiling, gemm.best(), gemm.blas, models::kernels::sgemmBackend(), gemm.engine, convolution);
    if (bf16) std::printf("             %8.1f GFLOP/s bf16 convolution (the bf16 ceiling)\n", bf16Convolution);
    std::printf("  peak RSS   %8.1f MiB (model, batch, training step)\n", rssMiB);
    std::printf("  CQT        %8.1f segments/s (96 x 87 dB images)\n", cqtRate);
    std::printf("  decode     %8.1f x real time (30-s stereo 44.1 kHz WAV -> 22.05 kHz mono, kaiser-best)\n", decode);
    std::printf("  resampler  44.1 -> 22.05 kHz, stepped sine sweep: passband ripple (0.1-9.9 kHz) / worst alias (12.1-21.6 kHz)\n");
    std::printf("             kaiser-best %.4f dB / %.1f dB, libsamplerate sinc-best %.4f dB / %.1f dB\n", kaiser.passbandRippleDb,
                kaiser.worstAliasDb, sinc.passbandRippleDb, sinc.worstAliasDb);
    return 0;
}

} // namespace

Command benchCommand() {
    return {"bench", "measure training, inference and CQT throughput on this machine",
            "usage: timbrescope-cli bench [--arch NAME] [--batch 64] [--threads N] [--seconds S] [--stock] [--bf16]\n"
            "                            [--device cpu|cuda[:N]] [--json]\n"
            "\n"
            "Times training steps (forward + backward + Adam) and inference of one architecture on\n"
            "random 1-s segments, the machine's ceiling (the better of an fp32 SGEMM and oneDNN's\n"
            "convolution, and each model's share of it), the constant-Q transform, and decoding +\n"
            "resampling a generated 30-s stereo file, each for S seconds (default 5).\n"
            "--stock runs LibTorch's stock modules instead of the fused CPU kernels; --bf16 also times\n"
            "bf16 mixed-precision training (train --bf16), the bfloat16 inference path and the bf16\n"
            "convolution ceiling (CPUs with AVX-512 BF16). --device cuda times training and inference\n"
            "on a GPU instead, against the device's float32 matrix-product rate.\n",
            run};
}

} // namespace timbrescope::cli

#include "engine/models/CqtCnn.h"

#include "engine/models/kernels/FastKernels.h"

#include <torch/torch.h>

namespace timbrescope::models {
namespace {

constexpr int kPools[4] = {2, 2, 3, 3};

torch::nn::Sequential block(int in, int out, int pool) {
    using namespace torch::nn;
    return Sequential(Conv2d(Conv2dOptions(in, out, 3).padding(1)), Conv2d(Conv2dOptions(out, out, 3).padding(1)),
                      BatchNorm2d(out), LeakyReLU(LeakyReLUOptions().negative_slope(0.3)),
                      MaxPool2d(MaxPool2dOptions(pool)), Dropout(0.2));
}

// One block; in a bf16 mixed-precision training step (kernels::Bf16Activations on the CPU) its two
// convolutions run on bf16 operands (oneDNN, float32 accumulation) and the rest in float32.
at::Tensor runBlock(torch::nn::Sequential& block, const at::Tensor& x) {
    if (!(kernels::Bf16Activations::active() && kernels::fastKernelsEnabled() && block->is_training() && torch::GradMode::is_enabled() &&
          x.device().is_cpu()))
        return block->forward(x);
    at::Tensor y = x.contiguous(at::MemoryFormat::ChannelsLast);
    for (auto& module : *block) {
        if (const auto* conv = module.ptr()->as<torch::nn::Conv2dImpl>()) {
            const auto& o = conv->options;
            const at::Tensor bias = o.bias() ? conv->bias.to(torch::kBFloat16) : at::Tensor();
            y = at::conv2d(y.to(torch::kBFloat16), conv->weight.to(torch::kBFloat16), bias, *o.stride(),
                           *c10::get<torch::ExpandingArray<2>>(o.padding()), *o.dilation(), o.groups());
        } else {
            y = module.forward(y.to(torch::kFloat32));  // BatchNorm onwards: float32
        }
    }
    return y;
}

// The image size after the blocks: each pool floors.
std::pair<std::int64_t, std::int64_t> sizeAfter(int blocks, std::int64_t height, std::int64_t width) {
    for (int b = 0; b < blocks; ++b) height /= kPools[b], width /= kPools[b];
    return {height, width};
}

} // namespace

CqtCnnImpl::CqtCnnImpl(std::array<int, 4> filters, int dense) : filters(filters), denseUnits(dense) {
    cqt = register_module("cqt", dsp::ConstantQ());
    int in = 1;
    for (int b = 0; b < 4; ++b) {
        blocks.push_back(register_module("block" + std::to_string(b + 1), block(in, filters[std::size_t(b)], kPools[b])));
        in = filters[std::size_t(b)];
    }
    const auto [h, w] = sizeAfter(4, cqt->options.bins, cqt->frames(22050));
    this->dense = register_module("dense", torch::nn::Linear(in * h * w, dense));
    denseNorm = register_module("dense_norm", torch::nn::BatchNorm1d(dense));
    dropout = register_module("dropout", torch::nn::Dropout(0.5));
    output = register_module("output", torch::nn::Linear(dense, 11));
}

ForwardResult CqtCnnImpl::run(const at::Tensor& waveform, bool record) {
    ForwardResult result;
    at::Tensor x = cqt->forward(waveform);  // [B, 1, 96, 87] dB
    if (record) {
        result.activations.emplace_back("input", waveform);
        result.activations.emplace_back("cqt", x);
    }
    for (std::size_t b = 0; b < blocks.size(); ++b) {
        x = runBlock(blocks[b], x);
        if (record) result.activations.emplace_back("block" + std::to_string(b + 1), x);
    }
    const at::Tensor h = denseNorm(torch::leaky_relu(dense(x.flatten(1)), 0.3));
    if (record) result.activations.emplace_back("dense", h.unsqueeze(2));
    result.logits = output(dropout(h));
    return result;
}

at::Tensor CqtCnnImpl::forward(const at::Tensor& waveform) { return run(waveform, false).logits; }

ForwardResult CqtCnnImpl::forward_with_activations(const at::Tensor& waveform) { return run(waveform, true); }

std::int64_t CqtCnnImpl::multiplyAdds(std::int64_t samples) const {
    std::int64_t total = cqt->multiplyAdds(samples);
    std::int64_t height = cqt->options.bins, width = cqt->frames(samples), in = 1;
    for (int b = 0; b < 4; ++b) {
        const std::int64_t out = filters[std::size_t(b)];
        total += height * width * 9 * (in * out + out * out);
        height /= kPools[b], width /= kPools[b], in = out;
    }
    return total + in * height * width * denseUnits + std::int64_t(denseUnits) * 11;
}

} // namespace timbrescope::models

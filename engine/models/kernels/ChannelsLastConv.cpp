#include "engine/models/kernels/ChannelsLastConv.h"

#include "engine/models/kernels/FastKernels.h"

#include <torch/torch.h>

namespace timbrescope::models::kernels {
namespace {

const torch::ExpandingArray<1>* numericPadding(const torch::nn::Conv1dImpl& conv) {
    return c10::get_if<torch::ExpandingArray<1>>(&conv.options.padding());
}

} // namespace

bool channelsLastApplies(const at::Tensor& x, const torch::nn::Conv1dImpl& conv) {
    const auto& o = conv.options;
    const bool dtype = x.scalar_type() == torch::kFloat32 || (x.scalar_type() == torch::kBFloat16 && Bf16Activations::active());
    return fastKernelsEnabled() && x.device().is_cpu() && dtype && x.dim() == 3 &&
           conv.weight.device().is_cpu() && conv.weight.scalar_type() == torch::kFloat32 && numericPadding(conv) &&
           o.groups() == 1 && (*o.stride())[0] == 1 && (*o.dilation())[0] == 1 &&
           c10::holds_alternative<torch::enumtype::kZeros>(o.padding_mode());
}

at::Tensor conv1dChannelsLast(const at::Tensor& x, torch::nn::Conv1dImpl& conv) {
    if (!channelsLastApplies(x, conv)) return conv.forward(x);
    const std::int64_t padding = (**numericPadding(conv))[0];
    // On the bf16 path every operand is bf16; oneDNN accumulates in float32. In a training step
    // the convolution of the raw waveform (one input channel) stays float32: bf16 would save
    // almost nothing there, and the signal itself is then never rounded.
    const bool bf16 = Bf16Activations::active() && !(torch::GradMode::is_enabled() && conv.options.in_channels() == 1);
    const auto dtype = bf16 ? torch::kBFloat16 : torch::kFloat32;
    const at::Tensor input = x.to(dtype).unsqueeze(2).contiguous(at::MemoryFormat::ChannelsLast);        // [B, C, 1, T]
    const at::Tensor weight = conv.weight.to(dtype).unsqueeze(2).contiguous(at::MemoryFormat::ChannelsLast);  // [O, C, 1, K]
    const at::Tensor bias = conv.options.bias() ? conv.bias.to(dtype) : at::Tensor();
    return at::conv2d(input, weight, bias, at::IntArrayRef{1, 1}, at::IntArrayRef{0, padding}).squeeze(2);
}

} // namespace timbrescope::models::kernels

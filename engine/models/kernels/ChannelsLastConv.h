#pragma once
// A Conv1d module's convolution run on channels-last memory ([batch, length, channels]), where
// oneDNN's convolutions are 2–3× faster for the paper's few-channel, long-signal layers than on
// LibTorch's default layout. Same weights (a view of the module's parameters, so gradients reach
// them), same result; the output is [batch, channels, length] viewed on channels-last memory.

#include <torch/nn/modules/conv.h>

namespace timbrescope::models::kernels {

// Whether the channels-last path applies (fast kernels on, CPU, float32 (or bf16 inside
// Bf16Activations, which makes the output bf16, as it does for float32 input in a bf16 training
// step), numeric padding);
// otherwise callers use the module as it is.
bool channelsLastApplies(const at::Tensor& x, const torch::nn::Conv1dImpl& conv);

// `x`: [batch, channels, length] in any layout. Falls back to conv.forward(x) when not applicable.
at::Tensor conv1dChannelsLast(const at::Tensor& x, torch::nn::Conv1dImpl& conv);

} // namespace timbrescope::models::kernels

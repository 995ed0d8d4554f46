#pragma once
// BatchNorm → LeakyReLU → MaxPool as one fused CPU operation with its own backward: the tail of
// every CNN cell, and (slope 1) of the residual skips. Same parameters, buffers and results as the
// stock modules; one pass over the activations instead of five, and no full-size intermediates.
// Falls back to the stock modules on CUDA, for tensors other than float32 (or bf16 under
// Bf16Activations), or when switched off.

#include <torch/nn/modules/batchnorm.h>

namespace timbrescope::models::kernels {

// `x`: [batch, channels, length] in any layout; the output is viewed on channels-last memory. `norm` is used (and its running statistics updated in training
// mode) exactly as the stock module would be.
at::Tensor cellTail(const at::Tensor& x, torch::nn::BatchNorm1dImpl& norm, double slope, std::int64_t pool);

// The stock composition, for comparison and fallback.
at::Tensor stockCellTail(const at::Tensor& x, torch::nn::BatchNorm1dImpl& norm, double slope, std::int64_t pool);

} // namespace timbrescope::models::kernels

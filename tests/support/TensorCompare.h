#pragma once
// Comparing a fast path's tensors with the stock path's: header-only, for tests that link torch.

#include <ATen/ATen.h>

#include <algorithm>

namespace timbrescope::testing {

// Largest difference relative to the largest magnitude of the reference.
inline double relativeError(const at::Tensor& actual, const at::Tensor& expected) {
    const double scale = std::max(1e-12, expected.abs().max().item<double>());
    return (actual - expected).abs().max().item<double>() / scale;
}

} // namespace timbrescope::testing

#pragma once
// `fcn` and `rfcn` (paper §3.2, Table 3): the five CNN cells, a 1×1 convolution to 11 class maps,
// and global average pooling over time. `rfcn` adds the residual skips of CnnCells.

#include "engine/models/CnnCells.h"
#include "engine/models/ModelBase.h"

namespace timbrescope::models {

struct FcnImpl : ModelBase {
    explicit FcnImpl(bool residual);
    at::Tensor forward(const at::Tensor& waveform) override;
    ForwardResult forward_with_activations(const at::Tensor& waveform) override;
    std::int64_t multiplyAdds(std::int64_t samples) const override;
    std::int64_t cpuInferenceChunk() const override { return 4; }
    bool bf16Inference() const override { return true; }

    CnnCells cells{nullptr};
    torch::nn::Conv1d classMaps{nullptr};
};
TORCH_MODULE(Fcn);

} // namespace timbrescope::models

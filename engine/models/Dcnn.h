#pragma once
// `dcnn` (paper §3.2, Table 3): the five CNN cells, flattened (32 channels × 32 steps), then two
// dense layers: 1024 units with LeakyReLU(0.3) and Dropout(0.5), then 11. The hidden size is not
// in the paper; 1024 gives 1 142 299 parameters in Keras terms, the paper's "1.14M".
// Needs exactly 22 050-sample segments (the flatten fixes the length).

#include "engine/models/CnnCells.h"
#include "engine/models/ModelBase.h"

#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>

namespace timbrescope::models {

struct DcnnImpl : ModelBase {
    static constexpr int kHidden = 1024;
    static constexpr std::int64_t kSamples = 22050;

    DcnnImpl();
    at::Tensor forward(const at::Tensor& waveform) override;
    ForwardResult forward_with_activations(const at::Tensor& waveform) override;
    std::int64_t multiplyAdds(std::int64_t samples) const override;
    std::int64_t cpuInferenceChunk() const override { return 4; }

    CnnCells cells{nullptr};
    torch::nn::Linear hidden{nullptr}, output{nullptr};
    torch::nn::Dropout dropout{nullptr};

private:
    at::Tensor head(const at::Tensor& cellOutput, at::Tensor* hiddenOut);
};
TORCH_MODULE(Dcnn);

} // namespace timbrescope::models

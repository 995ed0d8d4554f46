#pragma once
// `bigru1x128`, `bigru1x256`, `bigru2` (paper §3.1, Tables 1–2): MaxPool(3) on the raw
// waveform, bidirectional GRU layer(s), Dropout(0.5), dense to 11 from the final states.

#include "engine/models/BiGruStack.h"
#include "engine/models/ModelBase.h"

#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>

namespace timbrescope::models {

struct BiGruImpl : ModelBase {
    explicit BiGruImpl(std::vector<int> units);
    at::Tensor forward(const at::Tensor& waveform) override;
    ForwardResult forward_with_activations(const at::Tensor& waveform) override;
    std::int64_t multiplyAdds(std::int64_t samples) const override;
    bool bf16Inference() const override { return true; }  // its GRU products in bf16

    BiGruStack gru{nullptr};
    torch::nn::Dropout dropout{nullptr};
    torch::nn::Linear output{nullptr};
};
TORCH_MODULE(BiGru);

} // namespace timbrescope::models

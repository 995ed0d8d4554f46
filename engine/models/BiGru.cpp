#include "engine/models/BiGru.h"

#include <torch/torch.h>

namespace timbrescope::models {

BiGruImpl::BiGruImpl(std::vector<int> units) {
    gru = register_module("gru", BiGruStack(1, std::move(units)));
    dropout = register_module("dropout", torch::nn::Dropout(0.5));
    output = register_module("output", torch::nn::Linear(gru->outputFeatures(), 11));
}

at::Tensor BiGruImpl::forward(const at::Tensor& waveform) {
    const at::Tensor pooled = torch::max_pool1d(waveform, 3);  // [B, 1, T]
    return output(dropout(gru->forward(pooled.transpose(1, 2)).final));
}

ForwardResult BiGruImpl::forward_with_activations(const at::Tensor& waveform) {
    ForwardResult result;
    result.activations.emplace_back("input", waveform);
    const at::Tensor pooled = torch::max_pool1d(waveform, 3);
    result.activations.emplace_back("max pool", pooled);
    const BiGruOutput out = gru->forward(pooled.transpose(1, 2));
    result.activations.emplace_back("bigru", out.sequence.transpose(1, 2));  // channels × time, like the cells
    result.logits = output(dropout(out.final));
    return result;
}

std::int64_t BiGruImpl::multiplyAdds(std::int64_t samples) const {
    return gru->multiplyAdds(samples / 3) + std::int64_t(gru->outputFeatures()) * 11;
}

} // namespace timbrescope::models

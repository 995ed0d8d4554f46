#include "engine/models/Fcn.h"

#include "engine/models/kernels/ChannelsLastConv.h"

#include <torch/torch.h>

namespace timbrescope::models {

FcnImpl::FcnImpl(bool residual) {
    cells = register_module("cells", CnnCells(residual));
    classMaps = register_module("class_maps", torch::nn::Conv1d(torch::nn::Conv1dOptions(32, 11, 1)));
}

at::Tensor FcnImpl::forward(const at::Tensor& waveform) {
    // float32 logits even when the cells ran on bfloat16 activations.
    return kernels::conv1dChannelsLast(cells->forward(waveform).cells.back(), *classMaps).to(torch::kFloat32).mean(2);
}

ForwardResult FcnImpl::forward_with_activations(const at::Tensor& waveform) {
    ForwardResult result;
    result.activations.emplace_back("input", waveform);
    const CellOutputs outputs = cells->forward(waveform);
    CnnCellsImpl::record(outputs, cells->residual, result.activations);
    const at::Tensor maps = classMaps(outputs.cells.back());
    result.activations.emplace_back("class maps", maps);
    result.logits = maps.mean(2);
    return result;
}

std::int64_t FcnImpl::multiplyAdds(std::int64_t samples) const {
    return cells->multiplyAdds(samples) + CnnCellsImpl::lengthAfter(5, samples) * 32 * 11;
}

} // namespace timbrescope::models

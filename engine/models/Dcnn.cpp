#include "engine/models/Dcnn.h"

#include "engine/core/Error.h"

#include <torch/torch.h>

namespace timbrescope::models {
namespace {

void checkLength(const at::Tensor& waveform) {
    if (waveform.dim() != 3 || waveform.size(2) != DcnnImpl::kSamples)
        throw Error("dcnn", "needs input [batch, 1, 22050] (its dense layer fixes the length), got " +
                                std::to_string(waveform.dim() == 3 ? waveform.size(2) : -1) + " samples");
}

} // namespace

DcnnImpl::DcnnImpl() {
    cells = register_module("cells", CnnCells(false));
    const std::int64_t flat = 32 * CnnCellsImpl::lengthAfter(5, kSamples);
    hidden = register_module("hidden", torch::nn::Linear(flat, kHidden));
    dropout = register_module("dropout", torch::nn::Dropout(0.5));
    output = register_module("output", torch::nn::Linear(kHidden, 11));
}

at::Tensor DcnnImpl::head(const at::Tensor& cellOutput, at::Tensor* hiddenOut) {
    at::Tensor h = torch::leaky_relu(hidden(cellOutput.flatten(1)), 0.3);
    if (hiddenOut) *hiddenOut = h;
    return output(dropout(h));
}

at::Tensor DcnnImpl::forward(const at::Tensor& waveform) {
    checkLength(waveform);
    return head(cells->forward(waveform).cells.back(), nullptr);
}

ForwardResult DcnnImpl::forward_with_activations(const at::Tensor& waveform) {
    checkLength(waveform);
    ForwardResult result;
    result.activations.emplace_back("input", waveform);
    const CellOutputs outputs = cells->forward(waveform);
    CnnCellsImpl::record(outputs, false, result.activations);
    at::Tensor h;
    result.logits = head(outputs.cells.back(), &h);
    result.activations.emplace_back("dense", h.unsqueeze(2));
    return result;
}

std::int64_t DcnnImpl::multiplyAdds(std::int64_t samples) const {
    return cells->multiplyAdds(samples) + 32 * CnnCellsImpl::lengthAfter(5, samples) * kHidden + kHidden * 11;
}

} // namespace timbrescope::models

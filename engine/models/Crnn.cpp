#include "engine/models/Crnn.h"

#include "engine/models/kernels/ChannelsLastConv.h"

#include <torch/torch.h>

namespace timbrescope::models {

CrnnImpl::CrnnImpl(int branchCell, std::vector<int> units) : branchCell(branchCell) {
    cells = register_module("cells", CnnCells(true));
    cnnMaps = register_module("cnn_maps", torch::nn::Conv1d(torch::nn::Conv1dOptions(32, 11, 1)));
    gru = register_module("gru", BiGruStack(CnnCellsImpl::kFilters[branchCell - 1], std::move(units)));
    gruMaps = register_module("gru_maps", torch::nn::Conv1d(torch::nn::Conv1dOptions(gru->outputFeatures(), 11, 1)));
}

ForwardResult CrnnImpl::run(const at::Tensor& waveform, bool record) {
    ForwardResult result;
    if (record) result.activations.emplace_back("input", waveform);
    const CellOutputs outputs = cells->forward(waveform);
    if (record) CnnCellsImpl::record(outputs, true, result.activations);
    // In bf16 inference the cells' outputs are bf16: the class maps take them through the
    // channels-last convolution, and the GRU branch takes them widened (its products are bf16).
    const at::Tensor cnn = kernels::conv1dChannelsLast(outputs.cells.back(), *cnnMaps).to(torch::kFloat32);
    const at::Tensor branch = outputs.cells[std::size_t(branchCell - 1)].to(torch::kFloat32);
    const at::Tensor sequence = gru->forward(branch.transpose(1, 2)).sequence;
    const at::Tensor rnn = gruMaps(sequence.transpose(1, 2));
    if (record) {
        result.activations.emplace_back("class maps (cnn)", cnn);
        result.activations.emplace_back("bigru (from cell" + std::to_string(branchCell) + ")", sequence.transpose(1, 2));
        result.activations.emplace_back("class maps (bigru)", rnn);
    }
    result.logits = 0.5 * (cnn.mean(2) + rnn.mean(2));
    return result;
}

at::Tensor CrnnImpl::forward(const at::Tensor& waveform) { return run(waveform, false).logits; }

ForwardResult CrnnImpl::forward_with_activations(const at::Tensor& waveform) { return run(waveform, true); }

std::int64_t CrnnImpl::multiplyAdds(std::int64_t samples) const {
    const std::int64_t steps = CnnCellsImpl::lengthAfter(branchCell, samples);
    return cells->multiplyAdds(samples) + CnnCellsImpl::lengthAfter(5, samples) * 32 * 11 + gru->multiplyAdds(steps) +
           steps * gru->outputFeatures() * 11;
}

} // namespace timbrescope::models

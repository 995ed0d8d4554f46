#include "engine/models/CnnCells.h"

#include "engine/models/kernels/CellTail.h"
#include "engine/models/kernels/ChannelsLastConv.h"

#include <torch/torch.h>

namespace timbrescope::models {
namespace {

torch::nn::Sequential skip(int in, int out, int pool) {
    return torch::nn::Sequential(torch::nn::Conv1d(torch::nn::Conv1dOptions(in, out, 1)), torch::nn::BatchNorm1d(out),
                                 torch::nn::MaxPool1d(torch::nn::MaxPool1dOptions(pool)));
}

// conv 1×1 → BatchNorm → max-pool; the tail fused (a LeakyReLU of slope 1 is the identity).
at::Tensor runSkip(torch::nn::Sequential& skip, const at::Tensor& x) {
    const at::Tensor y = kernels::conv1dChannelsLast(x, *skip[0]->as<torch::nn::Conv1dImpl>());
    return kernels::cellTail(y, *skip[1]->as<torch::nn::BatchNorm1dImpl>(), 1.0, skip[2]->as<torch::nn::MaxPool1dImpl>()->options.kernel_size()->front());
}

} // namespace

CnnCellsImpl::CnnCellsImpl(bool residual) : residual(residual) {
    int in = 1;
    for (int c = 0; c < kCells; ++c) {
        cells.push_back(register_module("cell" + std::to_string(c + 1), CnnCell(in, kFilters[c], kSizes[c], kSizes[c])));
        in = kFilters[c];
    }
    if (residual) {
        skip13 = register_module("skip13", skip(kFilters[0], kFilters[1], kSizes[1]));
        skip24 = register_module("skip24", skip(kFilters[1], kFilters[2], kSizes[2]));
    }
}

CellOutputs CnnCellsImpl::forward(const at::Tensor& waveform) {
    CellOutputs out;
    at::Tensor x = waveform;
    for (int c = 0; c < kCells; ++c) {
        if (c == 2) {
            out.cell3Input = residual ? x + runSkip(skip13, out.cells[0]) : x;
            x = out.cell3Input;
        } else if (c == 3) {
            out.cell4Input = residual ? x + runSkip(skip24, out.cells[1]) : x;
            x = out.cell4Input;
        }
        x = cells[std::size_t(c)]->forward(x);
        out.cells.push_back(x);
    }
    return out;
}

void CnnCellsImpl::record(const CellOutputs& outputs, bool residual, Activations& activations) {
    for (int c = 0; c < kCells; ++c) {
        if (residual && c == 2) activations.emplace_back("skip1+cell2", outputs.cell3Input);
        if (residual && c == 3) activations.emplace_back("skip2+cell3", outputs.cell4Input);
        activations.emplace_back("cell" + std::to_string(c + 1), outputs.cells[std::size_t(c)]);
    }
}

std::int64_t CnnCellsImpl::lengthAfter(int cell, std::int64_t samples) {
    for (int c = 0; c < cell; ++c) samples /= kSizes[c];
    return samples;
}

std::int64_t CnnCellsImpl::multiplyAdds(std::int64_t samples) const {
    std::int64_t total = 0, length = samples;
    for (const CnnCell& cell : cells) {
        total += cell->multiplyAdds(length);
        length = cell->outputLength(length);
    }
    if (residual)  // the 1×1 skip convolutions, before their pooling
        total += lengthAfter(1, samples) * kFilters[0] * kFilters[1] + lengthAfter(2, samples) * kFilters[1] * kFilters[2];
    return total;
}

} // namespace timbrescope::models

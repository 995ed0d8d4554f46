#pragma once
// The five CNN cells every raw-waveform CNN of the paper shares (16, 32, 64, 64, 32 filters;
// kernel and pool 3 for cells 1–3, 5 for cells 4–5), optionally with the RFCN's residual skips.
//
// Skips (RFCN, Fig. 2): cell1's output is added to cell3's input, cell2's output to cell4's.
// The shapes differ, so each skip is a 1×1 convolution (channels: 16→32, 32→64) with
// BatchNorm, then max pooling by the skipped cell's pool size (lengths: 7350→2450, 2450→816).
// This adds 2 848 trainable parameters: 84.8K in Keras terms, the paper's "85K".

#include "engine/models/CnnCell.h"
#include "engine/models/ModelBase.h"

#include <torch/nn/modules/container/sequential.h>

#include <vector>

namespace timbrescope::models {

struct CellOutputs {
    std::vector<at::Tensor> cells;  // the 5 cell outputs
    at::Tensor cell3Input;          // cell2 output (+ skip from cell1 when residual)
    at::Tensor cell4Input;          // cell3 output (+ skip from cell2 when residual)
};

struct CnnCellsImpl : torch::nn::Module {
    static constexpr int kCells = 5;
    static constexpr int kFilters[kCells] = {16, 32, 64, 64, 32};
    static constexpr int kSizes[kCells] = {3, 3, 3, 5, 5};  // kernel = pool

    explicit CnnCellsImpl(bool residual);
    CellOutputs forward(const at::Tensor& waveform);
    // Adds the cell outputs (and skip sums) to `activations` under their names.
    static void record(const CellOutputs& outputs, bool residual, Activations& activations);

    std::int64_t multiplyAdds(std::int64_t samples) const;
    // Time steps after cell `cell` (1-based) for an input of `samples`.
    static std::int64_t lengthAfter(int cell, std::int64_t samples);

    bool residual;
    std::vector<CnnCell> cells;
    torch::nn::Sequential skip13{nullptr}, skip24{nullptr};
};
TORCH_MODULE(CnnCells);

} // namespace timbrescope::models

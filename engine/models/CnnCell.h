#pragma once
// The paper's CNN cell (Fig. 3): Conv1d(k, same) → Conv1d(k, same) → BatchNorm → LeakyReLU(0.3)
// → MaxPool(p).

#include <torch/nn/module.h>
#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/pimpl.h>

namespace timbrescope::models {

struct CnnCellImpl : torch::nn::Module {
    CnnCellImpl(int in, int out, int kernel, int pool);
    at::Tensor forward(const at::Tensor& x);
    std::int64_t multiplyAdds(std::int64_t length) const;  // at input length `length`
    std::int64_t outputLength(std::int64_t length) const { return length / pool; }

    int in, out, kernel, pool;
    torch::nn::Conv1d conv1{nullptr}, conv2{nullptr};
    torch::nn::BatchNorm1d norm{nullptr};
};
TORCH_MODULE(CnnCell);

} // namespace timbrescope::models

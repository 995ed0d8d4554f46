#include "engine/models/CnnCell.h"

#include "engine/models/kernels/CellTail.h"
#include "engine/models/kernels/ChannelsLastConv.h"

#include <torch/torch.h>

namespace timbrescope::models {

CnnCellImpl::CnnCellImpl(int in, int out, int kernel, int pool) : in(in), out(out), kernel(kernel), pool(pool) {
    conv1 = register_module("conv1", torch::nn::Conv1d(torch::nn::Conv1dOptions(in, out, kernel).padding(kernel / 2)));
    conv2 = register_module("conv2", torch::nn::Conv1d(torch::nn::Conv1dOptions(out, out, kernel).padding(kernel / 2)));
    norm = register_module("norm", torch::nn::BatchNorm1d(out));
}

at::Tensor CnnCellImpl::forward(const at::Tensor& x) {
    // Channels-last convolutions and the fused tail when they apply; the stock modules otherwise.
    return kernels::cellTail(kernels::conv1dChannelsLast(kernels::conv1dChannelsLast(x, *conv1), *conv2), *norm, 0.3, pool);
}

std::int64_t CnnCellImpl::multiplyAdds(std::int64_t length) const {
    return length * kernel * (std::int64_t(in) * out + std::int64_t(out) * out);
}

} // namespace timbrescope::models

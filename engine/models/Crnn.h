#pragma once
// `crnn2` … `crnn5` (paper §3.3, Table 4): the RFCN plus a BiGRU branch fed with the output of
// cell k (time-major). The branch's sequence is reduced to 11 class maps by a 1×1 convolution
// and averaged over time; the logits are the mean of the RFCN's and the branch's 11-vectors.
// `crnn3` is the paper's proposed model.
//
// Option "gru" sets the branch's units per layer (default "128,64", the best BiGRU of Table 2 as
// §3.3 says). Note: the paper's counts (1.03–1.08M) are matched by "256,128" instead: 1.03M for
// crnn2/crnn5 and 1.08M for crnn3/crnn4; "128,64" gives 0.33–0.36M.

#include "engine/models/BiGruStack.h"
#include "engine/models/CnnCells.h"
#include "engine/models/ModelBase.h"

namespace timbrescope::models {

struct CrnnImpl : ModelBase {
    CrnnImpl(int branchCell, std::vector<int> units);
    at::Tensor forward(const at::Tensor& waveform) override;
    ForwardResult forward_with_activations(const at::Tensor& waveform) override;
    std::int64_t multiplyAdds(std::int64_t samples) const override;
    bool bf16Inference() const override { return true; }

    int branchCell;  // 2..5
    CnnCells cells{nullptr};
    torch::nn::Conv1d cnnMaps{nullptr}, gruMaps{nullptr};
    BiGruStack gru{nullptr};

private:
    ForwardResult run(const at::Tensor& waveform, bool record);
};
TORCH_MODULE(Crnn);

} // namespace timbrescope::models

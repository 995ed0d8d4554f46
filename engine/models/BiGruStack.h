#pragma once
// Stacked bidirectional GRU layers of possibly different widths (e.g. 128 then 64 units per
// direction), over a time-major sequence [B, T, features].

#include <torch/nn/module.h>
#include <torch/nn/modules/rnn.h>

#include <vector>

namespace timbrescope::models {

struct BiGruOutput {
    at::Tensor sequence;  // [B, T, 2 × last units]: both directions at every step
    at::Tensor final;     // [B, 2 × last units]: forward's last state ‖ backward's last state
};

struct BiGruStackImpl : torch::nn::Module {
    BiGruStackImpl(int inputFeatures, std::vector<int> units);
    BiGruOutput forward(const at::Tensor& sequence);
    std::int64_t multiplyAdds(std::int64_t steps) const;
    int outputFeatures() const { return 2 * units.back(); }

    int inputFeatures;
    std::vector<int> units;
    std::vector<torch::nn::GRU> layers;
};
TORCH_MODULE(BiGruStack);

// "256,128" → {256, 128}; throws Error("gru", ...) on anything else.
std::vector<int> parseUnits(const std::string& text);

} // namespace timbrescope::models

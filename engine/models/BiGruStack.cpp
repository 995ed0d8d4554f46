#include "engine/models/BiGruStack.h"

#include "engine/core/Error.h"
#include "engine/models/kernels/FusedGru.h"

#include <torch/torch.h>

#include <sstream>

namespace timbrescope::models {

BiGruStackImpl::BiGruStackImpl(int inputFeatures, std::vector<int> units) : inputFeatures(inputFeatures), units(std::move(units)) {
    int in = inputFeatures;
    for (std::size_t l = 0; l < this->units.size(); ++l) {
        layers.push_back(register_module(
            "gru" + std::to_string(l + 1),
            torch::nn::GRU(torch::nn::GRUOptions(in, this->units[l]).batch_first(true).bidirectional(true))));
        in = 2 * this->units[l];
    }
}

BiGruOutput BiGruStackImpl::forward(const at::Tensor& sequence) {
    // Time-major inside: each step's rows are contiguous, for the fused layers.
    kernels::BiGruLayerOutput out{sequence.transpose(0, 1), {}};
    for (auto& layer : layers) out = kernels::biGruLayer(out.sequence, *layer);
    return {out.sequence.transpose(0, 1), out.final};
}

std::int64_t BiGruStackImpl::multiplyAdds(std::int64_t steps) const {
    std::int64_t total = 0;
    int in = inputFeatures;
    for (int u : units) {
        total += 2 * steps * 3 * std::int64_t(u) * (in + u);  // both directions, three gates
        in = 2 * u;
    }
    return total;
}

std::vector<int> parseUnits(const std::string& text) {
    std::vector<int> units;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        try {
            std::size_t used = 0;
            const int u = std::stoi(item, &used);
            if (used != item.size() || u < 1 || u > 4096) throw std::invalid_argument(item);
            units.push_back(u);
        } catch (const std::exception&) {
            throw Error("gru", "'" + text + "': expected units per layer like 128,64");
        }
    }
    if (units.empty()) throw Error("gru", "'" + text + "': expected units per layer like 128,64");
    return units;
}

} // namespace timbrescope::models

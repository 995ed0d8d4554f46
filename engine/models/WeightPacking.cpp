#include "engine/models/WeightPacking.h"

#include "engine/core/Error.h"

#include <torch/torch.h>

#include <map>
#include <sstream>
#include <utility>
#include <vector>

namespace timbrescope::models {
namespace {

// Parameters and buffers in a fixed order, by their dotted names. Archive keys are "t<i>" (as
// stored), or "q<i>" + "s<i>" (int8 rows and their scales): dotted names are not valid keys.
std::vector<std::pair<std::string, at::Tensor>> namedState(const ModelBase& model) {
    std::vector<std::pair<std::string, at::Tensor>> state;
    for (const auto& p : model.named_parameters()) state.emplace_back(p.key(), p.value());
    for (const auto& b : model.named_buffers()) state.emplace_back(b.key(), b.value());
    return state;
}

bool quantised(const at::Tensor& t) { return t.is_floating_point() && t.dim() >= 2 && t.numel() >= 256; }

} // namespace

WeightStorage parseWeightStorage(const std::string& text) {
    if (text == "float32") return WeightStorage::Float32;
    if (text == "int8") return WeightStorage::Int8;
    throw Error("--weights", "'" + text + "': float32 or int8");
}

void writePackedWeights(torch::serialize::OutputArchive& archive, const ModelBase& model, WeightStorage storage) {
    torch::NoGradGuard noGrad;
    std::string names;
    int index = 0;
    for (const auto& [name, tensor] : namedState(model)) {
        if (model.derivedState(name)) continue;
        const std::string key = std::to_string(index++);
        names += name + "\n";
        const at::Tensor t = tensor.detach().to(torch::kCPU);
        if (storage == WeightStorage::Int8 && quantised(t)) {
            const at::Tensor rows = t.to(torch::kFloat32).reshape({t.size(0), -1});
            const at::Tensor scale = rows.abs().amax(1).clamp_min(1e-30) / 127.0;
            archive.write("q" + key, (rows / scale.unsqueeze(1)).round().clamp(-127, 127).to(torch::kInt8), true);
            archive.write("s" + key, scale, true);
        } else {
            archive.write("t" + key, t.clone(), true);
        }
    }
    archive.write("timbrescope.state", c10::IValue(names));
}

void readPackedWeights(torch::serialize::InputArchive& archive, ModelBase& model, const std::string& path) {
    c10::IValue namesValue;
    if (!archive.try_read("timbrescope.state", namesValue) || !namesValue.isString())
        throw Error(path, "packed model file without its list of tensors (damaged?)");
    std::map<std::string, std::string> keyOf;
    std::istringstream lines(namesValue.toStringRef());
    std::string line;
    for (int index = 0; std::getline(lines, line); ++index) keyOf[line] = std::to_string(index);

    torch::NoGradGuard noGrad;
    for (auto& [name, target] : namedState(model)) {
        if (model.derivedState(name)) continue;
        const auto key = keyOf.find(name);
        if (key == keyOf.end()) throw Error(path, "weights do not fit architecture '" + model.architecture() + "': no " + name);
        at::Tensor value;
        if (at::Tensor q, scale; archive.try_read("q" + key->second, q, true) && archive.try_read("s" + key->second, scale, true)) {
            value = q.to(torch::kFloat32) * scale.unsqueeze(1);
        } else if (!archive.try_read("t" + key->second, value, true)) {
            throw Error(path, "packed model file misses the tensor of " + name + " (damaged?)");
        }
        if (value.numel() != target.numel())
            throw Error(path, "weights do not fit architecture '" + model.architecture() + "': " + name + " has " +
                                  std::to_string(value.numel()) + " values, the model " + std::to_string(target.numel()));
        target.copy_(value.reshape(target.sizes()).to(target.dtype()));
    }
}

} // namespace timbrescope::models

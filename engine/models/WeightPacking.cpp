#include "engine/models/WeightPacking.h"

#include "engine/core/Error.h"

#include <torch/torch.h>

#include <map>
#include <optional>
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

namespace {

std::string dtypeOf(at::ScalarType type) {
    switch (type) {
    case at::kFloat: return "F32";
    case at::kDouble: return "F64";
    case at::kLong: return "I64";
    case at::kInt: return "I32";
    case at::kChar: return "I8";
    case at::kByte: return "U8";
    case at::kBool: return "BOOL";
    default: throw Error("model", std::string("cannot store a tensor of type ") + c10::toString(type));
    }
}

std::optional<at::ScalarType> scalarTypeOf(const std::string& dtype) {
    static const std::map<std::string, at::ScalarType> types = {{"F32", at::kFloat}, {"F64", at::kDouble}, {"I64", at::kLong}, {"I32", at::kInt},
                                                                {"I8", at::kChar},   {"U8", at::kByte},    {"BOOL", at::kBool}};
    const auto found = types.find(dtype);
    if (found == types.end()) return std::nullopt;
    return found->second;
}

const std::string kScaleSuffix = ".int8_scale";

} // namespace

TensorToWrite tensorToWrite(const std::string& name, const at::Tensor& tensor) {
    const at::Tensor t = tensor.detach().to(torch::kCPU).contiguous();
    TensorToWrite w{name, dtypeOf(t.scalar_type()), std::vector<std::int64_t>(t.sizes().begin(), t.sizes().end()), {}};
    const auto* begin = static_cast<const std::uint8_t*>(t.data_ptr());
    w.data.assign(begin, begin + t.numel() * t.element_size());
    return w;
}

std::vector<TensorToWrite> weightTensors(const ModelBase& model, WeightStorage storage) {
    torch::NoGradGuard noGrad;
    std::vector<TensorToWrite> tensors;
    for (const auto& [name, tensor] : namedState(model)) {
        if (model.derivedState(name)) continue;
        const at::Tensor t = tensor.detach().to(torch::kCPU);
        if (storage == WeightStorage::Int8 && quantised(t)) {
            const at::Tensor rows = t.to(torch::kFloat32).reshape({t.size(0), -1});
            const at::Tensor scale = rows.abs().amax(1).clamp_min(1e-30) / 127.0;
            tensors.push_back(tensorToWrite(name, (rows / scale.unsqueeze(1)).round().clamp(-127, 127).to(torch::kInt8).reshape(t.sizes())));
            tensors.push_back(tensorToWrite(name + kScaleSuffix, scale));
        } else {
            tensors.push_back(tensorToWrite(name, t));
        }
    }
    return tensors;
}

void readWeightTensors(const SafeTensorsFile& file, ModelBase& model, const std::string& path) {
    torch::NoGradGuard noGrad;
    const auto tensorOf = [&](const SafeTensor& stored, const std::string& name) {
        const std::optional<at::ScalarType> type = scalarTypeOf(stored.dtype);
        if (!type) throw Error(path, "tensor " + name + " has dtype " + stored.dtype + ", which no model weight takes");
        // The reader checked the byte range against the shape: from_blob reads inside the file.
        return torch::from_blob(const_cast<std::uint8_t*>(file.data(stored)), stored.shape, torch::TensorOptions().dtype(*type)).clone();
    };
    for (auto& [name, target] : namedState(model)) {
        if (model.derivedState(name)) continue;
        const auto found = file.tensors.find(name);
        if (found == file.tensors.end()) throw Error(path, "weights do not fit architecture '" + model.architecture() + "': no " + name);
        at::Tensor value = tensorOf(found->second, name);
        if (const auto scale = file.tensors.find(name + kScaleSuffix); scale != file.tensors.end()) {
            const at::Tensor s = tensorOf(scale->second, scale->first);
            if (value.scalar_type() != at::kChar || value.dim() < 1 || s.dim() != 1 || s.size(0) != value.size(0) || !s.is_floating_point())
                throw Error(path, "tensor " + name + " and its int8 scale do not fit together (damaged?)");
            value = value.to(torch::kFloat32).reshape({value.size(0), -1}) * s.to(torch::kFloat32).unsqueeze(1);
        }
        if (value.numel() != target.numel())
            throw Error(path, "weights do not fit architecture '" + model.architecture() + "': " + name + " has " +
                                  std::to_string(value.numel()) + " values, the model " + std::to_string(target.numel()));
        if (target.is_floating_point() != value.is_floating_point() && target.scalar_type() != at::kLong)
            throw Error(path, "tensor " + name + " has dtype " + found->second.dtype + " where the model keeps " + c10::toString(target.scalar_type()));
        target.copy_(value.reshape(target.sizes()).to(target.dtype()));
    }
}

} // namespace timbrescope::models

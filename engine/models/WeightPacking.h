#pragma once
// A model's weights on disk: every parameter and buffer by name, derived state
// (ModelBase::derivedState) left out, and, with Int8, each weight matrix or kernel stored as int8
// with one float scale per output row (symmetric, max |w| / 127) — a quarter of the size, for the
// models bundled with the workbench. Loading dequantises to float32. Written as safetensors
// tensors (model file format 3); format 2's LibTorch archives are still read.

#include "engine/models/ModelBase.h"
#include "engine/models/SafeTensors.h"

#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>

#include <string>

namespace timbrescope::models {

enum class WeightStorage { Float32, Int8 };

// Parses "float32" or "int8"; throws Error("--weights", ...) otherwise.
WeightStorage parseWeightStorage(const std::string& text);

// Fills `model`'s parameters and buffers from a packed archive (format 2, read, no longer written); throws Error naming `path` and the
// tensor when one is missing or has another size.
void readPackedWeights(torch::serialize::InputArchive& archive, ModelBase& model, const std::string& path);

// One tensor (copied to the CPU, contiguous) as a safetensors entry; throws Error for a dtype
// safetensors files here do not hold.
TensorToWrite tensorToWrite(const std::string& name, const at::Tensor& tensor);

// The same state as safetensors tensors (model file format 3), by their dotted names; with Int8
// a quantised weight is an I8 tensor of its name plus "<name>.int8_scale" (F32, one per row).
std::vector<TensorToWrite> weightTensors(const ModelBase& model, WeightStorage storage);
// Fills `model` from them; throws Error naming `path` and the tensor when one is missing, has
// another size, or a dtype a parameter cannot take.
void readWeightTensors(const SafeTensorsFile& file, ModelBase& model, const std::string& path);

} // namespace timbrescope::models

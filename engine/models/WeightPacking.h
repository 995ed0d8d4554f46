#pragma once
// Packed model weights (model file format 2): every parameter and buffer by name, derived state
// (ModelBase::derivedState) left out, and, with Int8, each weight matrix or kernel stored as int8
// with one float scale per output row (symmetric, max |w| / 127) — a quarter of the size, for the
// models bundled with the workbench. Loading dequantises to float32.

#include "engine/models/ModelBase.h"

#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>

#include <string>

namespace timbrescope::models {

enum class WeightStorage { Float32, Int8 };

// Parses "float32" or "int8"; throws Error("--weights", ...) otherwise.
WeightStorage parseWeightStorage(const std::string& text);

void writePackedWeights(torch::serialize::OutputArchive& archive, const ModelBase& model, WeightStorage storage);

// Fills `model`'s parameters and buffers from a packed archive; throws Error naming `path` and the
// tensor when one is missing or has another size.
void readPackedWeights(torch::serialize::InputArchive& archive, ModelBase& model, const std::string& path);

} // namespace timbrescope::models

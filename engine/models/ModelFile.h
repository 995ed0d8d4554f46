#pragma once
// A model on disk: its architecture name, options and weights in one safetensors file (format 3:
// architecture and options in its metadata, read by our own bounds-checked parser, never an
// unpickler; opens in PyTorch's safetensors too), written atomically so a crash never leaves a
// half-written file in its place. Older LibTorch-archive model files (formats 1 and 2) still load.

#include "engine/models/ModelBase.h"
#include "engine/models/WeightPacking.h"

#include <memory>
#include <string>

namespace timbrescope::models {

// Throws Error naming the file when it cannot be written (the previous file, if any, survives).
void saveModel(const ModelBase& model, const std::string& path);

// The same model in the packed format (WeightPacking.h): smaller, for bundling; Int8 weights
// predict within a few thousandths of the float32 ones.
void savePackedModel(const ModelBase& model, const std::string& path, WeightStorage storage);

// Rebuilds the model through the registry and loads its weights (on the CPU; move it after).
// Throws Error naming the file when it is not a Timbrescope model, is damaged, names an unknown
// architecture or another than `expectedArchitecture` (when given: a run's fold files must be
// the run's architecture), or holds weights that do not fit that architecture.
std::shared_ptr<ModelBase> loadModel(const std::string& path, const std::string& expectedArchitecture = {});

// What to tell a person about a model file that loads but is in an older format (a LibTorch
// archive) and how to convert it; empty for a current (safetensors) or unreadable file.
std::string olderFormatNote(const std::string& path);

} // namespace timbrescope::models

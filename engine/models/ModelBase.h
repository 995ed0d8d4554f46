#pragma once
// What every model of the workbench is: a LibTorch module that maps a batch of 1-s waveform
// segments [B, 1, samples] to 11 instrument logits, and can also hand back every named
// intermediate output (C++ modules have no forward hooks), for the activation view.

#include "engine/models/ModelOptions.h"

#include <torch/nn/module.h>

#include <string>
#include <utility>
#include <vector>

namespace timbrescope::models {

// Named intermediate outputs in network order, e.g. {"cell1", [B, 16, 7350]}.
using Activations = std::vector<std::pair<std::string, at::Tensor>>;

struct ForwardResult {
    at::Tensor logits;  // [B, 11]
    Activations activations;
};

class ModelBase : public torch::nn::Module {
public:
    virtual at::Tensor forward(const at::Tensor& waveform) = 0;
    virtual ForwardResult forward_with_activations(const at::Tensor& waveform) = 0;
    // Multiply-adds of one forward pass over one segment of `samples` samples.
    virtual std::int64_t multiplyAdds(std::int64_t samples) const = 0;
    // Segments per pass for CPU inference (Inference.h): small for convolutional models, whose
    // layer outputs then stay in cache; 0 (the whole batch) for recurrent ones, which step
    // through time and are faster the more segments share each step.
    virtual std::int64_t cpuInferenceChunk() const { return 0; }
    // Whether every layer of forward() accepts bfloat16 activations (the optional bf16 CPU
    // inference path, kernels/FastKernels.h).
    virtual bool bf16Inference() const { return false; }
    // Whether the parameter or buffer `name` (as named_parameters()/named_buffers() name it) is
    // rebuilt by the constructor from the options alone (e.g. the CQT's filter bank): packed
    // model files leave it out.
    virtual bool derivedState(const std::string& /*name*/) const { return false; }

    // The registry name and options it was built from (what a checkpoint stores).
    const std::string& architecture() const { return architecture_; }
    const ModelOptions& options() const { return options_; }
    void setIdentity(std::string architecture, ModelOptions options) {
        architecture_ = std::move(architecture);
        options_ = std::move(options);
    }

private:
    std::string architecture_;
    ModelOptions options_;
};

} // namespace timbrescope::models

#pragma once
// Inference of a model on a batch of segments, the engine's one way to run a trained model.
// On the CPU, convolutional models take the batch a few segments at a time (their
// cpuInferenceChunk): each layer's output then stays in cache for the next layer instead of making
// a round trip through memory, 20–50 % faster than one pass over a batch of 64. In eval mode
// every segment is independent of the others, so the result is the same.

#include "engine/models/ModelBase.h"

namespace timbrescope::models {

// Logits [batch, classes] of `input` [batch, 1, samples], without gradients. The model should be
// in eval mode (batch statistics would otherwise differ by chunk).
at::Tensor inferLogits(ModelBase& model, const at::Tensor& input);

} // namespace timbrescope::models

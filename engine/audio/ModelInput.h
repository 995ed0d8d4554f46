#pragma once
// The paper's model input: a batch of RMS-normalised 1-s segments as a [count, 1, length] tensor.

#include "engine/audio/Segmenter.h"

#include <ATen/core/Tensor.h>

namespace timbrescope::audio {

// A float32 CPU tensor [segments.count(), 1, segments.length] owning a copy of the samples.
at::Tensor toModelInput(const Segments& segments);

} // namespace timbrescope::audio

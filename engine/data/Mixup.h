#pragma once
// Mixup (Zhang et al. 2018; used with mixing by Zhong et al. 2023 on IRMAS): a share of a
// batch's examples are blended with another example of the same batch, x = λ·a + (1 − λ)·b,
// and so are their targets, λ ~ Beta(α, α) folded so that the example's own part dominates
// (λ ≥ 0.5). Unlike mixing (Mixing.h), whose union labels say "both instruments play", the
// soft targets say how much of each the model hears: a smoother decision boundary between
// classes rather than more polyphony.

#include "engine/data/AugmentationOptions.h"

#include <cstddef>
#include <random>

namespace timbrescope::data {

// Blends rows of `inputs` [rows × length] and `targets` [rows × classes] in place, each row
// with probability options.share, partners drawn from the batch as it was before blending;
// blended rows are RMS-normalised again. Deterministic in `rng`; draws nothing when off.
void mixupBatch(float* inputs, float* targets, std::size_t rows, std::size_t length, std::size_t classes,
                const MixupOptions& options, std::mt19937_64& rng);

} // namespace timbrescope::data
